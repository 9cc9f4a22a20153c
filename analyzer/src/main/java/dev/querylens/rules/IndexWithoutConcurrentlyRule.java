package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.MigrationRule;
import dev.querylens.engine.RuleContext;
import dev.querylens.migration.MigrationStep;
import dev.querylens.migration.Operation.Kind;
import dev.querylens.migration.WorkloadUse;
import java.util.List;

/**
 * CREATE INDEX or DROP INDEX without CONCURRENTLY on a table that existed before the migration:
 * the build holds SHARE (writes wait for the whole build), the drop ACCESS EXCLUSIVE. On a table
 * created in the same file nobody else can be waiting, so it stays silent there.
 */
public final class IndexWithoutConcurrentlyRule implements MigrationRule {
    @Override
    public String id() {
        return "index-without-concurrently";
    }

    @Override
    public List<Finding> check(MigrationStep step, WorkloadUse workload, RuleContext context) {
        Kind kind = step.op().kind();
        if ((kind != Kind.CREATE_INDEX && kind != Kind.DROP_INDEX) || step.op().concurrently() || !step.existingTable()) {
            return List.of();
        }
        // a DROP INDEX before the same file drops its table, or in a file whose transaction locks the table ACCESS EXCLUSIVE
        // anyway (DROP COLUMN, DROP CONSTRAINT, ...): CONCURRENTLY would spare nothing
        if (kind == Kind.DROP_INDEX && step.lockedExclusivelyInFile()) {
            return List.of();
        }
        boolean create = kind == Kind.CREATE_INDEX;
        String what = create ? "CREATE INDEX on " + step.op().table() : "DROP INDEX " + step.op().column();
        String message = what + " without CONCURRENTLY on a table that existed before this migration: "
                + (create ? "it holds a SHARE lock for the whole build, so every INSERT, UPDATE and DELETE on the table waits for it"
                        : "it takes an ACCESS EXCLUSIVE lock on the table, which waits for every running query and blocks all that come after");
        String fix = "Use " + MigrationFindings.concurrently(step) + " It cannot run inside a transaction: "
                + MigrationFindings.migrator(context, step).concurrentlyRecipe() + "."
                + (create ? " A CONCURRENTLY build that fails leaves an INVALID index: drop it and build again." : "");
        return List.of(MigrationFindings.of(context, step, message, fix));
    }
}
