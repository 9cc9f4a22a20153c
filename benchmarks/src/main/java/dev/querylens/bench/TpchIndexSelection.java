package dev.querylens.bench;

import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Index selection quality on TPC-H: the advisor's workload cost with its recommendations relative
 * to no indexes, at several budgets, as in the published index-selection evaluations (data from
 * io.trino.tpch at scale factor 1 loaded with COPY, no keys or indexes, one ANALYZE; the 22
 * queries without 2, 17 and 20). Needs a PostgreSQL with HypoPG: -Djdbc.url (see
 * tpch-index-selection.sh, which starts a throwaway one). Loads only into its own schema.
 */
public final class TpchIndexSelection {
    private static final List<Integer> QUERIES = List.of(1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 19, 21, 22);
    private static final double SCALE = Double.parseDouble(System.getProperty("tpch.scale", "1"));
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
        List<IndexSelectionComparison.Query> queries = new ArrayList<>();
        for (int q : QUERIES) {
            String sql = query(q);
            // a query on the revenue view (Q15) can use lineitem's indexes, so Extend reads the view's text with it
            queries.add(new IndexSelectionComparison.Query(String.format("q%02d", q), sql, sql + (sql.contains("revenue") ? "\n" + REVENUE_VIEW : "")));
        }
        System.out.println(new IndexSelectionComparison(url, "tpch", queries, IndexSelectionComparison.Settings.fromProperties(3))
                .run(IndexSelectionComparison.budgets(List.of(100L, 250L, 500L, 1000L))));
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
        Iterator<String> lines = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public String next() {
                String l = rows.next().toLine();
                return (l.endsWith("|") ? l.substring(0, l.length() - 1) : l) + "\n";
            }
        };
        IndexSelectionComparison.copy(c, "COPY " + table.getTableName() + " FROM STDIN WITH (DELIMITER '|')", lines);
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
