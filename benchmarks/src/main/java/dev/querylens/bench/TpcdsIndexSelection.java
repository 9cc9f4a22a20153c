package dev.querylens.bench;

import dev.querylens.database.ConnectionSettings;
import dev.querylens.database.SingleStatement;
import dev.querylens.database.UserDatabase;
import io.trino.tpcds.Results;
import io.trino.tpcds.Session;
import io.trino.tpcds.Table;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/**
 * Index selection quality on TPC-DS, set up as the reference study runs it (Kossmann et al., VLDB
 * 2020; hyrise/index_selection_evaluation): data from io.trino.tpcds (dsdgen's generator) loaded
 * with COPY into tables with the spec's column types ({@link TpcdsTypes}), no keys or indexes, one
 * ANALYZE; the 90 queries of the study (all 99 without 4, 6, 9, 10, 11, 32, 35, 41 and 95) with the
 * qualification parameters, each weighing one call (texts and their provenance in
 * {@code resources/tpcds/}); budgets in decimal MB; Extend with index width 2, as the study's
 * TPC-DS configuration sets it. Needs a PostgreSQL with HypoPG: -Djdbc.url (see
 * tpcds-index-selection.sh, which starts a throwaway one).
 */
public final class TpcdsIndexSelection {
    static final List<Integer> QUERIES = List.of(1, 2, 3, 5, 7, 8, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
            28, 29, 30, 31, 33, 34, 36, 37, 38, 39, 40, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61,
            62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92,
            93, 94, 96, 97, 98, 99);
    private static final double SCALE = Double.parseDouble(System.getProperty("tpcds.scale", "1"));

    private TpcdsIndexSelection() {
    }

    public static void main(String[] args) throws Exception {
        String url = System.getProperty("jdbc.url");
        if (url == null) {
            System.err.println("set -Djdbc.url to a PostgreSQL with HypoPG (benchmarks/tpcds-index-selection.sh starts one)");
            System.exit(2);
        }
        long loadStart = System.nanoTime();
        try (Connection c = DriverManager.getConnection(url)) {
            load(c, SCALE);
        }
        prepareAndExplainAll(url);
        System.out.printf(Locale.ROOT, "loaded TPC-DS scale %.2f in %.0f s%n", SCALE, (System.nanoTime() - loadStart) / 1e9);
        List<IndexSelectionComparison.Query> queries = new ArrayList<>();
        for (int q : QUERIES) {
            queries.add(new IndexSelectionComparison.Query(String.format("q%02d", q), query(q)));
        }
        System.out.println(new IndexSelectionComparison(url, "tpcds", queries, IndexSelectionComparison.Settings.fromProperties(2))
                .run(IndexSelectionComparison.budgets(List.of(250L, 500L, 1000L, 1500L, 2000L))));
    }

    /**
     * Every query must PREPARE and EXPLAIN on this server before anything is measured: a query that
     * did not would drop out of one algorithm's workload silently. The texts go through the same
     * single-statement boundary as a user's workload (UserDatabase: one statement, read-only,
     * rolled back), although this is the benchmark's own throwaway server.
     */
    private static void prepareAndExplainAll(String url) throws Exception {
        try (UserDatabase db = UserDatabase.open(ConnectionSettings.parse(url), UserDatabase.Access.READ_ONLY)) {
            for (int q : QUERIES) {
                SingleStatement.Result one = SingleStatement.of(query(q));
                if (one.statement() == null) {
                    throw new IllegalStateException(String.format("q%02d is not one plannable statement: %s", q, one.refusal()));
                }
                db.hypotheticalCost(one.statement(), List.of()); // PREPARE + generic plan
                db.explainJson(one.statement(), false);
            }
        }
        System.out.println("all " + QUERIES.size() + " queries PREPARE and EXPLAIN");
    }

    /**
     * A query as committed (see resources/tpcds/PROVENANCE.md), without its semicolon; with
     * {@code -Dtpcds.queries=DIR}, DIR/qNN.sql instead (e.g. the reference platform's texts, which
     * its TPC kit generates and which are not ours to commit), of which only the first statement
     * is taken, as the committed texts of the two-statement templates (14, 23, 24, 39) hold only it.
     */
    static String query(int q) throws IOException {
        String name = String.format("q%02d.sql", q);
        String dir = System.getProperty("tpcds.queries");
        String raw;
        if (dir != null) {
            raw = java.nio.file.Files.readString(java.nio.file.Path.of(dir, name));
        } else {
            try (InputStream in = TpcdsIndexSelection.class.getResourceAsStream("/tpcds/queries/" + name)) {
                raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        String text = raw.lines().filter(line -> !line.strip().startsWith("--")).collect(Collectors.joining("\n")).strip();
        int end = text.indexOf(';');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }

    private static void load(Connection c, double scale) throws Exception {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_class WHERE relname = 'store_sales'")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return; // already loaded by an earlier run against the same server
                }
            }
            Session session = Session.getDefaultSession().withScale(scale);
            for (Table t : Table.getBaseTables()) {
                long start = System.nanoTime();
                s.execute("CREATE TABLE " + t.getName() + " (" + Arrays.stream(t.getColumns()).map(TpcdsTypes::definition)
                        .collect(Collectors.joining(", ")) + ")");
                IndexSelectionComparison.copy(c, "COPY " + t.getName() + " FROM STDIN", lines(t, session.withTable(t)));
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + t.getName())) {
                    rs.next();
                    System.out.printf(Locale.ROOT, "  %s: %,d rows, %.0f s%n", t.getName(), rs.getLong(1), (System.nanoTime() - start) / 1e9);
                }
            }
            s.execute("ANALYZE");
            s.execute("CREATE EXTENSION IF NOT EXISTS hypopg");
        }
    }

    /**
     * The table's rows as COPY text lines, generated as they are read. The generator hands a sales
     * row together with its returns rows (and a returns table's rows with their sales row), so
     * only rows of this table's width are kept. A null or empty value is loaded as NULL, as
     * dsdgen's empty fields are.
     */
    private static Iterator<String> lines(Table table, Session session) {
        int width = table.getColumns().length;
        Iterator<List<List<String>>> groups = Results.constructResults(table, session).iterator();
        return new Iterator<>() {
            private final List<String> pending = new ArrayList<>();

            @Override
            public boolean hasNext() {
                while (pending.isEmpty() && groups.hasNext()) {
                    for (List<String> row : groups.next()) {
                        if (row.size() == width) {
                            pending.add(line(row));
                        }
                    }
                }
                return !pending.isEmpty();
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return pending.remove(0);
            }
        };
    }

    private static String line(List<String> row) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < row.size(); i++) {
            if (i > 0) {
                out.append('\t');
            }
            String v = row.get(i);
            if (v == null || v.isEmpty()) {
                out.append("\\N");
            } else {
                for (int k = 0; k < v.length(); k++) {
                    char ch = v.charAt(k);
                    switch (ch) {
                        case '\\' -> out.append("\\\\");
                        case '\t' -> out.append("\\t");
                        case '\n' -> out.append("\\n");
                        case '\r' -> out.append("\\r");
                        default -> out.append(ch);
                    }
                }
            }
        }
        return out.append('\n').toString();
    }
}
