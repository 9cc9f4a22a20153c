package dev.querylens.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.advisor.IndexAdvisor;
import dev.querylens.advisor.IndexRecommendation;
import dev.querylens.advisor.OfflineAdvisor;
import dev.querylens.collect.Diagnostic;
import dev.querylens.collect.Execution;
import dev.querylens.collect.FingerprintsAhead;
import dev.querylens.collect.InputFiles;
import dev.querylens.collect.LogLinePrefix;
import dev.querylens.collect.PgStatStatementsLive;
import dev.querylens.collect.SimpleQueryStatements;
import dev.querylens.collect.SourceKind;
import dev.querylens.database.BackendActivity;
import dev.querylens.database.DatabaseUnavailable;
import dev.querylens.database.LiveHealth;
import dev.querylens.database.UserDatabase;
import dev.querylens.engine.ApiExposure;
import dev.querylens.engine.ConnectionFacts;
import dev.querylens.engine.HealthFacts;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.engine.RuleEngine;
import dev.querylens.migration.MigrationHistory;
import dev.querylens.migration.MigrationPaths;
import dev.querylens.migration.MigrationTrace;
import dev.querylens.report.Report;
import dev.querylens.schema.Catalog;
import dev.querylens.schema.SchemaReader;
import dev.querylens.sql.FactExtractor;
import dev.querylens.sql.StatementFacts;
import dev.querylens.workload.OverlappingInputs;
import dev.querylens.workload.StatementGroup;
import dev.querylens.workload.Workload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Wires the stages: collect every input into the workload (DDL into the schema reader), then parse
 * each distinct statement once, judge with the rules, advise indexes, and assemble the report.
 * Holds no state between runs; the CLI, tests and benchmarks all call {@link #run}.
 */
public final class Analysis {
    private final RuleCatalog rules;
    private final String toolVersion;
    private final Consumer<String> progress;
    private final Consumer<String> warnings;

    public Analysis(RuleCatalog rules, String toolVersion, Consumer<String> progress) {
        this(rules, toolVersion, progress, w -> { });
    }

    /**
     * @param warnings told what the run lacked to judge what it read (no schema for the statements'
     *                 tables, no plans or statistics), in one line with what to add; the CLI prints it
     */
    public Analysis(RuleCatalog rules, String toolVersion, Consumer<String> progress, Consumer<String> warnings) {
        this.rules = rules;
        this.toolVersion = toolVersion;
        this.progress = progress;
        this.warnings = warnings;
    }

    public Report run(AnalysisRequest request) {
        return run(request, null, new OfflineAdvisor());
    }

    /**
     * Runs with a catalog read from a live database (used instead of the DDL's for the tables it
     * has) and the given index advisor.
     */
    public Report run(AnalysisRequest request, Catalog liveCatalog, IndexAdvisor advisor) {
        return run(request, liveCatalog, advisor, MigrationTrace.none(), null);
    }

    /** Runs with what a trace of the migration history on a real PostgreSQL saw, for the migration rules that read it. */
    public Report run(AnalysisRequest request, Catalog liveCatalog, IndexAdvisor advisor, MigrationTrace trace) {
        return run(request, liveCatalog, advisor, trace, null);
    }

    /**
     * Runs as above; {@code liveBackends}, when not null, is a pg_stat_activity snapshot already
     * read, used instead of reading one from the request's database.
     */
    public Report run(AnalysisRequest request, Catalog liveCatalog, IndexAdvisor advisor, MigrationTrace trace,
                      BackendActivity liveBackends) {
        return run(request, liveCatalog, advisor, trace, liveBackends, null);
    }

    /**
     * Runs as above; {@code liveHealth}, when not null, is the live database's health already read
     * (a rule example's stand-in), used instead of reading it from the request's database.
     */
    public Report run(AnalysisRequest request, Catalog liveCatalog, IndexAdvisor advisor, MigrationTrace trace,
                      BackendActivity liveBackends, LiveHealth liveHealth) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        Consumer<Diagnostic> diag = diagnostics::add;
        ObjectMapper mapper = new ObjectMapper();
        LogLinePrefix prefix = request.logLinePrefix() == null ? null : LogLinePrefix.compile(request.logLinePrefix());
        InputFiles files = new InputFiles(prefix, mapper, request.sourceFormat(), request.config().logFormats());
        InputFiles schemaFiles = new InputFiles(prefix, mapper, SourceKind.SQL_FILE);
        SchemaReader schema = new SchemaReader();
        RuleEngine engine = new RuleEngine(rules, request.config().rules());
        // the thread reading a log fingerprints its executions ahead: this one only groups them and runs the sequence rules
        FingerprintsAhead ahead = new FingerprintsAhead();
        Workload workload = new Workload(engine::observe, engine::endSession, request.limits(), ahead);
        // every rule id, also of rules this run leaves out (querylens migrations): suppressing one is not a typo
        Set<String> ruleIds = new HashSet<>(rules.knownIds());
        Consumer<Execution> suppressions = e -> checkSuppressions(e, ruleIds, diag);
        List<Report.Input> inputs = new ArrayList<>();

        ApiExposure.Scanner apiSigns = new ApiExposure.Scanner();
        Set<Path> schemaPaths = new HashSet<>();
        apiSigns.configured(request.config().supabase(),
                request.config().source() == null ? "the configuration" : String.valueOf(request.config().source()));
        request.schema().forEach(apiSigns::projectLayout);
        request.inputs().forEach(apiSigns::projectLayout);
        for (Path p : InputFiles.expand(request.schema(), diag)) {
            schemaPaths.add(p.toAbsolutePath().normalize());
            SourceKind kind = schemaFiles.read(p, e -> {
                if (e.kind() == SourceKind.SQL_FILE) {
                    apiSigns.statement(e.sql(), e.location());
                    schema.read(e.sql(), e.location(), diag);
                }
            }, diag);
            inputs.add(new Report.Input(p.toString(), kind == null ? "skipped" : "schema"));
        }
        // the database before the first migration, as --schema describes it: migration rules read column types from it
        Catalog beforeMigrations = schema.catalog();
        MigrationHistory migrations = new MigrationHistory();
        List<Execution> declared = new ArrayList<>();
        int downFiles = 0;
        List<Path> workloadFiles = InputFiles.expand(request.inputs(), diag).stream()
                .filter(p -> !schemaPaths.contains(p.toAbsolutePath().normalize()))
                .filter(p -> !request.config().ignoresPath(p))
                .toList();
        // the same run in several inputs (a server's stderr, csvlog and jsonlog; an ORM's log beside them) counts once:
        // server logs are read first so an application's log can be matched against them, and of those the ones
        // that always carry application_name and milliseconds (csvlog, jsonlog) first: the first input's record is kept
        List<SourceKind> probed = workloadFiles.size() < 2 ? java.util.Collections.nCopies(workloadFiles.size(), (SourceKind) null)
                : workloadFiles.stream().map(files::kindOf).toList();
        long serverLogs = probed.stream().filter(OverlappingInputs::isServerLog).count();
        boolean appLogs = probed.stream().anyMatch(k -> k == SourceKind.APP_LOG);
        OverlappingInputs overlap = serverLogs >= 2 || (serverLogs >= 1 && appLogs) ? new OverlappingInputs() : null;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < workloadFiles.size(); i++) {
            order.add(i);
        }
        if (overlap != null) {
            order.sort(java.util.Comparator.comparingInt(i -> OverlappingInputs.readingRank(probed.get(i))));
        }
        // a logged simple Query message of several statements counts as its statements, as pg_stat_statements counts them
        Consumer<Execution> routed = SimpleQueryStatements.splitting(e -> route(e, schema, workload, diag), ahead);
        Report.Input[] read = new Report.Input[workloadFiles.size()];
        long serverLogsLeft = serverLogs;
        int n = 0;
        for (int index : order) {
            Path p = workloadFiles.get(index);
            String label = "reading " + (++n) + "/" + workloadFiles.size() + ": " + p;
            progress.accept(label);
            long size = p.toString().equals("-") ? -1 : p.toFile().length();
            long[] lastReport = {System.nanoTime()};
            MigrationPaths.Role role = MigrationPaths.role(p.toString());
            java.util.Map<String, Boolean> isMigration = new java.util.HashMap<>(); // per file: telling a layout may read the disk
            Consumer<Execution> sink = e -> {
                suppressions.accept(e);
                if (e.kind() == SourceKind.SQL_FILE) {
                    // a down migration undoes the history and a declarative schema describes it: neither was applied
                    if (role == MigrationPaths.Role.DOWN) {
                        return;
                    }
                    if (role == MigrationPaths.Role.DECLARATIVE_SCHEMA) {
                        declared.add(e);
                        return;
                    }
                    apiSigns.statement(e.sql(), e.location());
                    if (isMigration.computeIfAbsent(e.location().file(), MigrationPaths::isMigration)) {
                        migrations.add(e);
                    }
                }
                routed.accept(e);
                if ((workload.executions() & 0x3FFF) == 0 && System.nanoTime() - lastReport[0] > 250_000_000L) {
                    lastReport[0] = System.nanoTime();
                    progress.accept(label + progressBar(files.bytesRead(), size));
                }
            };
            java.util.function.Supplier<Diagnostic> overlapNote = () -> null;
            if (overlap != null && OverlappingInputs.isServerLog(probed.get(index))) {
                serverLogsLeft--;
                OverlappingInputs.ServerInput in = overlap.serverLog(p.toString(), serverLogsLeft > 0 || appLogs, appLogs);
                sink = in.filter(sink);
                overlapNote = in::note;
            } else if (overlap != null && probed.get(index) == SourceKind.APP_LOG && !p.toString().equals("-")) {
                OverlappingInputs.AppInput in = overlap.appLog(p.toString());
                files.read(p, in.probe(), d -> { }); // its diagnostics are said when it is read for real, next
                sink = in.filter(sink);
                overlapNote = in::note;
            }
            SourceKind kind = files.read(p, sink, diag, ahead, !request.inputs().contains(p));
            Diagnostic note = overlapNote.get();
            if (note != null) {
                diag.accept(note);
            }
            read[index] = new Report.Input(p.toString(), kind == null ? "skipped" : kind.label());
            if (kind == SourceKind.SQL_FILE && role == MigrationPaths.Role.DOWN) {
                downFiles++;
            }
        }
        inputs.addAll(java.util.Arrays.asList(read));
        List<String> foreignJson = files.foreignJson();
        if (!foreignJson.isEmpty()) {
            diag.accept(Diagnostic.note(foreignJson.get(0), "skipped " + foreignJson.size() + " JSON file(s) found in the directories"
                    + " given that are complete JSON documents but no EXPLAIN plan, log or export (the first named here); name one"
                    + " on the command line to be told why it is not read"));
        }
        List<String> foreignExtension = files.foreignExtension();
        if (!foreignExtension.isEmpty()) {
            diag.accept(Diagnostic.note(foreignExtension.get(0), "skipped " + foreignExtension.size() + " file(s) found in the directories"
                    + " given that no source recognised and that no input is: scripts or files whose extension no input has ("
                    + InputFiles.extensionsOf(foreignExtension) + "; the first named here); name one on the command line to be told why it is not read"));
        }
        if (downFiles > 0) {
            diag.accept(new Diagnostic("migrations", 0, "read " + downFiles + " down migration file(s) (*.down.sql, diesel's and Hasura's down.sql,"
                    + " Flyway's U<version>__*.sql, sqitch's revert/, rollback scripts) without replaying them: they undo the history, they are not part of it"));
        }
        long downSections = files.filesWithDownSections();
        if (downSections > 0) {
            diag.accept(new Diagnostic("migrations", 0, "read the down sections of " + downSections + " migration file(s) (after"
                    + " '-- +goose Down', '-- migrate:down' or tern's '---- create above / drop below ----') without replaying them:"
                    + " goose, dbmate and tern run them only to undo the file"));
        }
        declaredSchema(declared, schema, migrations, workload, diag);

        boolean unreachable = false; // said once, for pg_stat_statements: not again for pg_stat_activity
        if (request.database() != null) {
            String shown = request.database().shown();
            progress.accept("reading pg_stat_statements of " + shown);
            try {
                new PgStatStatementsLive(request.database()).read(e -> route(e, schema, workload, diag), diag);
                inputs.add(new Report.Input("db " + shown, SourceKind.PG_STAT_STATEMENTS.label()));
            } catch (java.io.IOException e) {
                // a database that cannot be reached (or read) lost its workload: the exit code must not look like a clean
                // run; a database without the extension had no workload to lose, and the diagnostic says how to add it
                String message = "cannot read pg_stat_statements: " + e.getMessage();
                boolean notInstalled = e.getCause() instanceof java.sql.SQLException q && "42P01".equals(q.getSQLState());
                diag.accept(notInstalled ? new Diagnostic("db " + shown, 0, message) : Diagnostic.lost("db " + shown, 0, -1, message));
                inputs.add(new Report.Input("db " + shown, "skipped"));
                unreachable = e.getCause() instanceof DatabaseUnavailable;
            }
        }
        Workload.AggregateOverlap counted = workload.aggregateOverlap();
        if (counted != null) {
            String message = counted.rows() + " of " + counted.aggregateRows() + " pg_stat_statements rows are statements the logs given"
                    + " with them (" + String.join(", ", counted.loggedFiles()) + ") also hold: the same server's executions, matched by"
                    + " normalized statement (fingerprint), each statement counted once as the larger of the two counts, not their sum ("
                    + counted.countedOnce() + " executions not counted twice); the order, sessions and loops come from the logs alone";
            String file = String.join(", ", counted.aggregateFiles());
            diag.accept(counted.incomplete() ? new Diagnostic(file, 0, message + "; some statements were folded away past the memory"
                    + " limit and are not in these numbers") : Diagnostic.note(file, message));
        }
        // pg_stat_activity is read only when a connection rule will judge it
        BackendActivity live = liveBackends != null || request.database() == null || unreachable || !engine.judgesConnections()
                ? liveBackends : backends(request, diag);
        ConnectionFacts connections = new ConnectionFacts(workload.logSessions(), live,
                live == null ? null : request.database() == null ? "db" : "db " + request.database().shown());
        // index statistics, sequences and wraparound ages are read only when a health rule will judge them
        LiveHealth health = liveHealth != null || request.database() == null || unreachable || !engine.judgesHealth()
                ? liveHealth : health(request, diag);
        HealthFacts healthFacts = new HealthFacts(health,
                health == null ? null : request.database() == null ? "db" : "db " + request.database().shown());
        Catalog catalog = liveCatalog == null ? schema.catalog() : merged(liveCatalog, schema.catalog());
        List<StatementGroup> groups = workload.groups();
        progress.accept("parsing " + groups.size() + " distinct statements");
        List<RuleEngine.AnalyzedStatement> analyzed = new ArrayList<>();
        long ranButUnparsed = 0;
        try (FactExtractor extractor = new FactExtractor(catalog)) {
            for (StatementGroup g : groups) {
                StatementFacts facts = extractor.extract(g.sql());
                if (facts.parseError() != null && ranOnServer(g)) {
                    // PostgreSQL ran it, so it is valid: a gap of QueryLens's parser, not the user's problem to fix
                    ranButUnparsed++;
                } else if (facts.parseError() != null) {
                    var at = g.locations().get(0);
                    diagnostics.add(Diagnostic.at(at, "could not parse statement " + g.fingerprint().id() + ": " + facts.parseError()));
                }
                analyzed.add(new RuleEngine.AnalyzedStatement(g, facts));
            }
        }
        if (ranButUnparsed > 0) {
            diagnostics.add(new Diagnostic("statements", 0, ranButUnparsed + " statement shape" + (ranButUnparsed == 1 ? "" : "s")
                    + " PostgreSQL ran (from its log or pg_stat_statements) QueryLens's SQL parser does not read: read as text,"
                    + " counted and judged by the sequence rules, not by the rules that need the parsed statement"));
        }
        List<Report.Plan> plans = new ArrayList<>();
        List<RuleEngine.PlanInput> planInputs = new ArrayList<>();
        for (StatementGroup g : groups) {
            if (g.plan() != null) {
                plans.add(new Report.Plan(g.locations().get(0), g.sql(), g.plan()));
            }
        }
        for (Workload.PlanOnly p : workload.plansWithoutSql()) {
            plans.add(new Report.Plan(p.location(), null, p.plan()));
        }
        plans.forEach(p -> planInputs.add(new RuleEngine.PlanInput(p.root(), p.sql(), p.location())));
        String gap = JudgementGaps.of(analyzed, catalog, !plans.isEmpty(), request.database() != null);
        if (gap != null) {
            warnings.accept(gap);
        }

        progress.accept("judging");
        List<Finding> judged = engine.judge(analyzed, planInputs, catalog, apiSigns.result(catalog),
                trace.attach(migrations.steps(beforeMigrations)), connections, healthFacts);
        engine.notes().forEach(note -> diagnostics.add(new Diagnostic("rules", 0, note)));
        List<Finding> findings = judged.stream().filter(f -> !request.config().ignoresTable(f.table())).toList();
        int ignored = judged.size() - findings.size();
        progress.accept("advising indexes");
        List<OfflineAdvisor.Statement> advised = analyzed.stream().map(a -> new OfflineAdvisor.Statement(a.group(), a.facts())).toList();
        IndexAdvisor.Advice advice = advisor.advise(advised, catalog);
        List<IndexRecommendation> recommendations = advice.recommendations();
        advice.notes().forEach(note -> diagnostics.add(new Diagnostic("index advisor", 0, note)));
        if (advice.incomplete() != null) {
            diagnostics.add(Diagnostic.lost("index advisor", 0, -1, advice.incomplete()));
        }
        findings = IndexPlan.pointFindingsAtRecommendations(findings, groups, recommendations);
        findings = IndexPlan.checkDrops(findings, advised, advisor);
        findings = OverlappingIndexDrops.check(findings, advised, advisor, healthFacts.live());
        findings = IndexPlan.linkScansToMissingIndexes(findings);
        return new Report(toolVersion, inputs, workload.executions(), groups, findings, recommendations, plans,
                diagnostics, engine.suppressedCount() + ignored, catalog.tables().size(),
                rules.entries().stream().map(RuleCatalog.Entry::definition).toList(), workload.folded(), workload.timeline());
    }

    /**
     * The declarative schema files (supabase/schemas): with a migration history beside them they are
     * compared with it, each disagreement a diagnostic, and the history stays the schema; without one
     * they are the only description of the schema there is, and are read as it.
     */
    private static void declaredSchema(List<Execution> declared, SchemaReader schema, MigrationHistory migrations, Workload workload,
                                       Consumer<Diagnostic> diag) {
        if (declared.isEmpty()) {
            return;
        }
        if (migrations.isEmpty()) {
            declared.forEach(e -> route(e, schema, workload, diag));
            return;
        }
        SchemaReader reader = new SchemaReader();
        declared.stream().filter(e -> SchemaReader.isDdl(e.sql())).forEach(e -> reader.read(e.sql(), e.location(), d -> { }));
        dev.querylens.migration.DeclaredSchema.compare(reader.catalog(), schema.catalog()).forEach(diag);
    }

    /** Whether every source of a group is the server's own record of what it ran (its logs, pg_stat_statements). */
    private static boolean ranOnServer(StatementGroup g) {
        return !g.sourceKinds().isEmpty()
                && g.sourceKinds().stream().allMatch(k -> k.isServerLog() || k == SourceKind.PG_STAT_STATEMENTS);
    }

    /** pg_stat_activity of the request's database, or null (said in a diagnostic) when it cannot be read. */
    private BackendActivity backends(AnalysisRequest request, Consumer<Diagnostic> diag) {
        String shown = request.database().shown();
        progress.accept("reading pg_stat_activity of " + shown);
        try (UserDatabase db = UserDatabase.open(request.database(), UserDatabase.Access.READ_ONLY)) {
            return db.backends();
        } catch (DatabaseUnavailable | java.sql.SQLException e) {
            diag.accept(new Diagnostic("db " + shown, 0, "connection advice left out: cannot read pg_stat_activity: " + e.getMessage()));
            return null;
        }
    }

    /** The request's database's health statistics, or null (said in a diagnostic, so no check passes as healthy) when unreadable. */
    private LiveHealth health(AnalysisRequest request, Consumer<Diagnostic> diag) {
        String shown = request.database().shown();
        progress.accept("reading index statistics, sequences, wraparound ages, table upkeep, replication slots and sessions of " + shown);
        try (UserDatabase db = UserDatabase.open(request.database(), UserDatabase.Access.READ_ONLY)) {
            return db.health();
        } catch (DatabaseUnavailable | java.sql.SQLException e) {
            // lost, not a note: check must not pass a database whose health it could not read as a healthy one
            diag.accept(Diagnostic.lost("db " + shown, 0, -1, "health checks (unused, invalid indexes, sequences, wraparound, autovacuum, replication slots, sessions, bloat, cache, sequential scans) left out:"
                    + " cannot read them: " + e.getMessage()));
            return null;
        }
    }

    private static Catalog merged(Catalog live, Catalog ddl) {
        List<dev.querylens.schema.Table> tables = new ArrayList<>(live.tables());
        ddl.tables().stream().filter(t -> live.table(t.qualifiedName()).isEmpty()).forEach(tables::add);
        // the database's own functions, views and extensions win; the DDL's fill in what it lacks
        Set<String> routines = new HashSet<>();
        live.routines().forEach(r -> routines.add(r.schema() + "." + r.name()));
        Set<String> views = new HashSet<>();
        live.views().forEach(v -> views.add(v.qualifiedName()));
        Set<String> extensions = new HashSet<>();
        live.extensions().forEach(e -> extensions.add(e.name()));
        Set<String> roles = new java.util.TreeSet<>(live.clientRoles());
        roles.addAll(ddl.clientRoles());
        return new Catalog(tables, new Catalog.Objects(
                java.util.stream.Stream.concat(live.routines().stream(), ddl.routines().stream()
                        .filter(r -> !routines.contains(r.schema() + "." + r.name()))).toList(),
                java.util.stream.Stream.concat(live.views().stream(), ddl.views().stream()
                        .filter(v -> !views.contains(v.qualifiedName()))).toList(),
                java.util.stream.Stream.concat(live.extensions().stream(), ddl.extensions().stream()
                        .filter(e -> !extensions.contains(e.name()))).toList(),
                roles, live.serverVersion(), live.triggers().withDdl(ddl.triggers(), t -> live.table(t).isPresent())));
    }

    private static String progressBar(long read, long size) {
        if (size <= 0) {
            return String.format(java.util.Locale.ROOT, "  %.0f MB", read / 1048576.0);
        }
        int width = 30;
        int filled = (int) Math.min(width, width * read / size);
        return String.format(java.util.Locale.ROOT, "  [%s%s] %3d%% of %.0f MB", "#".repeat(filled), " ".repeat(width - filled),
                Math.min(100, 100 * read / size), size / 1048576.0);
    }

    /**
     * A suppression naming no known rule suppresses nothing; said as a diagnostic (the statement
     * was still analyzed, so no input is lost) rather than letting a typo look like it worked.
     */
    private static void checkSuppressions(Execution e, Set<String> ruleIds, Consumer<Diagnostic> diag) {
        for (String id : e.suppressed()) {
            if (!ruleIds.contains(id)) {
                diag.accept(Diagnostic.at(e.location(), "querylens:ignore names unknown rule '" + id
                        + "', so it suppresses nothing ('querylens rules' lists the rule ids)"));
            }
        }
    }

    private static void route(Execution e, SchemaReader schema, Workload workload, Consumer<Diagnostic> diag) {
        if (e.kind() == SourceKind.SQL_FILE && SchemaReader.isDdl(e.sql())) {
            schema.read(e.sql(), e.location(), diag);
        } else {
            workload.add(e);
        }
    }
}
