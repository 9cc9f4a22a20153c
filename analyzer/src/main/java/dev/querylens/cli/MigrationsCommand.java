package dev.querylens.cli;

import dev.querylens.advisor.IndexAdvisor;
import dev.querylens.collect.InputFiles;
import dev.querylens.database.ConnectionSettings;
import dev.querylens.database.DatabaseUnavailable;
import dev.querylens.database.TracedStatement;
import dev.querylens.database.UserDatabase;
import dev.querylens.migration.TraceScript;
import java.util.Map;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.engine.Severity;
import dev.querylens.migration.MigrationPaths;
import dev.querylens.report.Baseline;
import dev.querylens.report.Report;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "migrations", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Lint a migration history with the migration rules alone: locks on existing tables, table rewrites,"
                + " statements that fail at deploy, drops and renames the workload still uses.",
                "Migration files (drizzle-kit, Prisma, Flyway, sqlx, diesel, golang-migrate, Supabase CLI layouts, or any .sql in"
                + " migrations/) are judged in the order the"
                + " migrator applies them, so a statement on a table created earlier in the same file is not a hazard."
                + " Other inputs (logs, .sql queries, pg_stat_statements, --db) are the workload that drops and renames are"
                + " checked against.",
                "Fails like 'check' when findings reach --fail-on."},
        footer = {"", ExitCode.HEADING,
                "  0  no new finding at or above --fail-on",
                "  1  new findings at or above --fail-on",
                "  2  usage or configuration error, unreadable baseline, no migration file among",
                "     the inputs; or some input was lost without --accept-partial-input"})
final class MigrationsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    InputOptions input;

    @Mixin
    OutputOptions output;

    @Option(names = "--fail-on", defaultValue = "warning", paramLabel = "SEVERITY",
            description = "Lowest severity that fails: error, warning or info (default: ${DEFAULT-VALUE}: a migration that"
                    + " locks a live table is worth stopping a deploy for).")
    String failOn;

    @Option(names = "--baseline", paramLabel = "FILE", description = "Accepted findings (as 'check --write-baseline' writes them); only others count.")
    Path baseline;

    @Option(names = "--accept-partial-input", description = "Judge what could be read even when some input was lost.")
    boolean acceptPartialInput;

    @Option(names = "--trace",
            description = "Also apply the history in order on the --db database, which must be marked disposable"
                    + " (COMMENT ON DATABASE ... IS 'querylens:disposable'; it is left migrated), each statement in its own"
                    + " transaction, and list per statement on stderr the locks it took on tables that existed before it,"
                    + " what they block, and whether it rewrote them.")
    boolean trace;

    /** No index advice here: the command answers whether the migrations are safe to deploy, nothing else. */
    private static final IndexAdvisor NO_ADVICE = (statements, catalog) -> new IndexAdvisor.Advice(List.of(), List.of());

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Severity threshold = severity(failOn);
            Baseline accepted = baseline == null ? Baseline.of(List.of()) : readBaseline(baseline);
            Report report = input.analyze("migrations", err, false, RuleCatalog.load().only("migration"), NO_ADVICE);
            if (report.inputs().stream().noneMatch(i -> MigrationPaths.isMigration(i.file()))) {
                throw new InputOptions.InputError("no migration file among the inputs (a .sql file in migrations/, drizzle/,"
                        + " db/migrate/, or named V1__name.sql)");
            }
            output.write(report, err);
            if (trace) {
                trace(err);
            }
            LostInput lost = LostInput.of(report);
            if (lost.any() && !acceptPartialInput) {
                err.println("querylens migrations: " + lost.summary() + "; not judging partial input (--accept-partial-input judges what was read)");
                return ExitCode.USAGE_OR_INPUT;
            }
            Baseline.Comparison c = accepted.compare(report.findings());
            List<Finding> failing = c.fresh().stream().filter(f -> f.severity().compareTo(threshold) >= 0).toList();
            err.println(CheckCommand.summary(c));
            for (Finding f : failing) {
                err.println("  " + (f.locations().isEmpty() ? "" : f.locations().get(0) + ": ") + f.severity().label() + " " + f.rule());
            }
            return failing.isEmpty() ? ExitCode.OK : ExitCode.GATE_FAILED;
        } catch (InputOptions.InputError e) {
            err.println("querylens migrations: " + e.getMessage());
            return ExitCode.USAGE_OR_INPUT;
        }
    }

    /** The history applied on the disposable database, statement by statement, each committed. */
    private void trace(PrintWriter err) throws InputOptions.InputError {
        if (input.database == null) {
            throw new InputOptions.InputError("--trace needs --db URL of a database marked disposable");
        }
        TraceScript script;
        try {
            script = TraceScript.of(InputFiles.expand(input.paths, d -> { }));
        } catch (IOException e) {
            throw new InputOptions.InputError("cannot read the migrations to trace: " + e.getMessage());
        }
        ConnectionSettings settings = DatabaseUrl.settings(input.database);
        try (UserDatabase db = UserDatabase.open(settings, UserDatabase.Access.DISPOSABLE)) {
            List<TracedStatement> traced = db.traceMigration(script.statements().stream().map(TraceScript.Statement::sql).toList());
            err.println("querylens migrations: trace on " + settings.shown() + ":");
            for (TracedStatement t : traced) {
                TraceScript.Statement st = script.statements().get(t.index());
                if (t.error() != null) {
                    err.println("  " + st.at() + ": failed: " + t.error() + " (the trace stops here)");
                    continue;
                }
                StringBuilder line = new StringBuilder("  " + st.at() + ": ");
                if (t.newLocks().isEmpty()) {
                    line.append("no lock on a table that existed before it");
                }
                String sep = "";
                for (Map.Entry<String, List<String>> lock : t.newLocks().entrySet()) {
                    line.append(sep).append(lock.getKey()).append(' ').append(String.join("+", lock.getValue()))
                            .append(" (blocks ").append(TracedStatement.blocks(strongest(lock.getValue()))).append(')');
                    sep = "; ";
                }
                if (!t.rewritten().isEmpty()) {
                    line.append("; rewrote ").append(String.join(", ", t.rewritten()));
                }
                if (st.note() != null) {
                    line.append("; ").append(st.note());
                }
                err.println(line);
            }
        } catch (DatabaseUnavailable e) {
            throw new InputOptions.InputError("--trace: " + e.getMessage());
        } catch (java.sql.SQLException e) {
            throw new InputOptions.InputError("--trace: " + e.getMessage());
        }
    }

    /** The strongest of the modes, by PostgreSQL's order of lock modes. */
    private static String strongest(List<String> modes) {
        List<String> order = List.of("AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareLock",
                "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock");
        return modes.stream().max(java.util.Comparator.comparingInt(order::indexOf)).orElse("AccessShareLock");
    }

    private static Severity severity(String s) throws InputOptions.InputError {
        try {
            return Severity.parse(s);
        } catch (IllegalArgumentException e) {
            throw new InputOptions.InputError("--fail-on must be error, warning or info, not '" + s + "'");
        }
    }

    private static Baseline readBaseline(Path file) throws InputOptions.InputError {
        try {
            return Baseline.read(file);
        } catch (IOException e) {
            throw new InputOptions.InputError("cannot read baseline " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
