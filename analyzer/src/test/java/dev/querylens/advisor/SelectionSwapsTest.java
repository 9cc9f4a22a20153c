package dev.querylens.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.database.ConnectionSettings;
import dev.querylens.database.UserDatabase;
import dev.querylens.schema.Catalog;
import dev.querylens.schema.LiveCatalogReader;
import dev.querylens.sql.FactExtractor;
import dev.querylens.sql.Fingerprint;
import dev.querylens.workload.StatementGroup;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The swaps after greedy's pass ({@link SelectionSwaps}) on a real PostgreSQL 15 with HypoPG, on a
 * workload where ranking by benefit per byte is not optimal: two lookup tables alike but for their
 * size (100,000 and 150,000 rows), the smaller one's lookup run 10 times, the larger one's 8. Per
 * byte the smaller table's index pays more (10 calls against 8, over costs and sizes that grow
 * alike with the rows), so greedy takes it first, and the budget (the larger index and half the
 * smaller) then has no room for the larger one, which alone saves more (8 x 1.5 against 10). The
 * swap must find that: drop the smaller table's index to make room for the larger one's, stay in
 * the budget, and report costs that are PostgreSQL's own plans with that selection in place (asked
 * here of the server through HypoPG directly).
 */
class SelectionSwapsTest {
    private static PostgresServer pg;
    private static long budget;
    private static final Map<String, Integer> CALLS = new LinkedHashMap<>(Map.of("small_orders", 10, "large_orders", 8));

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE shop");
        }
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION hypopg");
            for (Map.Entry<String, Integer> t : Map.of("small_orders", 100_000, "large_orders", 150_000).entrySet()) {
                s.execute("CREATE TABLE " + t.getKey() + " (id serial PRIMARY KEY, a int NOT NULL, payload text NOT NULL)");
                s.execute("INSERT INTO " + t.getKey() + " (a, payload) SELECT g, repeat('x', 80) || g FROM generate_series(1, "
                        + t.getValue() + ") g");
            }
            s.execute("VACUUM ANALYZE");
        }
        budget = hypotheticalSize("CREATE INDEX ON large_orders (a)") + hypotheticalSize("CREATE INDEX ON small_orders (a)") / 2;
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    private static long hypotheticalSize(String ddl) throws Exception {
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT hypopg_relation_size(indexrelid) FROM hypopg_create_index("
                     + dev.querylens.sql.Quote.literal(ddl) + ")")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String lookup(String table) {
        return "SELECT payload FROM " + table + " WHERE a = 4242";
    }

    private static double plannedWith(List<String> ddl, String sql) throws Exception {
        return pg.plannedWith("shop", ddl, sql);
    }

    /** The selection on the two lookups, with the swaps after greedy's pass or without them. */
    private static WorkloadIndexSelection.Result select(boolean swaps, List<String> progress) throws Exception {
        try (UserDatabase db = UserDatabase.open(ConnectionSettings.parse(pg.url("shop")), UserDatabase.Access.READ_ONLY)) {
            Catalog live = LiveCatalogReader.read(db.catalog(), d -> { });
            List<WorkloadIndexSelection.Query> workload = new ArrayList<>();
            try (FactExtractor extractor = new FactExtractor(live)) {
                CALLS.forEach((table, calls) -> {
                    String sql = lookup(table);
                    StatementGroup group = new StatementGroup(Fingerprint.of(sql), sql, calls, 0, 0, 0, Set.of(), List.of(), List.of(), Set.of(), null);
                    workload.add(new WorkloadIndexSelection.Query(group, extractor.extract(sql)));
                });
            }
            WorkloadIndexSelection selection = new WorkloadIndexSelection(HypoPgPlanner.on(db), live,
                    WorkloadIndexSelection.Limits.defaults(budget), progress::add);
            return (swaps ? selection : selection.withoutSwaps()).select(workload);
        }
    }

    private static List<String> tables(WorkloadIndexSelection.Result r) {
        return r.choices().stream().map(c -> c.index().table().replace("public.", "") + " " + c.index().columns()).toList();
    }

    @Test
    void aSwapDropsTheIndexBestPerByteForTheOneThatSavesMoreAndNoLongerFitted() throws Exception {
        List<String> greedyProgress = new ArrayList<>();
        WorkloadIndexSelection.Result greedy = select(false, greedyProgress);
        // the premise: greedy by benefit per byte takes the smaller table's index, and then the larger one no longer fits
        assertEquals(List.of("small_orders [a]"), tables(greedy), greedyProgress.toString());

        List<String> progress = new ArrayList<>();
        WorkloadIndexSelection.Result swapped = select(true, progress);
        assertEquals(List.of("large_orders [a]"), tables(swapped), progress.toString());
        assertTrue(progress.stream().anyMatch(p -> p.startsWith("swapped in ") && p.contains("large_orders (a)")
                && p.contains("small_orders (a)")), progress.toString());
        long used = swapped.choices().stream().mapToLong(WorkloadIndexSelection.Choice::sizeBytes).sum();
        assertTrue(used <= budget, used + " bytes > budget " + budget);
        assertTrue(swapped.finalCost() < greedy.finalCost(), swapped.finalCost() + " not below greedy's " + greedy.finalCost());

        // both selections' costs are the plans PostgreSQL makes with exactly those indexes in place
        for (WorkloadIndexSelection.Result r : List.of(greedy, swapped)) {
            List<String> ddl = r.choices().stream().map(c -> c.index().ddl().replace(" CONCURRENTLY IF NOT EXISTS", "")
                    .replaceAll(";$", "")).toList();
            double with = 0;
            double without = 0;
            for (Map.Entry<String, Integer> t : CALLS.entrySet()) {
                with += t.getValue() * plannedWith(ddl, lookup(t.getKey()));
                without += t.getValue() * plannedWith(List.of(), lookup(t.getKey()));
            }
            assertEquals(with, r.finalCost(), 0.05, ddl.toString());
            assertEquals(without, r.baselineCost(), 0.05);
        }
        // the swap is paid for in what-if calls, but few: the chosen index's own saving, the swap, the fill after it
        assertTrue(swapped.whatIfCalls() - greedy.whatIfCalls() <= 6, greedy.whatIfCalls() + " -> " + swapped.whatIfCalls());
    }
}
