package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.MigrationRule;
import dev.querylens.engine.RuleContext;
import dev.querylens.migration.MigrationStep;
import dev.querylens.migration.WorkloadUse;
import dev.querylens.workload.StatementGroup;
import java.util.List;

/**
 * DROP or RENAME of a table or column that existed before the migration, where the analyzed
 * workload shows no statement using it (when it does, drop-or-rename-in-use reports it as an
 * error, with those statements). Application instances still running the previous release during
 * the deploy, and anything the workload did not capture, break on the old name.
 */
public final class DropOrRenameRule implements MigrationRule {
    @Override
    public String id() {
        return "drop-or-rename";
    }

    @Override
    public List<Finding> check(MigrationStep step, WorkloadUse workload, RuleContext context) {
        Destructive d = Destructive.of(step);
        if (d == null || !users(d, workload).isEmpty()) {
            return List.of();
        }
        String message = d.what() + ": application code that still uses the old " + d.noun() + " (the release running while this"
                + " migration deploys, jobs, reports) fails; the analyzed workload shows no statement using it";
        return List.of(MigrationFindings.of(context, step, message, d.recipe()));
    }

    static List<StatementGroup> users(Destructive d, WorkloadUse workload) {
        return d.column() == null ? workload.usingTable(d.table()) : workload.usingColumn(d.table(), d.column());
    }
}
