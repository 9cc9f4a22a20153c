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
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A migration history as statements to apply, in the migrator's order: the files' own transaction
 * control and settings are left out (the trace decides the transactions, and its session has its
 * own timeouts). A statement that cannot run in a transaction block (CONCURRENTLY, VACUUM) says so,
 * with the plain form that leaves the same catalog for a trace that must stay in one transaction.
 * Each migration whose down migration is among the files (see {@link DownMigrations}) is an
 * {@link Undo}: the trace applies it up, down and up again and compares the catalogs.
 */
public record TraceScript(List<Statement> statements, List<Undo> undos) {
    /** One statement to apply, where it was written, and the tables it names (the trace reports locks already held on those). */
    public record Statement(SourceLocation at, String sql, boolean transactional, String replayAs, List<String> tables,
                            java.util.Set<String> suppressed) {
        public Statement(SourceLocation at, String sql, boolean transactional, String replayAs, List<String> tables) {
            this(at, sql, transactional, replayAs, tables, java.util.Set.of());
        }

        public Statement {
            suppressed = suppressed == null ? java.util.Set.of() : java.util.Set.copyOf(suppressed);
        }

        public MigrationTracer.Step step() {
            return new MigrationTracer.Step(sql, transactional, replayAs, tables);
        }
    }

    /**
     * A migration with what undoes it: statements {@code from} (inclusive) to {@code to} (exclusive)
     * of the script are its up file (or up section), {@code down} the statements of its down file or
     * section, and {@code at} where that down starts: its first statement, else the down file's
     * first line (or the section's annotation) when it holds no statement; {@code migrator} the tool
     * that applies the migration.
     */
    public record Undo(int from, int to, SourceLocation at, List<Statement> down, Migrator migrator) {
        public Undo {
            down = List.copyOf(down);
        }

        public MigrationTracer.Undo step() {
            return new MigrationTracer.Undo(from, to, down.stream().map(Statement::step).toList());
        }
    }

    private static final Pattern CONCURRENTLY = Pattern.compile("(?i)\\bconcurrently\\s+");

    public TraceScript {
        statements = List.copyOf(statements);
        undos = List.copyOf(undos);
    }

    public TraceScript(List<Statement> statements) {
        this(statements, List.of());
    }

    public List<MigrationTracer.Step> steps() {
        return statements.stream().map(Statement::step).toList();
    }

    public List<MigrationTracer.Undo> undoSteps() {
        return undos.stream().map(Undo::step).toList();
    }

    public static TraceScript of(List<Path> files) throws IOException {
        return of(List.of(), files);
    }

    /**
     * The history, after the statements of {@code setup} (files applied first, whatever their path:
     * what the migrations expect to exist, such as the roles and auth schema Supabase creates).
     * The down migrations among {@code files} pair with the forward files they undo.
     */
    public static TraceScript of(List<Path> setup, List<Path> files) throws IOException {
        List<Path> forward = files.stream().filter(p -> MigrationPaths.isMigration(p.toString())).toList();
        java.util.Comparator<String> order = MigrationPaths.order(forward.stream().map(Path::toString).toList());
        forward = forward.stream().sorted((a, b) -> order.compare(a.toString(), b.toString())).toList();
        Map<Path, Path> downFiles = DownMigrations.pair(forward, files);
        List<Statement> out = new ArrayList<>();
        List<Undo> undos = new ArrayList<>();
        for (Path file : setup) {
            out.addAll(statements(file, SqlScript.split(read(file))));
        }
        for (Path file : forward) {
            String text = read(file);
            int from = out.size();
            out.addAll(statements(file, SqlScript.split(text)));
            if (out.size() == from) {
                continue; // nothing applied, nothing to undo
            }
            Path downFile = downFiles.get(file);
            if (downFile != null) {
                List<Statement> down = statements(downFile, SqlScript.split(read(downFile)));
                undos.add(new Undo(from, out.size(), down.isEmpty() ? new SourceLocation(downFile.toString(), 1) : down.get(0).at(), down,
                        MigrationPaths.migrator(file.toString(), text)));
                continue;
            }
            // goose and dbmate: the down section of the same file
            List<SqlScript.DownSection> sections = new ArrayList<>();
            SqlScript.split(text, u -> { }, sections::add);
            if (!sections.isEmpty()) {
                List<Statement> down = statements(file, SqlScript.undo(text));
                SourceLocation at = down.isEmpty() ? new SourceLocation(file.toString(), sections.get(0).line()) : down.get(0).at();
                undos.add(new Undo(from, out.size(), at, down, MigrationPaths.migrator(file.toString(), text)));
            }
        }
        return new TraceScript(out, undos);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static List<Statement> statements(Path file, List<SqlStatementText> texts) {
        List<Statement> out = new ArrayList<>();
        for (SqlStatementText st : texts) {
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
                out.add(new Statement(at, st.sql(), false, CONCURRENTLY.matcher(st.sql()).replaceFirst(""), tables, st.suppressed()));
            } else if (head.startsWith("vacuum") || head.startsWith("reindex") && head.contains("concurrently")) {
                out.add(new Statement(at, st.sql(), false, null, tables, st.suppressed()));
            } else {
                out.add(new Statement(at, st.sql(), true, null, tables, st.suppressed()));
            }
        }
        return out;
    }
}
