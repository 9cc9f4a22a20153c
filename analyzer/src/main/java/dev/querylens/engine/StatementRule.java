package dev.querylens.engine;

import dev.querylens.sql.StatementFacts;
import dev.querylens.workload.StatementGroup;
import java.util.List;

/** Reads one statement shape: its parsed facts, its execution statistics and the catalog. */
public interface StatementRule extends Rule {
    List<Finding> check(StatementGroup group, StatementFacts facts, RuleContext context);
}
