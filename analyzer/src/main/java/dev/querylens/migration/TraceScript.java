package dev.querylens.migration;

import dev.querylens.collect.SourceLocation;
import dev.querylens.collect.SqlScript;
import dev.querylens.collect.SqlStatementText;
import dev.querylens.migration.Operation.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A migration history as statements to apply, in the migrator's order, each in the transaction a
 * trace gives it: the files' own transaction control and settings are left out (the trace's
 * session has its own timeouts), and CONCURRENTLY, which cannot run in a transaction, is traced
 * as the plain build it replaces, with a note saying so.
 */
public record TraceScript(List<Statement> statements) {
    /** One statement to apply, where it was written, and what the trace changed about it (or null). */
    public record Statement(SourceLocation at, String sql, String note) {
    }

    private static final Pattern CONCURRENTLY = Pattern.compile("(?i)\\bconcurrently\\s+");

    public TraceScript {
        statements = List.copyOf(statements);
    }

    public static TraceScript of(List<Path> files) throws IOException {
        List<Path> ordered = files.stream().filter(p -> MigrationPaths.isMigration(p.toString()))
                .sorted((a, b) -> MigrationPaths.ORDER.compare(a.toString(), b.toString())).toList();
        List<Statement> out = new ArrayList<>();
        for (Path file : ordered) {
            for (SqlStatementText st : SqlScript.split(Files.readString(file, StandardCharsets.UTF_8))) {
                String head = st.sql().strip().toLowerCase(java.util.Locale.ROOT);
                List<Operation> ops = OperationParser.parse(st.sql());
                boolean control = ops.stream().anyMatch(o -> o.kind() == Kind.BEGIN || o.kind() == Kind.COMMIT)
                        || head.startsWith("set ") || head.startsWith("reset ");
                if (control) {
                    continue;
                }
                boolean concurrent = ops.stream().anyMatch(Operation::concurrently);
                out.add(new Statement(new SourceLocation(file.toString(), st.line()),
                        concurrent ? CONCURRENTLY.matcher(st.sql()).replaceFirst("") : st.sql(),
                        concurrent ? "traced without CONCURRENTLY (it cannot run in the trace's transaction);"
                                + " CONCURRENTLY itself takes SHARE UPDATE EXCLUSIVE, which blocks no reads or writes" : null));
            }
        }
        return new TraceScript(out);
    }
}
