package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.MigrationRule;
import dev.querylens.engine.RuleContext;
import dev.querylens.migration.MigrationStep;
import dev.querylens.migration.Operation;
import dev.querylens.migration.Operation.Kind;
import dev.querylens.migration.WorkloadUse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ADD COLUMN on an existing table whose default PostgreSQL must compute per row: a volatile
 * function (random(), clock_timestamp(), gen_random_uuid(), nextval() of a serial), or a stored
 * generated column. Since PostgreSQL 11 a non-volatile default (a constant, now(), which is stable)
 * is stored once in the catalog; a volatile one rewrites the whole table under ACCESS EXCLUSIVE.
 * Before 11 ({@code postgresMajor} below 11) every default rewrites.
 */
public final class AddColumnVolatileDefaultRule implements MigrationRule {
    /** pg_proc.provolatile = 'v' among the functions migrations use as defaults (PostgreSQL 15). */
    private static final Set<String> VOLATILE = Set.of("random", "clock_timestamp", "gen_random_uuid", "uuid_generate_v1",
            "uuid_generate_v1mc", "uuid_generate_v4", "timeofday", "nextval", "gen_random_bytes", "random_normal");
    private static final Pattern CALL = Pattern.compile("([a-z_][a-z0-9_]*)\\s*\\(");

    @Override
    public String id() {
        return "add-column-volatile-default";
    }

    @Override
    public List<Finding> check(MigrationStep step, WorkloadUse workload, RuleContext context) {
        Operation op = step.op();
        if (op.kind() != Kind.ADD_COLUMN || !step.existingTable()) {
            return List.of();
        }
        String cause = cause(op, (int) context.number("postgresMajor"));
        if (cause == null) {
            return List.of();
        }
        String message = "ADD COLUMN " + op.column() + " on " + op.table() + " with " + cause + ": PostgreSQL rewrites the whole table"
                + " (every row gets its own value) under an ACCESS EXCLUSIVE lock, so no query can read or write it until the rewrite ends";
        String fix = "Add the column without that default, set the default for new rows, and fill existing rows in batches:\n"
                + "  ALTER TABLE " + op.table() + " ADD COLUMN " + op.column() + " " + (op.type() == null ? "<type>" : op.type().replace("bigserial", "bigint").replace("serial", "integer")) + ";\n"
                + "  ALTER TABLE " + op.table() + " ALTER COLUMN " + op.column() + " SET DEFAULT " + (op.defaultExpr() == null ? "<default>" : op.defaultExpr()) + ";\n"
                + "  -- then UPDATE " + op.table() + " SET " + op.column() + " = ... WHERE " + op.column() + " IS NULL, in batches of a few thousand rows";
        return List.of(MigrationFindings.of(context, step, message, fix, Map.of("cause", cause)));
    }

    /** Why the column is computed per row, or null when its default is stored once in the catalog. */
    static String cause(Operation op, int postgresMajor) {
        if (op.detail() != null) {
            return "a stored generated column";
        }
        if (op.type() != null && op.type().endsWith("serial")) {
            return "type " + op.type() + " (its default is nextval(), which is volatile)";
        }
        if (op.defaultExpr() == null) {
            return null;
        }
        if (postgresMajor < 11) {
            return "a DEFAULT (before PostgreSQL 11 every default rewrites the table)";
        }
        Matcher m = CALL.matcher(op.defaultExpr().toLowerCase(Locale.ROOT));
        while (m.find()) {
            String fn = m.group(1).contains(".") ? m.group(1).substring(m.group(1).lastIndexOf('.') + 1) : m.group(1);
            if (VOLATILE.contains(fn)) {
                return "the volatile default " + op.defaultExpr();
            }
        }
        return null;
    }
}
