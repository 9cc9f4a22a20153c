package dev.querylens.bench;

import dev.querylens.advisor.HypoPgPlanner;
import dev.querylens.advisor.VerifiedAdvisor;
import dev.querylens.advisor.WorkloadIndexSelection;
import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.collect.Database;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.report.Report;
import dev.querylens.schema.Catalog;
import dev.querylens.schema.LiveCatalogReader;
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
    private static final long MB = 1L << 20;

    private TpchIndexSelection() {
    }

    public static void main(String[] args) throws Exception {
        String url = System.getProperty("jdbc.url");
        double scale = Double.parseDouble(System.getProperty("tpch.scale", "1"));
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
            Files.writeString(workload.resolve(String.format("q%02d.sql", q)), query(q));
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%n%-8s %10s %8s %14s %10s  %s%n",
                "budget", "relative", "indexes", "what-if calls", "seconds", "indexes chosen"));
        List<Long> budgets = System.getProperty("budgets") == null ? List.of(100 * MB, 250 * MB, 500 * MB, 1000 * MB)
                : java.util.Arrays.stream(System.getProperty("budgets").split(",")).map(b -> Long.parseLong(b.strip()) * MB).toList();
        for (long budget : budgets) {
            try (Connection c = Database.connect(url, true)) {
                Catalog live = LiveCatalogReader.read(c, d -> { });
                VerifiedAdvisor advisor = new VerifiedAdvisor(HypoPgPlanner.on(c),
                        new WorkloadIndexSelection.Limits(budget, 100, 0.0),
                        m -> {
                            if (Boolean.getBoolean("verbose")) {
                                System.out.println("  " + m);
                            }
                        });
                long start = System.nanoTime();
                Report report = new Analysis(RuleCatalog.load(), "tpch", m -> { })
                        .run(new AnalysisRequest(List.of(workload), List.of(), null, null), live, advisor);
                double seconds = (System.nanoTime() - start) / 1e9;
                var result = advisor.result();
                table.append(String.format(Locale.ROOT, "%-8s %9.1f%% %8d %14d %10.1f  %s%n", budget / MB + " MB",
                        100 * result.finalCost() / result.baselineCost(), result.choices().size(), result.whatIfCalls(), seconds,
                        String.join(" ", report.indexRecommendations().stream()
                                .map(r -> r.table().replace("public.", "") + "(" + String.join(",", r.columns()) + ")").toList())));
                if (!result.notCosted().isEmpty()) {
                    table.append("         not costed: ").append(result.notCosted()).append('\n');
                }
            }
        }
        System.out.println(table);
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
                    cols.add(col.getColumnName() + " " + sqlType(col.getType().getBase().name()));
                }
                s.execute("CREATE TABLE " + t.getTableName() + " (" + String.join(", ", cols) + ")");
                copy(c, t, scale);
            }
            s.execute("CREATE VIEW revenue AS SELECT l_suppkey AS supplier_no, sum(l_extendedprice * (1 - l_discount)) AS total_revenue"
                    + " FROM lineitem WHERE l_shipdate >= DATE '1996-01-01' AND l_shipdate < DATE '1996-01-01' + INTERVAL '3' MONTH"
                    + " GROUP BY l_suppkey");
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

    private static String sqlType(String base) {
        return switch (base) {
            case "IDENTIFIER" -> "bigint";
            case "INTEGER" -> "integer";
            case "DATE" -> "date";
            case "DOUBLE" -> "numeric(15,2)";
            default -> "text";
        };
    }

    /** A TPC-H query as the generator ships it; for Q15 only the SELECT (its view is created at load). */
    private static String query(int q) throws IOException {
        try (InputStream in = TpchTable.class.getResourceAsStream("/io/trino/tpch/queries/q" + q + ".sql")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (q == 15) {
                text = text.substring(text.indexOf(";") + 1);
            }
            return text.strip() + ";\n";
        }
    }
}
