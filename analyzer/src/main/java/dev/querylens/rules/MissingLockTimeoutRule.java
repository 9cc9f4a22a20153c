package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.MigrationRule;
import dev.querylens.engine.RuleContext;
import dev.querylens.migration.MigrationStep;
import dev.querylens.migration.WorkloadUse;
import java.util.List;

/**
 * The first statement of a file that takes a strong lock on an existing table with no
 * lock_timeout set before it. Even an instant ALTER waits in the lock queue behind any long
 * transaction on the table, and every query that comes after waits behind the ALTER: one report
 * query can stall the whole table. Said once per file: one SET at the top fixes them all. Which
 * earlier SET counts follows the migrator: drizzle-kit runs every pending file in one session and
 * transaction, so a SET (LOCAL) in an earlier file of the run still holds; a migrator that gives
 * each file its own transaction ends a SET LOCAL with the file, and a later file may be deployed in
 * a later run, so only a SET in the same file counts.
 */
public final class MissingLockTimeoutRule implements MigrationRule {
    @Override
    public String id() {
        return "missing-lock-timeout";
    }

    @Override
    public List<Finding> check(MigrationStep step, WorkloadUse workload, RuleContext context) {
        if (!step.op().takesStrongLock() || !step.existingTable() || step.lockTimeoutInForce(MigrationFindings.migrator(context, step))
                || step.earlierStrongLock()) {
            return List.of();
        }
        String timeout = context.text("lockTimeout");
        String message = "No lock_timeout before this statement, which locks " + (step.op().table() != null ? step.op().table() : "its table")
                + ": while it waits for a running transaction to finish, every query on the table queues behind it";
        String fix = "Start the migration with\n  SET lock_timeout = '" + timeout + "';\n"
                + "so the statement gives up instead of stalling the table, and retry the migration. In a file the migrator wraps in a"
                + " transaction, SET LOCAL lock_timeout = '" + timeout + "'; keeps it to that transaction.";
        return List.of(MigrationFindings.of(context, step, message, fix));
    }
}
