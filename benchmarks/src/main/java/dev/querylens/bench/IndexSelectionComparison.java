package dev.querylens.bench;

import dev.querylens.advisor.CostLedger;
import dev.querylens.advisor.ExactSelection;
import dev.querylens.advisor.HypoPgPlanner;
import dev.querylens.advisor.IndexCandidate;
import dev.querylens.advisor.VerifiedAdvisor;
import dev.querylens.advisor.WhatIfPlanner;
import dev.querylens.advisor.WorkloadIndexSelection;
import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.database.ConnectionSettings;
import dev.querylens.database.UserDatabase;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.report.Report;
import dev.querylens.schema.Catalog;
import dev.querylens.schema.Column;
import dev.querylens.schema.LiveCatalogReader;
import dev.querylens.schema.Table;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/**
 * What the TPC-H and TPC-DS index-selection benchmarks share: on one loaded server and one
 * statistics snapshot, per budget, the advisor with its defaults (through the same
 * {@link Analysis} a user runs) against the in-benchmark {@link ExtendBaseline}, printed as one
 * table row per budget. Budgets are decimal megabytes, as in the published evaluation.
 */
final class IndexSelectionComparison {
    static final long MB = 1_000_000L;

    /**
     * One query of the workload: its file name, its SQL, and the text Extend scans for the tables
     * and columns it can index (the SQL plus, for TPC-H's Q15, the view it reads).
     */
    record Query(String name, String sql, String mentionText) {
        Query(String name, String sql) {
            this(name, sql, sql);
        }
    }

    /** Extend's settings and the advisor's: each can be changed with a system property for experiments. */
    record Settings(int extendWidth, double extendThreshold, double minImprovement, int maxIndexes) {
        static Settings fromProperties(int defaultExtendWidth) {
            return new Settings(Integer.getInteger("extend.width", defaultExtendWidth),
                    Double.parseDouble(System.getProperty("extend.threshold", "1.003")),
                    Double.parseDouble(System.getProperty("min.improvement", String.valueOf(WorkloadIndexSelection.Limits.DEFAULT_MIN_IMPROVEMENT))),
                    Integer.getInteger("max.indexes", WorkloadIndexSelection.Limits.DEFAULT_MAX_INDEXES));
        }
    }

    /** The advisor's planner sessions, as advise --planner-sessions sets them ({@code -Dplanner.sessions}, default advise's). */
    static final int SESSIONS = Integer.getInteger("planner.sessions", HypoPgPlanner.defaultSessions());
    /**
     * {@code -Dderive=derive|off|check}: the advisor's costs derived from earlier plans' used indexes as
     * advise does, never, or planned all the same and compared (a cold cache only; not with share.cache).
     */
    static final String DERIVATION = System.getProperty("derive", "derive");
    private final String url;
    private final String label;
    private final List<Query> queries;
    private final Settings settings;
    private Path workload;

    IndexSelectionComparison(String url, String label, List<Query> queries, Settings settings) {
        this.url = url;
        this.label = label;
        this.queries = List.copyOf(queries);
        this.settings = settings;
    }

    /** {@code -Dbudgets=250,500} (decimal MB) or the defaults. */
    static List<Long> budgets(List<Long> defaultMegabytes) {
        String property = System.getProperty("budgets");
        List<Long> megabytes = property == null ? defaultMegabytes
                : Arrays.stream(property.split(",")).map(b -> Long.parseLong(b.strip())).toList();
        return megabytes.stream().map(mb -> mb * MB).toList();
    }

    /** Runs both algorithms at every budget and returns the printed table. */
    String run(List<Long> budgets) throws Exception {
        workload = Files.createTempDirectory("querylens-" + label);
        for (Query q : queries) {
            Files.writeString(workload.resolve(q.name() + ".sql"), q.sql() + ";\n");
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%n%-8s %9s %9s %8s %9s %6s %15s %13s %13s  %s%n",
                "budget", "QueryLens", "Extend", "diff", "exact", "gap", "what-if calls", "seconds", "MB used", "indexes QueryLens chose"));
        boolean share = Boolean.parseBoolean(System.getProperty("share.cache", "false"));
        try (UserDatabase shared = share ? UserDatabase.open(ConnectionSettings.parse(url), UserDatabase.Access.READ_ONLY) : null) {
            String recorded = System.getProperty("cost.cache");
            WhatIfPlanner sharedPlanner = !share ? null
                    : recorded == null ? HypoPgPlanner.on(shared, SESSIONS) : new RecordedCosts(HypoPgPlanner.on(shared, SESSIONS), Path.of(recorded),
                    Arrays.stream(System.getProperty("cost.cache.also", "").split(",")).filter(f -> !f.isBlank()).map(Path::of).toList());
            for (long budget : budgets) {
                try (UserDatabase c = share ? null : UserDatabase.open(ConnectionSettings.parse(url), UserDatabase.Access.READ_ONLY)) {
                    UserDatabase db = share ? shared : c;
                    // without sharing each run has a planner (and a cache) of its own, as a user's run would
                    WhatIfPlanner ours = share ? new RunScopedPlanner(sharedPlanner) : HypoPgPlanner.on(db, SESSIONS, DERIVATION);
                    WhatIfPlanner theirs = share ? new RunScopedPlanner(sharedPlanner) : HypoPgPlanner.on(db);
                    table.append(row(db, budget, ours, theirs));
                    if (ours instanceof HypoPgPlanner h) {
                        var d = h.derivations();
                        verbose(String.format(Locale.ROOT, "derived from earlier plans' used indexes (%s): %d costs%s", DERIVATION, d.derived(),
                                DERIVATION.equals("check") ? String.format(Locale.ROOT, ", %d of them differed from the plan, by at most %.4f%%",
                                        d.differed(), 100 * d.largestDifference()) : ""));
                    }
                }
            }
            if (sharedPlanner instanceof RecordedCosts r) {
                r.close();
            }
        }
        table.append(String.format(Locale.ROOT, "%nrelative = estimated workload cost with the chosen indexes / without; diff = QueryLens - Extend"
                + " in points; exact = the optimum over every configuration either algorithm costed (CP-SAT; ~ = time limit,"
                + " best found), gap = QueryLens - exact in points; calls, seconds and MB used (decimal) are QueryLens / Extend (width %d, threshold %.3f)%n",
                settings.extendWidth(), settings.extendThreshold()));
        return table.toString();
    }

    /** Both algorithms at one budget: the table row, also printed at once (a TPC-DS budget takes minutes). */
    private String row(UserDatabase c, long budget, WhatIfPlanner ours, WhatIfPlanner extendPlanner) throws Exception {
        StringBuilder out = new StringBuilder();
        // what both algorithms were told each configuration costs: the candidates the exact optimum chooses among
        CostLedger ledger = new CostLedger();
        ours = prefetchingInto(ledger.recording(ours), ours);
        extendPlanner = ledger.recording(extendPlanner);
        Catalog live = LiveCatalogReader.read(c.catalog(), d -> { });
        VerifiedAdvisor advisor = new VerifiedAdvisor(ours,
                new WorkloadIndexSelection.Limits(budget, settings.maxIndexes(), settings.minImprovement()), IndexSelectionComparison::verbose);
        long start = System.nanoTime();
        Report report = new Analysis(RuleCatalog.load(), label, m -> { })
                .run(new AnalysisRequest(List.of(workload), List.of(), null, null), live, advisor);
        double seconds = (System.nanoTime() - start) / 1e9;
        var result = advisor.result();
        double oursRelative = 100 * result.finalCost() / result.baselineCost();
        verbose(String.format(Locale.ROOT, "QueryLens at %d MB: %.2f%%, %d what-if calls, %.1f s on %d planner session(s)", budget / MB,
                oursRelative, result.whatIfCalls(), seconds, SESSIONS));
        if (Boolean.getBoolean("skip.extend")) {
            // comparing advisor variants against an Extend row measured before; the exact optimum is then over the advisor's
            // costed configurations alone (and those of the -Dcost.cache file's earlier runs are not in it)
            String exact = exactColumn(ledger, report, budget, oursRelative, ours);
            String row = String.format(Locale.ROOT, "%-8s %8.2f%% %9s %7s %s %7d / %5s %6.1f / %4s %6.0f / %4s  %s%n", budget / MB + " MB",
                    oursRelative, "-", "-", exact, result.whatIfCalls(), "-", seconds, "-",
                    report.indexRecommendations().stream().mapToLong(r -> r.sizeBytes()).sum() / (double) MB, "-",
                    String.join(" ", report.indexRecommendations().stream()
                            .map(r -> r.table().replace("public.", "") + "(" + String.join(",", r.columns()) + ")").toList()));
            System.out.print(row);
            return row;
        }

        start = System.nanoTime();
        ExtendBaseline.Result extend = new ExtendBaseline(extendPlanner, mentionedColumns(live), budget, settings.extendWidth(),
                settings.extendThreshold(), IndexSelectionComparison::verbose)
                .select(extendWorkload(live));
        double extendSeconds = (System.nanoTime() - start) / 1e9;
        double baseline = 100 * extend.finalCost() / extend.baselineCost();
        verbose("Extend chose " + names(extend.indexes()));
        verbose(String.format(Locale.ROOT, "workload cost without indexes: QueryLens %.0f, Extend %.0f", result.baselineCost(), extend.baselineCost()));
        double usedMb = report.indexRecommendations().stream().mapToLong(r -> r.sizeBytes()).sum() / (double) MB;
        String exact = exactColumn(ledger, report, budget, oursRelative, ours);
        String row = String.format(Locale.ROOT, "%-8s %8.2f%% %8.2f%% %+7.2f %s %7d / %5d %6.1f / %4.1f %6.0f / %4.0f  %s%n", budget / MB + " MB",
                oursRelative, baseline, oursRelative - baseline, exact, result.whatIfCalls(), extendPlanner.calls(), seconds, extendSeconds,
                usedMb, extend.bytes() / (double) MB,
                String.join(" ", report.indexRecommendations().stream()
                        .map(r -> r.table().replace("public.", "") + "(" + String.join(",", r.columns()) + ")").toList()));
        out.append(row);
        System.out.print(row);
        if (!result.notCosted().isEmpty()) {
            out.append("         not costed: ").append(result.notCosted()).append('\n');
        }
        if (!result.unparsed().isEmpty()) {
            out.append("         not parsed: ").append(result.unparsed().size()).append(" queries\n");
        }
        if (!result.factsFromPlans().isEmpty()) {
            out.append("         not parsed, candidates from their plans: ").append(result.factsFromPlans().size()).append(" queries\n");
        }
        return out.toString();
    }

    /**
     * {@code recording} (the ledger's view of {@code planner}) with its batches passed to
     * {@code planner} itself: the costs planned ahead are cached there, and the ledger still records
     * each one when the selection then asks {@code recording} for it.
     */
    private static WhatIfPlanner prefetchingInto(WhatIfPlanner recording, WhatIfPlanner planner) {
        return new WhatIfPlanner() {
            @Override
            public double cost(String sql, List<IndexCandidate> indexes) {
                return recording.cost(sql, indexes);
            }

            @Override
            public void prefetch(List<Request> requests) {
                planner.prefetch(requests);
            }

            @Override
            public long size(IndexCandidate index) {
                return recording.size(index);
            }

            @Override
            public int calls() {
                return recording.calls();
            }

            @Override
            public String lastError() {
                return recording.lastError();
            }

            @Override
            public String verbosePlan(String sql) {
                return recording.verbosePlan(sql);
            }

            @Override
            public String lostConnection() {
                return recording.lostConnection();
            }
        };
    }

    static void verbose(String message) {
        if (Boolean.getBoolean("verbose")) {
            System.out.println("  " + message);
        }
    }

    private static String names(List<IndexCandidate> indexes) {
        return String.join(" ", indexes.stream().map(i -> i.table().replace("public.", "") + "(" + String.join(",", i.columns()) + ")").toList());
    }

    /** The queries as Extend sees them: each with the tables whose indexes can change its plan. */
    /**
     * The exact optimum over what both algorithms costed at this budget (ExactSelection), and
     * QueryLens's gap to it in points: "62.10% 0.12" when proven optimal, "~62.10% 0.12 (>= 61.90%)"
     * when the time limit ({@code -Dexact.seconds}, default 120) ran out first with that bound.
     */
    private String exactColumn(CostLedger ledger, Report report, long budget, double oursRelative, WhatIfPlanner planner) {
        if (Boolean.getBoolean("skip.exact")) {
            return String.format(Locale.ROOT, "%9s %6s", "-", "-");
        }
        Map<String, Long> weights = new java.util.LinkedHashMap<>();
        report.statements().forEach(s -> weights.merge(CostLedger.canonical(s.exampleSql()), s.calls(), Long::sum));
        // greedy's selection is a feasible point: the solver starts there, so a time limit never leaves it worse than greedy
        java.util.Set<String> greedy = new java.util.HashSet<>();
        report.indexRecommendations().forEach(r -> greedy.add(r.ddl()));
        // -Dexact.min.improvement=0,0.01: the program solved once per least improvement (0: every saving counts; the
        // advisor's --min-improvement: an index only with a configuration where its own saving reaches it, as advise --exact
        // solves, MarginalSavings); the table shows the first
        String column = null;
        for (String rule : System.getProperty("exact.min.improvement", "0").split(",")) {
            String one = exactSolve(ledger, weights, greedy, budget, oursRelative, planner, Double.parseDouble(rule.strip()));
            column = column == null ? one : column;
        }
        return column;
    }

    private String exactSolve(CostLedger ledger, Map<String, Long> weights, Set<String> greedy, long budget, double oursRelative,
                                     WhatIfPlanner planner, double minImprovement) {
        ExactSelection.Result exact;
        try {
            // the budget alone bounds it, as it bounds Extend: no count limit, and the workloads only read (no upkeep)
            exact = ExactSelection.withOrTools().solve(ledger, weights, new WorkloadIndexSelection.Limits(budget, Integer.MAX_VALUE, minImprovement),
                    i -> 0, Double.parseDouble(System.getProperty("exact.seconds", "120")), greedy);
        } catch (ExactSelection.Unavailable e) {
            throw new IllegalStateException("the exact selection cannot run here: " + e.getMessage(), e);
        }
        verbose(String.format(Locale.ROOT, "exact at %d MB, least improvement %s: %.2f%% (%s, bound %.2f%%), %d indexes, %.0f MB, %d configurations, %.1f s",
                budget / MB, minImprovement, exact.relative(), exact.optimal() ? "optimal" : "time limit", exact.boundRelative(), exact.indexes(),
                exact.bytes() / (double) MB, exact.configurations(), exact.seconds()));
        // what the optimum chose that greedy did not, and the reverse: where greedy's steps went another way
        java.util.Set<String> optimum = new java.util.TreeSet<>();
        exact.chosen().forEach(i -> optimum.add(i.ddl()));
        optimum.stream().filter(d -> !greedy.contains(d)).forEach(d -> verbose("exact only: " + d + " (" + ledger.size(
                exact.chosen().stream().filter(i -> i.ddl().equals(d)).findFirst().orElseThrow()) / MB + " MB)"));
        greedy.stream().sorted().filter(d -> !optimum.contains(d)).forEach(d -> verbose("greedy only: " + d));
        if (Boolean.getBoolean("verbose")) {
            Map<String, String> names = new java.util.HashMap<>();
            queries.forEach(q -> names.put(CostLedger.canonical(q.sql()), q.name()));
            SelectionDifference.print(ledger, weights, names, greedy, optimum, exact.noIndexes(), minImprovement, IndexSelectionComparison::verbose);
        }
        if (Boolean.getBoolean("exact.replan") && !exact.chosen().isEmpty()) {
            // the program takes a configuration's cost for its supersets: PostgreSQL's plans with exactly this selection in place
            double planned = 0;
            for (Map.Entry<String, Long> w : weights.entrySet()) {
                planned += planner.cost(w.getKey(), exact.chosen()) * w.getValue();
            }
            verbose(String.format(Locale.ROOT, "exact selection as PostgreSQL plans it with all %d of its indexes in place: %.2f%%",
                    exact.indexes(), 100 * planned / exact.noIndexes()));
        }
        return String.format(Locale.ROOT, "%s%7.2f%% %+6.2f", exact.optimal() ? " " : "~", exact.relative(), oursRelative - exact.relative());
    }

    private List<ExtendBaseline.Query> extendWorkload(Catalog catalog) {
        List<ExtendBaseline.Query> out = new ArrayList<>();
        for (Query q : queries) {
            Set<String> tables = new HashSet<>();
            Set<String> columns = new HashSet<>();
            for (Table t : catalog.tables()) {
                if (mentions(q.mentionText(), t.name())) {
                    tables.add(t.qualifiedName());
                    t.columns().stream().map(Column::name).filter(name -> mentions(q.mentionText(), name)).forEach(columns::add);
                }
            }
            out.add(new ExtendBaseline.Query(q.sql(), tables, columns));
        }
        return out;
    }

    /** Per table, every column some query names (as the published evaluations take a query's indexable columns). */
    private Map<String, List<String>> mentionedColumns(Catalog catalog) {
        String text = String.join("\n", queries.stream().map(Query::mentionText).toList());
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Table t : catalog.tables()) {
            List<String> columns = t.columns().stream().map(Column::name).filter(name -> mentions(text, name)).toList();
            if (!columns.isEmpty()) {
                out.put(t.qualifiedName(), columns);
            }
        }
        return out;
    }

    private static boolean mentions(String text, String word) {
        return Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(word) + "(?![A-Za-z0-9_])", Pattern.CASE_INSENSITIVE).matcher(text).find();
    }

    /** Streams {@code lines} (each ending in a newline) into {@code copy}, a COPY ... FROM STDIN, without holding the table in memory. */
    static void copy(Connection c, String copy, Iterator<String> lines) throws Exception {
        Reader reader = new Reader() {
            private String line = "";
            private int pos;

            @Override
            public int read(char[] buf, int off, int len) {
                if (pos >= line.length()) {
                    if (!lines.hasNext()) {
                        return -1;
                    }
                    line = lines.next();
                    pos = 0;
                }
                int n = Math.min(len, line.length() - pos);
                line.getChars(pos, pos + n, buf, off);
                pos += n;
                return n;
            }

            @Override
            public void close() {
            }
        };
        c.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, reader, 1 << 16);
    }
}
