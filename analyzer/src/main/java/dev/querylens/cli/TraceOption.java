package dev.querylens.cli;

import dev.querylens.collect.InputFiles;
import dev.querylens.database.DatabaseUnavailable;
import dev.querylens.database.TracedStatement;
import dev.querylens.migration.MigrationTrace;
import dev.querylens.migration.TraceScript;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * --trace, shared by migrations and check: applies the migration history on a real PostgreSQL
 * before the rules run, so traced-blocking-lock judges what the server did, and lists per
 * statement on stderr what it locked, what that blocks, what it rewrote and how long it took.
 */
final class TraceOption {
    @Option(names = "--trace",
            description = {"Also apply the migration history in order on a real PostgreSQL and list per statement (FILE:LINE) on stderr"
                    + " the locks it took on tables that existed before it, what each lock blocks (reads, writes, or both), the"
                    + " tables and indexes it rewrote, and its duration; locks that block reads or writes of an existing table"
                    + " become traced-blocking-lock findings.",
                    "Without --db: a throwaway PostgreSQL 16 (Linux x86-64) started in a temporary directory and removed at the"
                    + " end, with no network (a network namespace of its own; where none can be made, a warning says the trace"
                    + " had network access); each statement is committed there, CONCURRENTLY ones run as written. Lock behaviour"
                    + " differs between PostgreSQL versions: the listing names the version that traced it.",
                    "With --db: that database must be marked disposable (COMMENT ON DATABASE ... IS 'querylens:disposable'); the"
                    + " history is applied in one transaction that is rolled back, so the database is left as it was. There a"
                    + " CONCURRENTLY statement cannot run and is listed as not traced, and a lock an earlier statement already"
                    + " holds on the same table is listed as already held; this needs a superuser's session. A role left there by"
                    + " a trace that was killed is removed by the next trace, which gives back what was lent to it.",
                    "Either way the migrations (and --trace-setup files) run as a role QueryLens creates for the trace and drops"
                    + " afterwards, with no superuser or server-file, program or signal rights: a statement that needs more (COPY"
                    + " TO PROGRAM, pg_read_file, ending other sessions, dblink) is listed as not traced with the reason, and the"
                    + " trace goes on. docs/safety.md says what is sent and what a trace can and cannot reach."})
    boolean trace;

    @Option(names = "--trace-setup", paramLabel = "FILE", split = ",",
            description = "SQL applied before the history when tracing (listed, never judged): what the migrations expect the"
                    + " server to have, e.g. Supabase's roles and auth schema (samples/capture/supabase-stub.sql).")
    List<java.nio.file.Path> setup = List.of();

    @Option(names = "--trace-allow-extension", paramLabel = "NAME", split = ",",
            description = "Let the trace create this extension for its role although it reaches outside the traced database"
                    + " (dblink, postgres_fdw, file_fdw, adminpack, untrusted languages): by default a CREATE EXTENSION of one of"
                    + " those, and the statements that then fail without it, are listed as not traced.")
    List<String> allowExtensions = List.of();

    /** The trace, or none when --trace is not given. {@code database} is --db (null: the throwaway server). */
    MigrationTrace run(String command, List<java.nio.file.Path> paths, String database, PrintWriter err) throws InputOptions.InputError {
        if (!trace) {
            return MigrationTrace.none();
        }
        TraceScript script;
        try {
            script = TraceScript.of(setup, InputFiles.expand(paths, d -> { }));
        } catch (IOException e) {
            throw new InputOptions.InputError("cannot read the migrations to trace: " + e.getMessage());
        }
        if (script.statements().isEmpty()) {
            err.println("querylens " + command + ": --trace: no migration statement among the inputs to trace");
            return MigrationTrace.none();
        }
        try {
            java.util.Set<String> allowed = java.util.Set.copyOf(allowExtensions);
            MigrationTrace result = database == null ? MigrationTrace.onThrowawayServer(script, allowed)
                    : MigrationTrace.onDisposable(DatabaseUrl.settings(database), script, allowed);
            list(command, result, err);
            return result;
        } catch (DatabaseUnavailable | SQLException e) {
            throw new InputOptions.InputError("--trace: " + e.getMessage());
        }
    }

    private static void list(String command, MigrationTrace trace, PrintWriter err) {
        trace.notes().forEach(note -> err.println("querylens " + command + ": --trace: " + note));
        err.println("querylens " + command + ": trace on " + trace.server() + ":");
        for (MigrationTrace.Entry e : trace.entries()) {
            TracedStatement t = e.traced();
            StringBuilder line = new StringBuilder("  " + e.statement().at() + ": ");
            if (t.error() != null) {
                err.println(line + "failed: " + t.error() + " (the trace stops here)");
                continue;
            }
            if (t.notTraced() != null && t.locks().isEmpty()) {
                err.println(line + "not traced: " + t.notTraced());
                continue;
            }
            line.append(String.format(Locale.ROOT, "%.1f ms; ", t.durationMs()));
            if (t.locks().isEmpty()) {
                line.append("no lock on a table that existed before it");
            }
            String sep = "";
            for (Map.Entry<String, List<String>> lock : t.locks().entrySet()) {
                String strongest = TracedStatement.strongest(lock.getValue());
                line.append(sep).append(lock.getKey()).append(' ')
                        .append(String.join("+", lock.getValue().stream().map(TracedStatement::sqlName).toList()))
                        .append(" (blocks ").append(TracedStatement.Blocks.of(strongest).label()).append(')');
                sep = ", ";
            }
            if (!t.rewritten().isEmpty()) {
                line.append("; rewrote ").append(String.join(", ", t.rewritten()));
            } else {
                line.append("; no rewrite");
            }
            t.alreadyHeld().forEach((table, modes) -> line.append("; already held on ").append(table).append(" by an earlier statement: ")
                    .append(String.join("+", modes.stream().map(TracedStatement::sqlName).toList())));
            err.println(line);
        }
        if (!trace.undone().isEmpty()) {
            err.println("querylens " + command + ": each migration with a down among the inputs, applied, undone and applied again:");
        }
        for (MigrationTrace.Undone u : trace.undone()) {
            var r = u.rollback();
            String line = "  " + r.down() + ": down of " + u.migration() + ": ";
            if (r.notChecked() != null) {
                err.println(line + "not checked: " + r.notChecked());
            } else if (r.failedDown() != null) {
                err.println(line + "fails at " + r.failedDown().at() + ": " + r.failure());
            } else if (r.restored()) {
                err.println(line + "restores the catalog, and the migration applies again");
            } else {
                int n = r.notRestored().size() + r.upAgainDiffers().size();
                err.println(line + (r.notRestored().isEmpty() ? "restores the catalog" : "does not restore the catalog")
                        + (r.failedUpAgain() != null ? "; the migration then fails at " + r.failedUpAgain().at() : "")
                        + (n > 0 ? " (" + n + " difference" + (n == 1 ? "" : "s") + ", see down-does-not-undo)" : ""));
            }
        }
    }
}
