package dev.querylens.engine;

import dev.querylens.migration.MigrationStep;
import dev.querylens.migration.WorkloadUse;
import java.util.List;

/**
 * Reads the migration history one step at a time, in the order the migrator applies it: each step
 * knows what existed before it (see {@link MigrationStep}), and {@code workload} says which of the
 * analyzed statements still use a table or column the step changes. A finding is at the step's file
 * and line; an inline {@code -- querylens:ignore <rule>} on the statement suppresses it.
 */
public interface MigrationRule extends Rule {
    List<Finding> check(MigrationStep step, WorkloadUse workload, RuleContext context);
}
