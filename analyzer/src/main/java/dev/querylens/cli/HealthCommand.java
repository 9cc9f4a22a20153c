package dev.querylens.cli;

import dev.querylens.analysis.HealthAnalysis;
import dev.querylens.analysis.HealthHistory;
import dev.querylens.analysis.ProjectConfig;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.engine.Severity;
import dev.querylens.report.Report;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "health", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Judge a live database's health with the health rules alone: indexes never scanned since the statistics"
                + " were reset, indexes a failed CREATE INDEX CONCURRENTLY left invalid, sequences and integer keys near their"
                + " limit (with days left given --history), transaction-id wraparound, autovacuum behind, table and index bloat"
                + " (estimates), cache hit ratio, sequential scans on large tables, sessions idle in a transaction, blocked or long"
                + " running, inactive replication slots ('querylens rules' lists them).",
                "Reads catalog and statistics views only, read-only (docs/safety.md lists each query); no workload is read."
                + " What the role could not see is said, never reported as healthy. 'analyze --db' and 'check --db' run the"
                + " same rules beside the workload's."},
        footer = {"", ExitCode.HEADING,
                "  0  report written (and, with --fail-on, no finding at or above it)",
                "  1  --fail-on given and findings at or above it",
                "  2  usage or configuration error, or the database's health could not be read"})
final class HealthCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Option(names = "--db", required = true, paramLabel = "URL",
            description = "The database to judge, read-only (JDBC URL or postgresql://user@host/db, host=... dbname=...,"
                    + " PG* variables and ~/.pgpass as libpq reads them). pg_monitor (or pg_read_all_stats) sees all of it"
                    + " but sequences' last_value.")
    String database;

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "Exit 1 when a finding reaches this severity: error, warning or info (default: never; the report only).")
    String failOn;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Project settings (rules on/off, severities, parameters such as unused-index's minStatsAgeHours,"
                    + " ignored tables). Default: querylens.yaml, querylens.yml or querylens.json in the working directory.")
    Path config;

    @Option(names = "--only", split = ",", paramLabel = "RULE", description = "Run only these health rules.")
    List<String> onlyRules = List.of();

    @Option(names = "--exclude", split = ",", paramLabel = "RULE", description = "Do not run these health rules.")
    List<String> excludedRules = List.of();

    @Option(names = "--history", paramLabel = "FILE",
            description = "Keep a small JSON history of the sequences' last_value in FILE (created if missing, one snapshot per"
                    + " run, replaced atomically; one file per database). From the second run on, sequence-near-limit says how"
                    + " fast each sequence counts and how many days are left at that rate, and reports a sequence whose days"
                    + " left fall under its maxDaysLeft even below maxShare.")
    Path history;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing on stderr but warnings and errors.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Severity threshold = null;
            if (failOn != null) {
                try {
                    threshold = Severity.parse(failOn);
                } catch (IllegalArgumentException e) {
                    throw new InputOptions.InputError("--fail-on must be error, warning or info, not '" + failOn + "'");
                }
            }
            RuleCatalog rules = RuleCatalog.load().only("health");
            ProjectConfig settings = new RuleChoice(onlyRules, excludedRules).applyTo(InputOptions.settings(config, rules), rules, "health");
            if (!new dev.querylens.engine.RuleEngine(rules, settings.rules()).judgesHealth()) {
                // a gate with nothing to judge would pass whatever the database's state
                throw new InputOptions.InputError("no health rule is enabled (--only, --exclude or the configuration): nothing to judge");
            }
            dev.querylens.database.ConnectionSettings db = DatabaseUrl.settings(database);
            HealthHistory earlier = null;
            if (history != null) {
                try {
                    earlier = HealthHistory.read(history, HealthHistory.identity(db.shown()));
                } catch (HealthHistory.Unusable e) {
                    throw new InputOptions.InputError("--history: " + e.getMessage());
                }
            }
            Progress progress = new Progress(err, quiet);
            HealthAnalysis.Run run = new HealthAnalysis(rules, QueryLensCommand.version(), progress).run(db, settings, earlier);
            Report report = run.report();
            progress.clear();
            if (run.next() != null) {
                try {
                    run.next().write(history);
                } catch (java.io.IOException e) {
                    throw new InputOptions.InputError("--history: cannot write " + history + ": " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage()));
                }
            }
            LostInput lost = LostInput.of(report);
            if (lost.any()) {
                // the database is the only input: without it there is no report to trust, healthy or not
                err.println("querylens health: " + lost.summary());
                return ExitCode.USAGE_OR_INPUT;
            }
            output.write(threshold == null ? report : report.gatedAt(threshold), err, quiet);
            if (threshold == null) {
                return ExitCode.OK;
            }
            Severity gate = threshold;
            List<Finding> failing = report.findings().stream().filter(f -> f.severity().compareTo(gate) >= 0).toList();
            for (Finding f : failing) {
                err.println("  " + f.severity().label() + " " + f.rule() + ": " + OneLine.of(f.table() == null ? "" : f.table()));
            }
            if (!failing.isEmpty() || !quiet) {
                err.println("querylens health: " + failing.size() + " finding" + (failing.size() == 1 ? "" : "s") + " at or above "
                        + gate.label() + " (of " + report.findings().size() + ")");
            }
            return failing.isEmpty() ? ExitCode.OK : ExitCode.GATE_FAILED;
        } catch (InputOptions.InputError e) {
            err.println("querylens health: " + e.getMessage());
            return ExitCode.USAGE_OR_INPUT;
        }
    }
}
