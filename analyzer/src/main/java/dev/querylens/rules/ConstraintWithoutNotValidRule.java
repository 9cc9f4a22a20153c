package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.MigrationRule;
import dev.querylens.engine.RuleContext;
import dev.querylens.migration.MigrationStep;
import dev.querylens.migration.Operation;
import dev.querylens.migration.Operation.Kind;
import dev.querylens.migration.WorkloadUse;
import java.util.List;

/**
 * ADD CONSTRAINT FOREIGN KEY or CHECK without NOT VALID on an existing table: PostgreSQL checks
 * every row while it holds the lock (a foreign key holds SHARE ROW EXCLUSIVE on both tables, so
 * writes to either wait). NOT VALID adds it at once; VALIDATE CONSTRAINT later scans under SHARE
 * UPDATE EXCLUSIVE, which lets reads and writes go on.
 */
public final class ConstraintWithoutNotValidRule implements MigrationRule {
    @Override
    public String id() {
        return "constraint-without-not-valid";
    }

    @Override
    public List<Finding> check(MigrationStep step, WorkloadUse workload, RuleContext context) {
        Operation op = step.op();
        boolean checked = "FOREIGN KEY".equals(op.constraint()) || "CHECK".equals(op.constraint());
        if (op.kind() != Kind.ADD_CONSTRAINT || !checked || op.notValid() || !step.existingTable()) {
            return List.of();
        }
        boolean fk = "FOREIGN KEY".equals(op.constraint());
        String name = op.column() == null ? "<constraint name>" : op.column();
        String message = "ADD CONSTRAINT " + op.constraint() + " on " + op.table() + " without NOT VALID: PostgreSQL reads every row"
                + " to validate it while holding " + (fk ? "a SHARE ROW EXCLUSIVE lock on " + op.table() + " and on " + op.referenced()
                        + ", so writes to both tables wait for the whole scan" : "an ACCESS EXCLUSIVE lock, so every query on the table waits for the whole scan");
        String fix = MigrationFindings.statement(step) + " NOT VALID;\nALTER TABLE " + op.table() + " VALIDATE CONSTRAINT " + name + ";\n"
                + "-- VALIDATE takes SHARE UPDATE EXCLUSIVE (reads and writes go on), but only in a transaction of its own: run it "
                + MigrationFindings.separateTransaction(context, step);
        return List.of(MigrationFindings.of(context, step, message, fix));
    }
}
