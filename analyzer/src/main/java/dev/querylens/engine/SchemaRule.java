package dev.querylens.engine;

import java.util.List;
import java.util.Optional;

/** Reads the catalog alone. */
public interface SchemaRule extends Rule {
    List<Finding> check(RuleContext context);

    /**
     * One line for the report when the rule chose not to look although it would have found
     * something (a rule that is off by default for this kind of project): how to switch it on.
     * A silent rule otherwise looks like a clean bill of health.
     */
    default Optional<String> note(RuleContext context) {
        return Optional.empty();
    }
}
