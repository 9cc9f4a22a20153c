package dev.querylens.bench;

import dev.querylens.advisor.HypoPgPlanner;
import dev.querylens.advisor.IndexCandidate;
import dev.querylens.advisor.VerifiedAdvisor;
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
import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.postgresql.PGConnection;

/**
 * Index selection quality on TPC-H: the advisor's workload cost with its recommendations relative
 * to no indexes, at several budgets, as in the published index-selection evaluations (data from
 * io.trino.tpch at scale factor 1 loaded with COPY, no keys or indexes, one ANALYZE; the 22
 * queries without 2, 17 and 20). Needs a PostgreSQL with HypoPG: -Djdbc.url (see
 * tpch-index-selection.sh, which starts a throwaway one). Loads only into its own schema.
 */
public final class TpchIndexSelection {
    private static final List<Integer> QUERIES = List.of(1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 19, 21, 22);
    /** Budgets are decimal megabytes, as in the published evaluation (and its Extend figures). */
    private static final long MB = 1_000_000L;
    /** The advisor's own default (advise --min-improvement). */
    private static final double MIN_IMPROVEMENT = Double.parseDouble(System.getProperty("min.improvement",
            String.valueOf(WorkloadIndexSelection.Limits.DEFAULT_MIN_IMPROVEMENT)));
    /** The advisor's own default (advise --max-indexes). */
    private static final int MAX_INDEXES = Integer.getInteger("max.indexes", WorkloadIndexSelection.Limits.DEFAULT_MAX_INDEXES);
    private static final double SCALE = Double.parseDouble(System.getProperty("tpch.scale", "1"));
    private static final double EXTEND_THRESHOLD = Double.parseDouble(System.getProperty("extend.threshold", "1.003"));
    private static final String REVENUE_VIEW = "SELECT l_suppkey AS supplier_no, sum(l_extendedprice * (1 - l_discount)) AS total_revenue"
            + " FROM lineitem WHERE l_shipdate >= DATE '1996-01-01' AND l_shipdate < DATE '1996-01-01' + INTERVAL '3' MONTH"
            + " GROUP BY l_suppkey";

    private TpchIndexSelection() {
    }

    public static void main(String[] args) throws Exception {
        String url = System.getProperty("jdbc.url");
        double scale = SCALE;
        if (url == null) {
            System.err.println("set -Djdbc.url to a PostgreSQL with HypoPG (benchmarks/tpch-index-selection.sh starts one)");
            System.exit(2);
        }
        long loadStart = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url)) {
            load(c, scale);
        }
        System.out.printf(Locale.ROOT, "loaded TPC-H scale %.2f in %.0f s%n", scale, (System.nanoTime() - loadStart) / 1e9);
        Path workload = Files.createTempDirectory("querylens-tpch");
        for (int q : QUERIES) {
            Files.writeString(workload.resolve(String.format("q%02d.sql", q)), query(q) + ";\n");
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%n%-8s %9s %9s %8s %15s %13s %13s  %s%n",
                "budget", "QueryLens", "Extend", "diff", "what-if calls", "seconds", "MB used", "indexes QueryLens chose"));
        List<Long> budgets = System.getProperty("budgets") == null ? List.of(100 * MB, 250 * MB, 500 * MB, 1000 * MB)
                : java.util.Arrays.stream(System.getProperty("budgets").split(",")).map(b -> Long.parseLong(b.strip()) * MB).toList();
        int extendWidth = Integer.getInteger("extend.width", 3);
        for (long budget : budgets) {
            try (UserDatabase c = UserDatabase.open(ConnectionSettings.parse(url), UserDatabase.Access.READ_ONLY)) {
                Catalog live = LiveCatalogReader.read(c.catalog(), d -> { });
                VerifiedAdvisor advisor = new VerifiedAdvisor(HypoPgPlanner.on(c),
                        new WorkloadIndexSelection.Limits(budget, MAX_INDEXES, MIN_IMPROVEMENT), TpchIndexSelection::verbose);
                long start = System.nanoTime();
                Report report = new Analysis(RuleCatalog.load(), "tpch", m -> { })
                        .run(new AnalysisRequest(List.of(workload), List.of(), null, null), live, advisor);
                double seconds = (System.nanoTime() - start) / 1e9;
                var result = advisor.result();
                double ours = 100 * result.finalCost() / result.baselineCost();

                HypoPgPlanner extendPlanner = HypoPgPlanner.on(c);
                start = System.nanoTime();
                ExtendBaseline.Result extend = new ExtendBaseline(extendPlanner, mentionedColumns(live), budget, extendWidth, EXTEND_THRESHOLD,
                        TpchIndexSelection::verbose)
                        .select(extendWorkload(live));
                double extendSeconds = (System.nanoTime() - start) / 1e9;
                double baseline = 100 * extend.finalCost() / extend.baselineCost();
                verbose("Extend chose " + names(extend.indexes()));
                verbose(String.format(Locale.ROOT, "workload cost without indexes: QueryLens %.0f, Extend %.0f", result.baselineCost(), extend.baselineCost()));
                double usedMb = report.indexRecommendations().stream().mapToLong(r -> r.sizeBytes()).sum() / (double) MB;
                table.append(String.format(Locale.ROOT, "%-8s %8.2f%% %8.2f%% %+7.2f %7d / %5d %6.1f / %4.1f %6.0f / %4.0f  %s%n", budget / MB + " MB",
                        ours, baseline, ours - baseline, result.whatIfCalls(), extendPlanner.calls(), seconds, extendSeconds,
                        usedMb, extend.bytes() / (double) MB,
                        String.join(" ", report.indexRecommendations().stream()
                                .map(r -> r.table().replace("public.", "") + "(" + String.join(",", r.columns()) + ")").toList())));
                if (!result.notCosted().isEmpty()) {
                    table.append("         not costed: ").append(result.notCosted()).append('\n');
                }
                if (!result.unparsed().isEmpty()) {
                    table.append("         not parsed: ").append(result.unparsed().size()).append(" queries\n");
                }
            }
        }
        table.append(String.format(Locale.ROOT, "%nrelative = estimated workload cost with the chosen indexes / without; diff = QueryLens - Extend"
                + " in points; calls, seconds and MB used (decimal) are QueryLens / Extend (width %d, threshold %.3f)%n", extendWidth, EXTEND_THRESHOLD));
        System.out.println(table);
    }

    private static void verbose(String message) {
        if (Boolean.getBoolean("verbose")) {
            System.out.println("  " + message);
        }
    }

    private static String names(List<IndexCandidate> indexes) {
        return String.join(" ", indexes.stream().map(i -> i.table().replace("public.", "") + "(" + String.join(",", i.columns()) + ")").toList());
    }

    /** The queries as Extend sees them; a query on the revenue view (Q15) can use lineitem's indexes. */
    private static List<ExtendBaseline.Query> extendWorkload(Catalog catalog) throws IOException {
        List<ExtendBaseline.Query> out = new ArrayList<>();
        for (int q : QUERIES) {
            String sql = query(q);
            String text = sql + (sql.contains("revenue") ? REVENUE_VIEW : "");
            Set<String> tables = new HashSet<>();
            for (Table t : catalog.tables()) {
                if (mentions(text, t.name())) {
                    tables.add(t.qualifiedName());
                }
            }
            out.add(new ExtendBaseline.Query(sql, tables));
        }
        return out;
    }

    /** Per table, every column some query names (as the published evaluations take a query's indexable columns). */
    private static Map<String, List<String>> mentionedColumns(Catalog catalog) throws IOException {
        StringBuilder all = new StringBuilder(REVENUE_VIEW);
        for (int q : QUERIES) {
            all.append(query(q));
        }
        String text = all.toString();
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

    private static void load(Connection c, double scale) throws Exception {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_class WHERE relname = 'lineitem'")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return; // already loaded by an earlier run against the same server
                }
            }
            for (TpchTable<?> t : TpchTable.getTables()) {
                List<String> cols = new ArrayList<>();
                for (TpchColumn<?> col : t.getColumns()) {
                    cols.add(col.getColumnName() + " " + TpchTypes.of(col.getColumnName()) + " NOT NULL");
                }
                s.execute("CREATE TABLE " + t.getTableName() + " (" + String.join(", ", cols) + ")");
                copy(c, t, scale);
            }
            s.execute("CREATE VIEW revenue AS " + REVENUE_VIEW);
            s.execute("ANALYZE");
            s.execute("CREATE EXTENSION IF NOT EXISTS hypopg");
        }
    }

    private static <E extends TpchEntity> void copy(Connection c, TpchTable<E> table, double scale) throws Exception {
        Iterator<E> rows = table.createGenerator(scale, 1, 1).iterator();
        Reader reader = new Reader() {
            private String line = "";
            private int pos;

            @Override
            public int read(char[] buf, int off, int len) {
                if (pos >= line.length()) {
                    if (!rows.hasNext()) {
                        return -1;
                    }
                    String l = rows.next().toLine();
                    line = (l.endsWith("|") ? l.substring(0, l.length() - 1) : l) + "\n";
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
        c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table.getTableName() + " FROM STDIN WITH (DELIMITER '|')",
                reader, 1 << 16);
    }

    /**
     * A TPC-H query as the generator ships it, without its header comment or semicolon; for Q15
     * only the SELECT (its view is created at load). io.trino.tpch's texts carry the spec's
     * validation parameters (what {@code qgen -d} writes, which the reference study used); Q11's
     * FRACTION is 0.0001 / SF in the spec, so it is scaled here when SF is not 1.
     */
    private static String query(int q) throws IOException {
        try (InputStream in = TpchTable.class.getResourceAsStream("/io/trino/tpch/queries/q" + q + ".sql")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.strip().startsWith("--")).collect(java.util.stream.Collectors.joining("\n"));
            if (q == 15) {
                text = text.substring(text.indexOf(";") + 1);
            }
            text = text.strip();
            if (q == 11) {
                text = text.replace("* 0.0001", "* " + new java.math.BigDecimal("0.0001")
                        .divide(java.math.BigDecimal.valueOf(SCALE), java.math.MathContext.DECIMAL64).stripTrailingZeros().toPlainString());
            }
            return text.endsWith(";") ? text.substring(0, text.length() - 1) : text;
        }
    }
}
