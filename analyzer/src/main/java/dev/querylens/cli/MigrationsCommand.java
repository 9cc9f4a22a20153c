package dev.querylens.cli;

import dev.querylens.advisor.IndexAdvisor;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.engine.Severity;
import dev.querylens.migration.MigrationPaths;
import dev.querylens.migration.MigrationTrace;
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
                + " statements that fail at deploy, drops and renames the workload still uses,"
                + " steps that destroy data without a rollback plan.",
                "Migration files (drizzle-kit, Prisma, Flyway, sqlx, diesel, golang-migrate, Supabase CLI, Liquibase, Atlas, tern layouts, or any .sql in"
                + " migrations/) are judged in the order the"
                + " migrator applies them, so a statement on a table created earlier in the same file is not a hazard."
                + " Other inputs (logs, .sql queries, pg_stat_statements, --db) are the workload that drops and renames are"
                + " checked against.",
                "With --trace, the history is also applied on a real PostgreSQL (a throwaway one, or --db of a database marked"
                + " disposable, rolled back) and the locks each statement took are listed and judged.",
                "Fails like 'check' when findings reach --fail-on."},
        footer = {"", ExitCode.HEADING,
                "  0  no new finding at or above --fail-on",
                "  1  new findings at or above --fail-on",
                "  2  usage or configuration error, unreadable baseline, no migration file among",
                "     the inputs; --trace could not start or reach its server, or --db is not",
                "     marked disposable; or some input was lost without --accept-partial-input"})
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

    @Mixin
    TraceOption trace;

    /** No index advice here: the command answers whether the migrations are safe to deploy, nothing else. */
    private static final IndexAdvisor NO_ADVICE = (statements, catalog) -> new IndexAdvisor.Advice(List.of(), List.of());

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Severity threshold = severity(failOn);
            Baseline accepted = baseline == null ? Baseline.of(List.of()) : readBaseline(baseline);
            MigrationTrace traced = trace.run("migrations", input.paths, input.database, err);
            Report report = input.analyze("migrations", err, false, RuleCatalog.load().only("migration"), NO_ADVICE, traced);
            if (report.inputs().stream().noneMatch(i -> MigrationPaths.isMigration(i.file()))) {
                throw new InputOptions.InputError("no migration file among the inputs (a .sql file in migrations/, drizzle/,"
                        + " db/migrate/, or named V1__name.sql)");
            }
            output.write(report.gatedAt(threshold), err, input.quiet);
            LostInput lost = LostInput.of(report);
            if (lost.any() && !acceptPartialInput) {
                err.println("querylens migrations: " + lost.summary() + "; not judging partial input (--accept-partial-input judges what was read)");
                return ExitCode.USAGE_OR_INPUT;
            }
            Baseline.Comparison c = accepted.compare(report.findings());
            List<Finding> failing = c.fresh().stream().filter(f -> f.severity().compareTo(threshold) >= 0).toList();
            err.println(CheckCommand.summary(c));
            for (Finding f : failing) {
                err.println("  " + OneLine.of(f.locations().isEmpty() ? "" : f.locations().get(0) + ": ") + f.severity().label() + " " + f.rule());
            }
            return failing.isEmpty() ? ExitCode.OK : ExitCode.GATE_FAILED;
        } catch (InputOptions.InputError e) {
            err.println("querylens migrations: " + e.getMessage());
            return ExitCode.USAGE_OR_INPUT;
        }
    }

    private static Severity severity(String s) throws InputOptions.InputError {
        try {
            return Severity.parse(s);
        } catch (IllegalArgumentException e) {
            throw new InputOptions.InputError("--fail-on must be error, warning or info, not '" + s + "'");
        }
    }

    private static Baseline readBaseline(Path file) throws InputOptions.InputError {
        return CheckCommand.readBaseline(file);
    }
}
