package dev.querylens.migration;

import dev.querylens.collect.SourceLocation;
import dev.querylens.collect.SqlScript;
import dev.querylens.collect.SqlStatementText;
import dev.querylens.database.MigrationTracer;
import dev.querylens.migration.Operation.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A migration history as statements to apply, in the migrator's order: the files' own transaction
 * control and settings are left out (the trace decides the transactions, and its session has its
 * own timeouts). A statement that cannot run in a transaction block (CONCURRENTLY, VACUUM) says so,
 * with the plain form that leaves the same catalog for a trace that must stay in one transaction.
 */
public record TraceScript(List<Statement> statements) {
    /** One statement to apply, where it was written, and the tables it names (the trace reports locks already held on those). */
    public record Statement(SourceLocation at, String sql, boolean transactional, String replayAs, List<String> tables) {
        public MigrationTracer.Step step() {
            return new MigrationTracer.Step(sql, transactional, replayAs, tables);
        }
    }

    private static final Pattern CONCURRENTLY = Pattern.compile("(?i)\\bconcurrently\\s+");

    public TraceScript {
        statements = List.copyOf(statements);
    }

    public List<MigrationTracer.Step> steps() {
        return statements.stream().map(Statement::step).toList();
    }

    public static TraceScript of(List<Path> files) throws IOException {
        return of(List.of(), files);
    }

    /**
     * The history, after the statements of {@code setup} (files applied first, whatever their path:
     * what the migrations expect to exist, such as the roles and auth schema Supabase creates).
     */
    public static TraceScript of(List<Path> setup, List<Path> files) throws IOException {
        List<Path> ordered = new ArrayList<>(setup);
        files.stream().filter(p -> MigrationPaths.isMigration(p.toString()))
                .sorted((a, b) -> MigrationPaths.ORDER.compare(a.toString(), b.toString())).forEach(ordered::add);
        List<Statement> out = new ArrayList<>();
        for (Path file : ordered) {
            for (SqlStatementText st : SqlScript.split(Files.readString(file, StandardCharsets.UTF_8))) {
                String head = st.sql().strip().toLowerCase(Locale.ROOT);
                List<Operation> ops = OperationParser.parse(st.sql());
                boolean control = ops.stream().anyMatch(o -> o.kind() == Kind.BEGIN || o.kind() == Kind.COMMIT)
                        || head.startsWith("set ") || head.startsWith("reset ");
                if (control) {
                    continue;
                }
                List<String> tables = ops.stream().flatMap(o -> java.util.stream.Stream.of(o.table(), o.referenced()))
                        .filter(Objects::nonNull).distinct().toList();
                SourceLocation at = new SourceLocation(file.toString(), st.line());
                boolean concurrent = ops.stream().anyMatch(Operation::concurrently);
                if (concurrent) {
                    out.add(new Statement(at, st.sql(), false, CONCURRENTLY.matcher(st.sql()).replaceFirst(""), tables));
                } else if (head.startsWith("vacuum") || head.startsWith("reindex") && head.contains("concurrently")) {
                    out.add(new Statement(at, st.sql(), false, null, tables));
                } else {
                    out.add(new Statement(at, st.sql(), true, null, tables));
                }
            }
        }
        return new TraceScript(out);
    }
}
