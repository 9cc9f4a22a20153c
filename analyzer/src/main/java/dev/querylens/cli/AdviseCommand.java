package dev.querylens.cli;

import dev.querylens.advisor.ExactRefinement;
import dev.querylens.advisor.ExactSelection;
import dev.querylens.advisor.HypoPgPlanner;
import dev.querylens.advisor.IndexAdvisor;
import dev.querylens.advisor.IndexRecommendation;
import dev.querylens.advisor.OfflineAdvisor;
import dev.querylens.advisor.PlannedWith;
import dev.querylens.advisor.RealIndexPlanner;
import dev.querylens.advisor.VerifiedAdvisor;
import dev.querylens.advisor.WhatIfPlanner;
import dev.querylens.advisor.WorkloadIndexSelection;
import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.analysis.ProjectConfig;
import dev.querylens.database.AllowedFunctions;
import dev.querylens.database.ConnectionSettings;
import dev.querylens.database.DatabaseUnavailable;
import dev.querylens.database.PlannerStatistics;
import dev.querylens.database.UserDatabase;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.report.AtomicFile;
import dev.querylens.report.Report;
import dev.querylens.schema.Catalog;
import dev.querylens.schema.LiveCatalogReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "advise", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Recommend indexes for a whole workload, verified by what-if planning (HypoPG) on a live PostgreSQL.",
                "The workload comes from the given files (SQL, logs, traces, pg_stat_statements exports) or, without files,"
                + " from the server's pg_stat_statements. The session is read-only, rolled back and timed out, and workload text is only planned (docs/safety.md); hypothetical"
                + " indexes live only in QueryLens's session. Without HypoPG the advice is the offline heuristic, labelled"
                + " not verified, with how to install HypoPG.",
                "Without --db, the offline heuristic on the given files, labelled not verified (README: 'Verify the advice on"
                + " the sample database' builds a PostgreSQL with HypoPG for the samples in one command)."},
        footer = {"", ExitCode.HEADING, "  0  advice written (verified, or offline because no --db was given)",
                "  2  usage or configuration error, or the database cannot be read",
                "  3  advice written, but some input was lost (or the connection, mid-run),",
                "     or --db has no HypoPG and the advice is the offline heuristic"})
final class AdviseCommand implements Callable<Integer> {
    enum WhatIf { hypopg, real_index }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Workload files or directories (default: the server's pg_stat_statements).")
    List<Path> paths = List.of();

    @Option(names = "--db", paramLabel = "URL", description = "The database to plan on: postgresql://user@host:port/db, host=... dbname=..., or a JDBC URL;"
                    + " PG* variables and ~/.pgpass fill in the rest (see docs/safety.md for what is sent). Without it: the"
                    + " offline heuristic on the given files, not verified.")
    String database;

    @Option(names = "--rls-role", paramLabel = "ROLE", description = "Cost statements on tables with row level security as this role"
            + " runs them, with its SELECT (and for UPDATE/DELETE their command's) policies applied (Supabase: authenticated); by default statements are costed as written.")
    String rlsRole;

    @Option(names = "--budget", paramLabel = "SIZE", description = "Most space the new indexes may take: 500MB, 2GB (decimal: 10^6, 10^9 bytes, as the index selection"
            + " studies count) or 500MiB, 2GiB (binary) (default: 1GiB, or 25%% of the tables' size if that is larger).")
    String budget;

    private static final int DEFAULT_MAX_INDEXES = WorkloadIndexSelection.Limits.DEFAULT_MAX_INDEXES;
    private static final double DEFAULT_MIN_IMPROVEMENT = WorkloadIndexSelection.Limits.DEFAULT_MIN_IMPROVEMENT;

    @Option(names = "--max-indexes", paramLabel = "N", description = "Most indexes to recommend (default: no limit but the budget).")
    int maxIndexes = DEFAULT_MAX_INDEXES;

    @Option(names = "--min-improvement", defaultValue = "" + DEFAULT_MIN_IMPROVEMENT, paramLabel = "SHARE",
            description = "Least cut of some statement's cost, as a share of its cost without new indexes, for an index to count, 0..1"
                    + " (default: ${DEFAULT-VALUE}).")
    double minImprovement;

    @Option(names = "--exact", description = "After the greedy selection, solve the selection exactly over every index"
            + " configuration it costed (an integer program, OR-Tools CP-SAT; Linux x86-64 only): the optimum when it is"
            + " proven within --exact-seconds, else the best found, never worse than greedy's, with how far from the optimum"
            + " it can be. Where the solver cannot run, one line says why and the advice is greedy's.")
    boolean exact;

    @Option(names = "--exact-seconds", paramLabel = "N", defaultValue = "30",
            description = "Most seconds the exact selection may take (default: ${DEFAULT-VALUE}).")
    double exactSeconds;

    @Option(names = "--emit-sql", paramLabel = "FILE", description = "Also write the recommended CREATE INDEX statements to FILE.")
    Path emitSql;

    @Option(names = "--what-if", defaultValue = "hypopg", paramLabel = "MODE", converter = WhatIfConverter.class,
            description = "hypopg (default), or real-index: create each index in a transaction and roll it back (needs"
                    + " --i-understand-this-creates-indexes, and a database whose comment says querylens:disposable).")
    WhatIf whatIf;

    @Option(names = "--i-understand-this-creates-indexes", description = "Allow --what-if=real-index.")
    boolean allowRealIndexes;

    @Option(names = "--planner-sessions", paramLabel = "N", description = "Sessions to plan what-if costs on at once (each one"
            + " more connection, and one more server backend planning): the selection is the same, only faster (default: this"
            + " machine's cores, at most " + HypoPgPlanner.MAX_DEFAULT_SESSIONS + "; fewer if the server refuses more connections;"
            + " 1 plans one statement after another on one session, as --what-if=real-index always does; at most "
            + HypoPgPlanner.MAX_SESSIONS + ").")
    Integer plannerSessions;

    @Option(names = "--schema", paramLabel = "PATH", split = ",", description = "Extra DDL files for tables the database does not have.")
    List<Path> schema = List.of();

    @Option(names = "--config", paramLabel = "FILE", description = "Project settings (see 'analyze --help').")
    Path config;

    @Option(names = "--history", paramLabel = "FILE", description = "Where the planner statistics of each database's last run are"
            + " kept, so the next run says which tables were analyzed meanwhile (default: $XDG_CACHE_HOME or ~/.cache,"
            + " querylens/advise-statistics.json; databases are keyed by a hash, no names are stored).")
    Path history;

    @Option(names = "--no-history", description = "Neither read nor write that file (the report still lists the statistics planned with).")
    boolean noHistory;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing on stderr but warnings and errors (no progress, no 'written to' lines).")
    boolean quiet;

    @Option(names = "--allow-function", paramLabel = "FUNCTION", split = ",", description = InputOptions.ALLOW_FUNCTION)
    List<String> allowFunctions = List.of();

    @Mixin
    OutputOptions output;

    static final class WhatIfConverter implements CommandLine.ITypeConverter<WhatIf> {
        @Override
        public WhatIf convert(String value) {
            return WhatIf.valueOf(value.replace('-', '_'));
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (whatIf == WhatIf.real_index && !allowRealIndexes) {
            err.println("querylens advise: --what-if=real-index builds real indexes (in transactions that are rolled back);"
                    + " add --i-understand-this-creates-indexes, and use it only on a database marked disposable (docs/safety.md)");
            return 2;
        }
        RuleCatalog rules = RuleCatalog.load();
        output.indexPlanFirst = true;
        if (database == null) {
            return offline(rules, err);
        }
        ProjectConfig settings;
        ConnectionSettings connection;
        AllowedFunctions allowed;
        try {
            settings = InputOptions.settings(config, rules);
            if (budget != null) {
                parseSize(budget); // a mistyped budget is one line before any connection, not after the planning
            }
            if (!(exactSeconds > 0) || exactSeconds > 86_400) {
                throw new InputOptions.InputError("--exact-seconds takes a number of seconds above 0 and at most 86400, not "
                        + java.math.BigDecimal.valueOf(exactSeconds).stripTrailingZeros().toPlainString());
            }
            InputOptions.checkPlannerSessions(plannerSessions);
            connection = DatabaseUrl.settings(database);
            allowed = InputOptions.allowed(allowFunctions, settings);
        } catch (InputOptions.InputError e) {
            err.println("querylens advise: " + e.getMessage());
            return 2;
        }
        String shown = connection.shown();
        Progress progress = new Progress(err, quiet);
        UserDatabase.Access access = whatIf == WhatIf.hypopg ? UserDatabase.Access.READ_ONLY : UserDatabase.Access.DISPOSABLE;
        try (UserDatabase db = UserDatabase.open(connection, access, allowed)) {
            List<String> notes = new ArrayList<>();
            Catalog live = LiveCatalogReader.read(db.catalog(), d -> notes.add(d.toString()));
            long limit = budget != null ? parseSize(budget) : defaultBudget(db);
            WorkloadIndexSelection.Limits limits = new WorkloadIndexSelection.Limits(limit, maxIndexes, minImprovement);
            IndexAdvisor advisor;
            String fallback = null;
            List<PlannerStatistics> statistics = db.plannerStatistics();
            double readAt = System.currentTimeMillis() / 1000.0;
            StatisticsHistory runs = noHistory ? null : new StatisticsHistory(history != null ? history : StatisticsHistory.defaultFile(), shown);
            PlannedWith plannedWith = runs == null ? new PlannedWith(byName(statistics), java.util.Map.of(), Double.NaN)
                    : runs.against(statistics);
            VerifiedAdvisor verified = null;
            WhatIfPlanner planner = null;
            // OR-Tools is loaded only here, when asked for: a run without --exact never touches it
            ExactRefinement refinement = exact ? new ExactRefinement(ExactSelection.withOrTools(), exactSeconds, progress) : null;
            try {
                planner = whatIf == WhatIf.hypopg ? HypoPgPlanner.on(db, sessions()) : new RealIndexPlanner(db);
                verified = new VerifiedAdvisor(planner, limits, progress, rlsRole, plannedWith, refinement);
                advisor = verified;
            } catch (HypoPgPlanner.MissingHypoPg e) {
                fallback = e.getMessage();
                advisor = new OfflineAdvisor();
            }
            Analysis analysis = new Analysis(rules, QueryLensCommand.version(), progress);
            Report report = analysis.run(new AnalysisRequest(paths, schema, null, settings, null, paths.isEmpty() ? connection : null),
                    live, advisor);
            progress.clear();
            output.write(report, err, quiet);
            if (verified != null && !verified.statisticsChanged().isEmpty()) {
                err.println("querylens advise: the statistics of " + verified.statisticsChanged().size() + " table(s) changed since the"
                        + " previous run on this database, so its advice can differ from this one's (the report's notes say how): "
                        + String.join("; ", verified.statisticsChanged()));
            }
            if (runs != null && verified != null) {
                String why = runs.record(statistics, readAt);
                if (why != null && !quiet) {
                    err.println("querylens advise: could not record the statistics for the next run (" + why + ")");
                }
            }
            if (fallback != null) {
                err.println("querylens advise: NOT VERIFIED — " + fallback + ". " + offlineSummary(report));
            }
            if (refinement != null && refinement.outcome() != null && (!quiet
                    || refinement.outcome().status() == ExactRefinement.Status.UNAVAILABLE)) {
                // the solver not running is a warning (asked for, not done); its result is what the report's note says
                err.println("querylens advise: " + refinement.outcome().summary());
            }
            // any planner session's loss, not only the first session's: the siblings plan as much as it does
            String lostWhy = planner != null && planner.lostConnection() != null ? planner.lostConnection() : db.lostConnection();
            if (lostWhy != null) {
                err.println("querylens advise: the connection to " + shown + " was lost during the run (" + lostWhy
                        + "): the advice is incomplete (see the index advisor diagnostics)");
            }
            if (emitSql != null) {
                writeSql(report, emitSql, fallback == null, shown);
                if (!quiet) {
                    err.println("querylens advise: " + report.indexRecommendations().size() + " index(es) written to " + emitSql);
                }
            }
            int exit = LostInput.exitCode(report, "advise", err);
            // asked to verify and could not: the report holds advice, but not what --db was given for
            return fallback != null && exit == ExitCode.OK ? ExitCode.PARTIAL_REPORT : exit;
        } catch (SQLException e) {
            err.println("querylens advise: cannot use " + shown + ": " + e.getMessage());
            return 2;
        } catch (DatabaseUnavailable | InputOptions.InputError e) {
            err.println("querylens advise: " + e.getMessage());
            return 2;
        }
    }

    private int sessions() {
        return plannerSessions != null ? plannerSessions : HypoPgPlanner.defaultSessions();
    }

    /**
     * No database: the offline heuristic on the files given, said to be unverified, with how to
     * verify it. Asked for no verification, it did what was asked: exit 0 unless input was lost.
     */
    private int offline(RuleCatalog rules, PrintWriter err) throws Exception {
        if (paths.isEmpty()) {
            err.println("querylens advise: no workload: give files or directories (SQL, logs, pg_stat_statements exports), and --db URL"
                    + " to verify the advice with what-if planning (see 'querylens advise --help')");
            return ExitCode.USAGE_OR_INPUT;
        }
        if (whatIf != WhatIf.hypopg || rlsRole != null || exact) {
            err.println("querylens advise: " + (rlsRole != null ? "--rls-role" : exact ? "--exact" : "--what-if=real-index")
                    + " plans on a database: add --db URL");
            return ExitCode.USAGE_OR_INPUT;
        }
        Report report;
        try {
            ProjectConfig settings = InputOptions.settings(config, rules);
            Progress progress = new Progress(err, quiet);
            report = new Analysis(rules, QueryLensCommand.version(), progress)
                    .run(new AnalysisRequest(paths, schema, null, settings, null, null), null, new OfflineAdvisor());
            progress.clear();
            InputOptions.requireReadableInput(report);
            output.write(report, err, quiet);
        } catch (InputOptions.InputError e) {
            err.println("querylens advise: " + e.getMessage());
            return ExitCode.USAGE_OR_INPUT;
        }
        err.println("querylens advise: NOT VERIFIED — no --db. " + offlineSummary(report) + " To verify them, run advise with --db on a"
                + " copy of the database (or a staging one) with HypoPG: CREATE EXTENSION hypopg; for the samples, README's"
                + " 'Verify the advice on the sample database'.");
        if (emitSql != null) {
            writeSql(report, emitSql, false, "no database (offline)");
            if (!quiet) {
                err.println("querylens advise: " + report.indexRecommendations().size() + " index(es) written to " + emitSql);
            }
        }
        return LostInput.exitCode(report, "advise", err);
    }

    private static java.util.Map<String, PlannerStatistics> byName(List<PlannerStatistics> statistics) {
        java.util.Map<String, PlannerStatistics> out = new java.util.LinkedHashMap<>();
        statistics.forEach(x -> out.put(x.qualifiedName(), x));
        return out;
    }

    /** What the offline list holds, or why it is empty: never "the recommendations above" over none. */
    private static String offlineSummary(Report report) {
        int n = report.indexRecommendations().size();
        if (n > 0) {
            return "The report's " + n + " recommendation(s) are the offline heuristic, not verified.";
        }
        return "The offline heuristic recommends no index: no statement filters, joins or sorts on a table it knows (with"
                + (report.tablesKnown() == 0 ? " no schema: give the DDL with --schema or the migrations among the files)"
                : " a live catalog, tables under 1,000 rows are left out; see the report's diagnostics)");
    }

    private static void writeSql(Report report, Path file, boolean verified, String db) throws java.io.IOException {
        StringBuilder b = new StringBuilder("-- Indexes recommended by QueryLens for " + db
                + (verified ? " (verified with what-if planning)" : " (NOT verified: offline heuristic)") + "\n");
        for (IndexRecommendation r : report.indexRecommendations()) {
            b.append("\n-- ").append(r.reason());
            if (r.sizeBytes() >= 0) {
                b.append(String.format(Locale.ROOT, "; about %.1f MB", r.sizeBytes() / 1048576.0));
            }
            if (!r.makesRedundant().isEmpty()) {
                b.append("; makes redundant: ").append(String.join(", ", r.makesRedundant()));
            }
            b.append('\n').append(r.ddl()).append('\n');
        }
        AtomicFile.write(file, b.toString());
    }

    /**
     * A size as the index selection literature and disk makers write it: kB, MB, GB, TB are powers of
     * 1000 (the TPC-H/TPC-DS budgets of the studies QueryLens is compared with are decimal MB), KiB,
     * MiB, GiB, TiB powers of 1024 (PostgreSQL's own settings say MB for MiB: write MiB for those).
     */
    static long parseSize(String text) throws InputOptions.InputError {
        var m = java.util.regex.Pattern.compile("(?i)^\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([kmgt]i?b|b)?\\s*$").matcher(text);
        if (!m.matches()) {
            throw new InputOptions.InputError("--budget takes a size like 500MB (10^6 bytes each), 500MiB (2^20) or 2GB, not '" + text + "'");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        double factor = switch (unit) {
            case "kb" -> 1e3;
            case "mb" -> 1e6;
            case "gb" -> 1e9;
            case "tb" -> 1e12;
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            case "tib" -> 1L << 40;
            default -> 1;
        };
        return Math.round(n * factor);
    }

    /** 1 GiB, or a quarter of the user tables' total size if that is larger. */
    /** advise's default limits, which analyze --db uses too. */
    static WorkloadIndexSelection.Limits defaultLimits(UserDatabase db) throws SQLException {
        return WorkloadIndexSelection.Limits.defaults(defaultBudget(db));
    }

    private static long defaultBudget(UserDatabase db) throws SQLException {
        return Math.max(1L << 30, db.userTablesBytes() / 4);
    }
}
