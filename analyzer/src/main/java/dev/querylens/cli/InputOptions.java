package dev.querylens.cli;

import dev.querylens.advisor.HypoPgPlanner;
import dev.querylens.advisor.IndexAdvisor;
import dev.querylens.advisor.OfflineAdvisor;
import dev.querylens.advisor.VerifiedAdvisor;
import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.analysis.ProjectConfig;
import dev.querylens.database.AllowedFunctions;
import dev.querylens.database.ConnectionSettings;
import dev.querylens.database.DatabaseUnavailable;
import dev.querylens.database.UserDatabase;
import dev.querylens.migration.MigrationTrace;
import dev.querylens.collect.SourceKind;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.report.Report;
import dev.querylens.schema.Catalog;
import dev.querylens.schema.LiveCatalogReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What to read, shared by analyze and check. */
final class InputOptions {
    @Parameters(arity = "0..*", paramLabel = "PATH", description = "Files or directories to analyze ('-' reads standard input).")
    List<Path> paths = List.of();

    @Option(names = "--db", paramLabel = "URL",
            description = "Also read pg_stat_statements and the catalog of this database, read-only (JDBC URL or"
                    + " postgresql://user@host/db, host=... dbname=..., PG* variables and ~/.pgpass as libpq reads them);"
                    + " analyze also verifies its index advice there with HypoPG. docs/safety.md lists every statement sent.")
    String database;

    @Option(names = "--schema", paramLabel = "PATH", split = ",",
            description = "DDL files or directories (CREATE TABLE/INDEX, ALTER TABLE, CREATE POLICY) describing the schema.")
    List<Path> schema = List.of();

    @Option(names = "--log-line-prefix", paramLabel = "PREFIX",
            description = "The server's log_line_prefix setting, for stderr logs. Default: recognised, or worked out from the"
                    + " lines when it has a time and a process id (a reload that changes it mid-file is followed).")
    String logLinePrefix;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Project settings (rules on/off, severities, parameters, ignored paths and tables)."
                    + " Default: querylens.yaml, querylens.yml or querylens.json in the working directory, if present.")
    Path config;

    @Option(names = "--only", split = ",", paramLabel = "RULE",
            description = "Run only these rules (repeat or separate by commas); others are off as 'enabled: false' in the config turns them off.")
    List<String> onlyRules = List.of();

    @Option(names = "--exclude", split = ",", paramLabel = "RULE",
            description = "Do not run these rules (repeat or separate by commas), whatever the config says.")
    List<String> excludedRules = List.of();

    @Option(names = "--round-trip-ms", paramLabel = "MS",
            description = "What one query's round trip costs the application, in milliseconds, for the rules that count round"
                    + " trips (n-plus-one, unbatched-writes, repeated-identical-query); overrides roundTripMs in the config."
                    + " Default 0.5 (a round trip within one data centre); a serverless function far from its database pays 5-30.")
    Double roundTripMs;

    @Option(names = "--source-format", paramLabel = "KIND",
            description = "Read every input as this kind instead of detecting it: sql, stderr-log, csvlog, jsonlog,"
                    + " pg-stat-statements, jdbc-trace, explain-json, app-log, or a managed log: syslog, heroku-logplex,"
                    + " cloudsql, cloudwatch, cloudwatch-text, azure-postgresql, supabase-logs, cloudnativepg.")
    String sourceFormat;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing on stderr but warnings and errors (no progress, no 'written to' lines).")
    boolean quiet;

    @Option(names = "--allow-function", paramLabel = "FUNCTION", split = ",", description = ALLOW_FUNCTION)
    List<String> allowFunctions = List.of();

    static final String ALLOW_FUNCTION = "With --db: a function a workload statement may call for it to be planned (name, schema.name,"
            + " schema.* or extension:NAME; repeatable; added to allowFunctions in querylens.yaml). A statement that calls a function"
            + " that is neither built in nor allowed is not planned (planning can run a function): the report says which.";

    /** The functions statements may call to be planned: the command line's and the project settings'. */
    static AllowedFunctions allowed(List<String> option, ProjectConfig settings) throws InputError {
        try {
            return AllowedFunctions.of(settings.allowFunctions()).plus(AllowedFunctions.of(option));
        } catch (IllegalArgumentException e) {
            throw new InputError("--allow-function: " + e.getMessage());
        }
    }

    /** The role whose policies apply when reads on tables with row level security are costed (analyze --rls-role); null: as written. */
    String rlsRole;

    /**
     * Sessions analyze plans its what-if costs on: set by analyze from --planner-sessions (by default
     * advise's, the machine's cores, since a run with --db spends most of its time waiting for the
     * server to plan); 1 for the commands that give no verified advice.
     */
    int plannerSessions = 1;

    /** --planner-sessions of analyze and advise: null (the default), or 1 to {@link HypoPgPlanner#MAX_SESSIONS}. */
    static void checkPlannerSessions(Integer sessions) throws InputError {
        if (sessions != null && (sessions < 1 || sessions > HypoPgPlanner.MAX_SESSIONS)) {
            throw new InputError("--planner-sessions must be at least 1 and at most " + HypoPgPlanner.MAX_SESSIONS + " (each one"
                    + " more connection to the server), not " + sessions);
        }
    }

    /** Whether to say what went wrong when --db cannot be used, instead of exiting 2 (analyze --accept-partial-input). */
    boolean acceptPartialInput;

    /** An informational line on stderr, left out with --quiet. */
    void say(PrintWriter err, String line) {
        if (!quiet) {
            err.println(line);
        }
    }

    /** Thrown for a usage or input error: the CLI prints its message in one line and exits 2. */
    static final class InputError extends Exception {
        InputError(String message) {
            super(message);
        }
    }

    /**
     * With --db but advice that is not verified there (check, migrations): the database still gives
     * the catalog, as --db says, so statements on its tables are judged. Where it cannot be read the
     * run goes on as before: the reads the analysis makes itself report the database as lost input.
     */
    private Report withLiveCatalog(Analysis analysis, AnalysisRequest request, IndexAdvisor advisor, MigrationTrace trace)
            throws InputError {
        Catalog live;
        try (UserDatabase db = UserDatabase.open(request.database(), UserDatabase.Access.READ_ONLY, allowed(allowFunctions, request.config()))) {
            live = LiveCatalogReader.read(db.catalog(), d -> { });
        } catch (SQLException | DatabaseUnavailable e) {
            live = null;
        }
        return analysis.run(request, live, advisor, trace);
    }

    private Report withLiveAdvice(Analysis analysis, AnalysisRequest request, Progress progress, String command, PrintWriter err)
            throws InputError {
        ConnectionSettings settings = request.database();
        try (UserDatabase db = UserDatabase.open(settings, UserDatabase.Access.READ_ONLY, allowed(allowFunctions, request.config()))) {
            Catalog live = LiveCatalogReader.read(db.catalog(), d -> { });
            IndexAdvisor advisor;
            HypoPgPlanner planner = null;
            try {
                planner = HypoPgPlanner.on(db, plannerSessions);
                advisor = new VerifiedAdvisor(planner, AdviseCommand.defaultLimits(db), progress, rlsRole);
            } catch (HypoPgPlanner.MissingHypoPg e) {
                progress.clear();
                err.println("querylens " + command + ": index advice NOT VERIFIED — " + e.getMessage());
                advisor = new OfflineAdvisor();
            }
            Report report = analysis.run(request, live, advisor);
            // any planner session's loss, not only the first session's: the siblings plan as much as it does
            String lostWhy = planner != null && planner.lostConnection() != null ? planner.lostConnection() : db.lostConnection();
            if (lostWhy != null) {
                progress.clear();
                err.println("querylens " + command + ": the connection to " + settings.shown() + " was lost during the run ("
                        + lostWhy + "): index advice is incomplete");
            }
            return report;
        } catch (SQLException | DatabaseUnavailable e) {
            progress.clear();
            String why = e instanceof DatabaseUnavailable ? e.getMessage() : "cannot use " + settings.shown() + ": " + e.getMessage();
            // the user asked for the database: a report without it is not what they asked for, unless they say so
            if (!acceptPartialInput) {
                throw new InputError(why + " (--accept-partial-input writes the report without the database)");
            }
            err.println("querylens " + command + ": index advice NOT VERIFIED — " + why);
            return analysis.run(request);
        }
    }

    /** The project settings: --config, or a default file in the working directory, or none. */
    static ProjectConfig settings(Path config, RuleCatalog catalog) throws InputError {
        try {
            return ProjectConfig.locate(config, Path.of(""), catalog);
        } catch (ProjectConfig.InvalidConfig e) {
            throw new InputError(e.getMessage());
        }
    }

    Report analyze(String command, PrintWriter err) throws InputError {
        return analyze(command, err, false);
    }

    /**
     * Runs the analysis. With {@code verifiedAdvice} and --db, the database also gives the catalog
     * and the index advice is chosen with HypoPG on it, as {@code advise} does with its defaults;
     * without HypoPG, or when the database cannot be reached, the advice is offline and says so.
     */
    Report analyze(String command, PrintWriter err, boolean verifiedAdvice) throws InputError {
        return analyze(command, err, verifiedAdvice, RuleCatalog.load(), null);
    }

    /**
     * Runs the analysis with the given rules ({@code migrations} judges with the migration rules alone) and,
     * when {@code advisor} is not null, that index advisor instead of the default one.
     */
    Report analyze(String command, PrintWriter err, boolean verifiedAdvice, RuleCatalog catalog, IndexAdvisor advisor) throws InputError {
        return analyze(command, err, verifiedAdvice, catalog, advisor, MigrationTrace.none());
    }

    /** Runs the analysis with what a trace of the migrations saw (--trace), for the rules that read it. */
    Report analyze(String command, PrintWriter err, boolean verifiedAdvice, RuleCatalog catalog, IndexAdvisor advisor,
                   MigrationTrace trace) throws InputError {
        ProjectConfig settings = new RuleChoice(onlyRules, excludedRules).applyTo(settings(config, catalog), catalog, command);
        if (roundTripMs != null) {
            if (roundTripMs < 0 || roundTripMs.isNaN() || roundTripMs.isInfinite()) {
                throw new InputError("--round-trip-ms must be a number of milliseconds, 0 or more, not " + roundTripMs);
            }
            settings = settings.withRoundTrip(catalog, roundTripMs);
        }
        SourceKind kind = null;
        if (sourceFormat != null) {
            kind = SourceKind.ofLabel(sourceFormat);
            if (kind == null) {
                throw new InputError("--source-format must be one of sql, stderr-log, csvlog, jsonlog, pg-stat-statements,"
                        + " jdbc-trace, explain-json, app-log; not '" + sourceFormat + "'");
            }
        }
        Progress progress = new Progress(err, quiet);
        Analysis analysis = new Analysis(catalog, QueryLensCommand.version(), progress, warning -> {
            progress.clear();
            err.println("querylens " + command + ": " + warning);
        });
        if (paths.isEmpty() && database == null) {
            throw new InputError("nothing to analyze: give files or directories, or --db URL");
        }
        AnalysisRequest request = new AnalysisRequest(paths, schema, logLinePrefix, settings, kind,
                database == null ? null : DatabaseUrl.settings(database));
        IndexAdvisor offline = advisor == null ? new OfflineAdvisor() : advisor;
        // check judges the workload as analyze does, so --db gives it the catalog too; migrations judges a
        // history, whose --db may be the scratch database a trace applies it to
        Report report = database != null && verifiedAdvice ? withLiveAdvice(analysis, request, progress, command, err)
                : database != null && command.equals("check") ? withLiveCatalog(analysis, request, offline, trace)
                : analysis.run(request, null, offline, trace);
        progress.clear();
        requireReadableInput(report);
        return report;
    }

    /** A run that read no workload at all (every path missing, unreadable or DDL only) is a usage error, not a report. */
    static void requireReadableInput(Report report) throws InputError {
        boolean nothingRead = report.inputs().stream().noneMatch(i -> !i.kind().equals("skipped") && !i.kind().equals("schema"));
        if (nothingRead) {
            throw new InputError("no readable input" + (report.diagnostics().isEmpty() ? "" : " (" + report.diagnostics().get(0) + ")"));
        }
    }
}
