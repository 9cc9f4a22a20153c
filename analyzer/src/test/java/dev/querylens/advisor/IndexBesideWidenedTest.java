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
 * A second index led by a widened index's column ({@link SelectionMoves}), on a real PostgreSQL 15
 * with HypoPG. Two lookups share their leading column: the first reads two narrow columns by
 * {@code k} (an index-only scan once they ride in the index), the second filters on {@code k} and
 * on a range of the wide text column {@code b}. Per byte, greedy first takes {@code (k)} for both,
 * then carries the first's columns in it ({@code (k) INCLUDE (a, c)}); a covering index is not
 * widened further, and a chosen index led by {@code k} blocks new ones led by {@code k}, so before
 * this change the second lookup was left reading a hundred heap rows to keep a tenth of them. Now
 * {@code (k, b)} is offered beside the widened index and must be chosen, with costs that are the
 * server's own plans with exactly those indexes in place.
 */
class IndexBesideWidenedTest {
    private static PostgresServer pg;
    private static final String COVERED = "SELECT a, c FROM t WHERE k = 42";
    private static final String FILTERED = "SELECT pad FROM t WHERE k = 42 AND b < '1a'";
    private static final Map<String, Integer> CALLS = new LinkedHashMap<>(Map.of(COVERED, 10, FILTERED, 10));

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE lookups");
        }
        try (Connection c = pg.connect("lookups"); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION hypopg");
            s.execute("CREATE TABLE t (k int NOT NULL, a int NOT NULL, c int NOT NULL, b text NOT NULL, pad text NOT NULL)");
            s.execute("INSERT INTO t SELECT g % 5000, g, g * 2, md5(g::text), repeat('x', 200) FROM generate_series(1, 500000) g");
            s.execute("VACUUM ANALYZE t"); // all-visible pages, so an index-only scan is costed as one
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    private static double plannedWith(List<String> ddl, String sql) throws Exception {
        return pg.plannedWith("lookups", ddl, sql);
    }

    private static WorkloadIndexSelection.Result select(List<String> progress) throws Exception {
        try (UserDatabase db = UserDatabase.open(ConnectionSettings.parse(pg.url("lookups")), UserDatabase.Access.READ_ONLY)) {
            Catalog live = LiveCatalogReader.read(db.catalog(), d -> { });
            List<WorkloadIndexSelection.Query> workload = new ArrayList<>();
            try (FactExtractor extractor = new FactExtractor(live)) {
                CALLS.forEach((sql, calls) -> {
                    StatementGroup group = new StatementGroup(Fingerprint.of(sql), sql, calls, 0, 0, 0, Set.of(), List.of(), List.of(), Set.of(), null);
                    workload.add(new WorkloadIndexSelection.Query(group, extractor.extract(sql)));
                });
            }
            return new WorkloadIndexSelection(HypoPgPlanner.on(db), live, WorkloadIndexSelection.Limits.defaults(200_000_000L), progress::add)
                    .select(workload);
        }
    }

    private static List<String> ddl(List<IndexCandidate> indexes) {
        return indexes.stream().map(i -> i.ddl().replace(" CONCURRENTLY IF NOT EXISTS", "").replaceAll(";$", "")).toList();
    }

    @Test
    void aSecondIndexLedByTheWidenedIndexsColumnServesTheStatementTheWideningCouldNot() throws Exception {
        List<String> progress = new ArrayList<>();
        WorkloadIndexSelection.Result r = select(progress);
        List<IndexCandidate> chosen = r.choices().stream().map(WorkloadIndexSelection.Choice::index).toList();
        IndexCandidate covering = new IndexCandidate("public.t", List.of("k"), null, List.of("a", "c"));
        IndexCandidate beside = new IndexCandidate("public.t", List.of("k", "b"), null);
        assertEquals(Set.of(covering, beside), Set.copyOf(chosen), progress.toString());

        // what the second index is for, by the server's own plans: the filtered lookup is far cheaper with it than with
        // the covering index alone (where it reads every row of k = 42 to keep those with b < '1a')
        double alone = plannedWith(ddl(List.of(covering)), FILTERED);
        double both = plannedWith(ddl(chosen), FILTERED);
        assertTrue(both < 0.5 * alone, both + " not well below " + alone);
        // and the selection's costs are those plans, weighted by the calls
        double with = 0;
        double without = 0;
        for (Map.Entry<String, Integer> s : CALLS.entrySet()) {
            with += s.getValue() * plannedWith(ddl(chosen), s.getKey());
            without += s.getValue() * plannedWith(List.of(), s.getKey());
        }
        assertEquals(with, r.finalCost(), 0.05, ddl(chosen).toString());
        assertEquals(without, r.baselineCost(), 0.05);
        // each index's own saving is its own: the second one's is the filtered lookup's drop with the covering one in place
        WorkloadIndexSelection.Choice second = r.choices().stream().filter(c -> c.index().equals(beside)).findFirst().orElseThrow();
        assertEquals(List.of(Fingerprint.of(FILTERED).id()), List.copyOf(second.costBeforeAfter().keySet()));
        assertEquals(alone, second.costBeforeAfter().values().iterator().next()[0], 0.05);
    }
}
