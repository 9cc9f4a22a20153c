package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.MigrationRule;
import dev.querylens.engine.RuleContext;
import dev.querylens.migration.MigrationStep;
import dev.querylens.migration.Operation;
import dev.querylens.migration.WorkloadUse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A name longer than 63 bytes (NAMEDATALEN - 1): PostgreSQL truncates it with only a NOTICE, so
 * two long names that share their first 63 bytes collide, and an ORM that compares the name it
 * generated with the catalog's sees a difference on every run.
 */
public final class IdentifierTooLongRule implements MigrationRule {
    private static final int MAX_BYTES = 63;

    @Override
    public String id() {
        return "identifier-too-long";
    }

    @Override
    public List<Finding> check(MigrationStep step, WorkloadUse workload, RuleContext context) {
        Operation op = step.op();
        List<String> names = new ArrayList<>();
        switch (op.kind()) {
            case CREATE_TABLE -> {
                names.add(Operation.bare(op.table()));
                op.columns().forEach(c -> names.add(c.name()));
            }
            case CREATE_INDEX, ADD_COLUMN, ADD_CONSTRAINT -> names.add(op.column());
            case RENAME_TABLE, RENAME_COLUMN -> names.add(Operation.bare(op.newName()));
            default -> { }
        }
        List<Finding> out = new ArrayList<>();
        for (String name : names) {
            int bytes = name == null ? 0 : name.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_BYTES) {
                String kept = truncate(name);
                String message = "Identifier " + name + " is " + bytes + " bytes; PostgreSQL keeps only the first 63 (" + kept
                        + "), with just a NOTICE";
                out.add(new Finding(context.definition().id(), context.severity(), message, step.normalizedSql(), op.table(),
                        List.of(), List.of(step.at()), Map.of("bytes", bytes, "truncatedTo", kept),
                        "Choose a name of at most 63 bytes (in UTF-8), so the name in the catalog is the one the code uses."));
            }
        }
        return out;
    }

    /** The first 63 bytes, not splitting a multi-byte character (as PostgreSQL's pg_mbcliplen does). */
    private static String truncate(String name) {
        StringBuilder b = new StringBuilder();
        int bytes = 0;
        for (int cp : name.codePoints().toArray()) {
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > MAX_BYTES) {
                break;
            }
            bytes += n;
            b.appendCodePoint(cp);
        }
        return b.toString();
    }
}
