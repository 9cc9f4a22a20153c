package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.MigrationRule;
import dev.querylens.engine.RuleContext;
import dev.querylens.migration.MigrationStep;
import dev.querylens.migration.Operation;
import dev.querylens.migration.Operation.Kind;
import dev.querylens.migration.WorkloadUse;
import dev.querylens.sql.Quote;
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
        if (op.kind() == Kind.ADD_COLUMN && op.referenced() != null) {
            return columnWithForeignKey(step, context);
        }
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

    /**
     * ADD COLUMN ... REFERENCES on an existing table. PostgreSQL 15 skips the validation scan when
     * the new column has no default (every value is NULL; MigrationLocksOnPostgresTest reads no
     * row), so only a non-null default makes it read every row, under ACCESS EXCLUSIVE on the table
     * and SHARE ROW EXCLUSIVE on the referenced one. Without a default the locks are the same as
     * ADD CONSTRAINT ... NOT VALID would take: missing-lock-timeout's concern, not this rule's.
     */
    private static List<Finding> columnWithForeignKey(MigrationStep step, RuleContext context) {
        Operation op = step.op();
        String def = op.defaultExpr() == null ? null : op.defaultExpr().strip();
        if (!step.existingTable() || def == null || def.equalsIgnoreCase("null")) {
            return List.of();
        }
        String name = Operation.bare(op.table()) + "_" + op.column() + "_fkey";
        // the referenced columns as written (none: the referenced table's primary key), kept so the fix references the same key
        java.util.regex.Matcher cols = java.util.regex.Pattern.compile("(?i)\\breferences\\s+[^\\s(]+\\s*(\\([^)]*\\))?").matcher(step.sql());
        String key = cols.find() && cols.group(1) != null ? " " + cols.group(1) : "";
        String message = "ADD COLUMN " + op.column() + " ... DEFAULT " + def + " REFERENCES " + op.referenced() + " on " + op.table()
                + ": PostgreSQL checks the default of every existing row against " + op.referenced() + " while holding ACCESS EXCLUSIVE on "
                + op.table() + " (no reads or writes) and SHARE ROW EXCLUSIVE on " + op.referenced() + " (no writes) for the whole scan";
        String fix = "Add the column without REFERENCES, then the foreign key NOT VALID, and validate it later:\n"
                + "ALTER TABLE " + Quote.qualified(op.table()) + " ADD CONSTRAINT " + Quote.ident(name) + " FOREIGN KEY ("
                + Quote.ident(op.column()) + ") REFERENCES " + Quote.qualified(op.referenced()) + key + " NOT VALID;\n"
                + "ALTER TABLE " + Quote.qualified(op.table()) + " VALIDATE CONSTRAINT " + Quote.ident(name) + ";\n"
                + "-- VALIDATE takes SHARE UPDATE EXCLUSIVE (reads and writes go on), but only in a transaction of its own: run it "
                + MigrationFindings.separateTransaction(context, step);
        return List.of(MigrationFindings.of(context, step, message, fix));
    }
}
