package dev.querylens.engine;

import java.util.List;

/** Reads the catalog alone. */
public interface SchemaRule extends Rule {
    List<Finding> check(RuleContext context);
}
