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
 * ALTER COLUMN ... SET NOT NULL on an existing table with no validated CHECK (col IS NOT NULL)
 * before it: PostgreSQL scans the whole table under ACCESS EXCLUSIVE to prove no row is NULL.
 * Since PostgreSQL 12 a validated check constraint proves it and the scan is skipped.
 */
public final class SetNotNullWithoutCheckRule implements MigrationRule {
    @Override
    public String id() {
        return "set-not-null-without-check";
    }

    @Override
    public List<Finding> check(MigrationStep step, WorkloadUse workload, RuleContext context) {
        Operation op = step.op();
        if (op.kind() != Kind.SET_NOT_NULL || !step.existingTable() || step.notNullProven()) {
            return List.of();
        }
        String check = Operation.bare(op.table()) + "_" + op.column() + "_not_null";
        String message = "SET NOT NULL on " + op.table() + "." + op.column() + " scans the whole table under an ACCESS EXCLUSIVE lock"
                + " to prove no row is NULL: no query can read or write the table until the scan ends";
        String fix = "Prove it first with a check constraint, validated without blocking writes (PostgreSQL 12+ then skips the scan):\n"
                + "  ALTER TABLE " + op.table() + " ADD CONSTRAINT " + check + " CHECK (" + op.column() + " IS NOT NULL) NOT VALID;\n"
                + "  ALTER TABLE " + op.table() + " VALIDATE CONSTRAINT " + check + ";\n"
                + "  ALTER TABLE " + op.table() + " ALTER COLUMN " + op.column() + " SET NOT NULL;\n"
                + "  ALTER TABLE " + op.table() + " DROP CONSTRAINT " + check + ";\n"
                + "The ADD takes a brief ACCESS EXCLUSIVE lock; the VALIDATE and what follows must run "
                + MigrationFindings.separateTransaction(context, step) + ", or the scan happens under that lock.";
        return List.of(MigrationFindings.of(context, step, message, fix));
    }
}
