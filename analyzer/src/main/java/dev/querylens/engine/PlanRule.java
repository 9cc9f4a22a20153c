package dev.querylens.engine;

import dev.querylens.plan.PlanNode;
import dev.querylens.collect.SourceLocation;
import java.util.List;

/** Reads one EXPLAIN plan tree. {@code sql} is the normalized statement when known, else null. */
public interface PlanRule extends Rule {
    List<Finding> check(PlanNode root, String sql, SourceLocation location, RuleContext context);
}
