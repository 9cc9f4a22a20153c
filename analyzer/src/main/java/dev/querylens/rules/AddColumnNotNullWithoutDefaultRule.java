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
 * ADD COLUMN ... NOT NULL without a DEFAULT on an existing table: every existing row would hold
 * NULL, so PostgreSQL refuses it as soon as the table has a row ("column ... contains null values").
 * It passes on an empty development database and fails in production.
 */
public final class AddColumnNotNullWithoutDefaultRule implements MigrationRule {
    @Override
    public String id() {
        return "add-column-not-null-without-default";
    }

    @Override
    public List<Finding> check(MigrationStep step, WorkloadUse workload, RuleContext context) {
        Operation op = step.op();
        if (op.kind() != Kind.ADD_COLUMN || !op.notNull() || op.defaultExpr() != null || op.detail() != null
                || !step.existingTable() || (op.type() != null && op.type().endsWith("serial"))) {
            return List.of();
        }
        String message = "ADD COLUMN " + op.column() + " NOT NULL without a DEFAULT on " + op.table() + ", which existed before this"
                + " migration: PostgreSQL refuses it when the table has any row (column contains null values)";
        String fix = "Either give a constant default (on PostgreSQL 11+ that is a catalog change, no rewrite):\n"
                + "  ALTER TABLE " + op.table() + " ADD COLUMN " + op.column() + " " + op.type() + " NOT NULL DEFAULT <constant>;\n"
                + "or add it nullable, backfill in batches, then prove NOT NULL without a long lock:\n"
                + "  ALTER TABLE " + op.table() + " ADD COLUMN " + op.column() + " " + op.type() + ";\n"
                + "  -- UPDATE ... in batches\n"
                + "  ALTER TABLE " + op.table() + " ADD CONSTRAINT " + Operation.bare(op.table()) + "_" + op.column() + "_not_null CHECK ("
                + op.column() + " IS NOT NULL) NOT VALID;\n"
                + "  ALTER TABLE " + op.table() + " VALIDATE CONSTRAINT " + Operation.bare(op.table()) + "_" + op.column() + "_not_null;\n"
                + "  ALTER TABLE " + op.table() + " ALTER COLUMN " + op.column() + " SET NOT NULL;\n"
                + "with the backfill and what follows " + MigrationFindings.separateTransaction(context, step) + ".";
        return List.of(MigrationFindings.of(context, step, message, fix));
    }
}
