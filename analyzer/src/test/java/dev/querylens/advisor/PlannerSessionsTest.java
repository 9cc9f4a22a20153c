package dev.querylens.advisor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.Samples;
import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.database.ConnectionSettings;
import dev.querylens.database.UserDatabase;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.schema.Catalog;
import dev.querylens.schema.LiveCatalogReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What-if costs planned on several sessions at once must choose what one session chooses: the same
 * indexes, the same costs, the same number of planner calls. PostgreSQL with HypoPG is the oracle
 * for both runs; only the number of sessions differs.
 */
class PlannerSessionsTest {
    private static PostgresServer pg;

    @TempDir
    Path dir;

    /** Five tables, joins between them, and statements of different weights (a pg_stat_statements export). */
    static final String SHOP_WORKLOAD = """
            query,calls,total_exec_time
            "select id, total from orders where customer_id = $1",5000,25000
            "select id, total from orders where customer_id = $1 and created_at >= $2",2000,10000
            "select o.id, o.total from customers c join orders o on o.customer_id = c.id where c.email = $1",500,4000
            "select c.region, count(*) from customers c join orders o on o.customer_id = c.id where o.status = $1 group by c.region",50,4000
            "select o.id, l.sku from orders o join lines l on l.order_id = o.id where o.created_at >= $1 and l.qty > $2",300,6000
            "select sku, sum(qty) from lines where order_id = $1 group by sku",4000,8000
            "select id, total from orders order by created_at desc limit 20",1000,9000
            "select id from accounts where email = $1 and deleted_at is null",3000,9000
            "select id, region from customers where lower(email) = lower($1)",2000,9000
            "select count(*) from orders where status = $1",100,3000
            "select id from audit where actor = $1",1,20
            "insert into audit (actor, at) values ($1, $2)",1000000,30000
            """;

    /** The five tables of {@link #SHOP_WORKLOAD}, filled and analyzed, with HypoPG created. */
    static final String SHOP_SCHEMA = """
            CREATE EXTENSION hypopg;
            CREATE TABLE customers (id serial PRIMARY KEY, email text NOT NULL, region text NOT NULL);
            CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL, status text NOT NULL,
                         created_at timestamptz NOT NULL, total numeric NOT NULL);
            CREATE TABLE lines (id bigserial PRIMARY KEY, order_id int NOT NULL, sku text NOT NULL, qty int NOT NULL);
            CREATE TABLE accounts (id serial PRIMARY KEY, email text NOT NULL, deleted_at timestamptz);
            CREATE TABLE audit (id bigserial PRIMARY KEY, actor int NOT NULL, at timestamptz NOT NULL);
            INSERT INTO accounts (email, deleted_at) SELECT 'a' || g || '@example.com', CASE WHEN g % 10 <> 0 THEN now() END
              FROM generate_series(1, 100000) g;
            INSERT INTO customers (email, region) SELECT 'c' || g || '@example.com', (ARRAY['eu','us','ap'])[1 + g % 3]
              FROM generate_series(1, 50000) g;
            INSERT INTO orders (customer_id, status, created_at, total)
              SELECT 1 + (g * 7) % 50000, (ARRAY['open','closed','void'])[1 + g % 3], timestamptz '2025-01-01' + g * interval '1 minute', g % 500
              FROM generate_series(1, 200000) g;
            INSERT INTO lines (order_id, sku, qty) SELECT 1 + (g * 13) % 200000, 'sku' || (g % 5000), g % 7 FROM generate_series(1, 400000) g;
            INSERT INTO audit (actor, at) SELECT g % 1000, now() FROM generate_series(1, 50000) g;
            ANALYZE;
            """;

    @BeforeAll
    static void start() throws Exception {
        // connections logged: the witness of how many sessions a CLI run opened
        pg = PostgresServer.start("-c log_connections=on");
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE shop");
            s.execute("CREATE DATABASE taskboard");
        }
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement()) {
            s.execute(SHOP_SCHEMA);
        }
        try (Connection c = pg.connect("taskboard"); Statement s = c.createStatement()) {
            s.execute(Files.readString(Samples.ROOT.resolve("capture/supabase-stub.sql")));
            try (var migrations = Files.list(Samples.MIGRATIONS)) {
                for (Path m : migrations.sorted().toList()) {
                    s.execute(Files.readString(m).replace("--> statement-breakpoint", ""));
                }
            }
            s.execute(Files.readString(Samples.ROOT.resolve("capture/seed.sql")));
            s.execute("CREATE EXTENSION hypopg");
            s.execute("ANALYZE");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    /** One selection's outcome, as comparable values, and how many QueryLens sessions were connected at its end. */
    private record Outcome(List<String> chosen, List<Long> sizes, Map<String, List<Double>> costs, double baseline, double fin,
                           int calls, List<String> notCosted, int backends) {
    }

    private Outcome select(String database, Path workload, long budget, int sessions) throws Exception {
        try (UserDatabase db = UserDatabase.open(ConnectionSettings.parse(pg.url(database)), UserDatabase.Access.READ_ONLY)) {
            Catalog live = LiveCatalogReader.read(db.catalog(), d -> { });
            VerifiedAdvisor advisor = new VerifiedAdvisor(HypoPgPlanner.on(db, sessions), WorkloadIndexSelection.Limits.defaults(budget), m -> { });
            new Analysis(RuleCatalog.load(), "test", m -> { }).run(new AnalysisRequest(List.of(workload), List.of(), null, null), live, advisor);
            WorkloadIndexSelection.Result r = advisor.result();
            List<String> chosen = new ArrayList<>();
            List<Long> sizes = new ArrayList<>();
            Map<String, List<Double>> costs = new java.util.TreeMap<>();
            for (WorkloadIndexSelection.Choice c : r.choices()) {
                chosen.add(c.index().ddl());
                sizes.add(c.sizeBytes());
                c.costBeforeAfter().forEach((statement, beforeAfter) ->
                        costs.put(c.index().ddl() + " | " + statement, List.of(beforeAfter[0], beforeAfter[1])));
            }
            int backends;
            try (Connection c = pg.connect(database); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'querylens'"
                         + " AND datname = current_database()")) {
                rs.next();
                backends = rs.getInt(1);
            }
            return new Outcome(chosen, sizes, costs, r.baselineCost(), r.finalCost(), r.whatIfCalls(), r.notCosted(), backends);
        }
    }

    private static void assertSame(Outcome one, Outcome two) {
        assertEquals(one.chosen(), two.chosen(), "the same indexes, in the same order");
        assertEquals(one.sizes(), two.sizes());
        assertEquals(one.costs(), two.costs(), "each index's statements with the same costs before and after");
        assertEquals(one.baseline(), two.baseline(), 0.0);
        assertEquals(one.fin(), two.fin(), 0.0);
        assertEquals(one.calls(), two.calls(), "the same what-if calls: a batch plans what one by one would, nothing more");
        assertEquals(one.notCosted(), two.notCosted());
    }

    @Test
    void twoSessionsChooseWhatOneChoosesOnFiveTables() throws Exception {
        Path workload = dir.resolve("pgss.csv");
        Files.writeString(workload, SHOP_WORKLOAD);
        for (long budget : List.of(20_000_000L, 1_000_000_000L)) {
            Outcome one = select("shop", workload, budget, 1);
            Outcome two = select("shop", workload, budget, 2);
            assertSame(one, two);
            assertEquals(1, one.backends(), "one session: no other connection");
            assertEquals(2, two.backends(), "two sessions: the second was opened and used");
            // a selection worth comparing: indexes on several tables, the workload cheaper
            long tables = one.chosen().stream().map(d -> d.replaceAll(".* ON ([^ (]+).*", "$1")).distinct().count();
            assertTrue(tables >= 2, "indexes on several tables: " + one.chosen());
            assertTrue(one.fin() < one.baseline() * 0.9, one.fin() + " against " + one.baseline());
        }
    }

    @Test
    void threeSessionsChooseWhatOneChoosesOnTheSampleApplication() throws Exception {
        Outcome one = select("taskboard", Samples.STDERR_LOG, 1_000_000_000L, 1);
        Outcome three = select("taskboard", Samples.STDERR_LOG, 1_000_000_000L, 3);
        assertSame(one, three);
        assertTrue(!one.chosen().isEmpty(), "the sample's log asks for indexes");
        assertTrue(three.backends() >= 2, "more than one session used: " + three.backends());
    }

    @Test
    void sessionsOutsideOneToSixteenAreOneLineAndExitTwoBeforeAnyConnection() throws Exception {
        Path workload = Files.writeString(dir.resolve("pgss.csv"), SHOP_WORKLOAD);
        for (String command : List.of("advise", "analyze")) {
            for (String sessions : List.of("0", "17")) {
                java.io.PrintStream saved = System.err;
                java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
                System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
                int exit;
                try {
                    // port 1: nothing listens there, so a connection attempt would fail differently
                    exit = dev.querylens.cli.QueryLensCommand.execute(command, "-q", "--db", "postgresql://postgres@127.0.0.1:1/shop",
                            "--planner-sessions", sessions, workload.toString());
                } finally {
                    System.setErr(saved);
                }
                String out = err.toString(java.nio.charset.StandardCharsets.UTF_8);
                assertEquals(2, exit, command + " " + sessions + ": " + out);
                assertEquals(1, out.lines().count(), out);
                assertTrue(out.contains("--planner-sessions must be at least 1 and at most 16") && out.contains("not " + sessions), out);
            }
        }
    }

    @Test
    void aSiblingSessionIsOpenedAsTheFirstAndClosedWithIt() throws Exception {
        try (UserDatabase db = UserDatabase.open(ConnectionSettings.parse(pg.url("shop")), UserDatabase.Access.READ_ONLY)) {
            UserDatabase sibling = db.sibling();
            // read-only as the first: it refuses to build a real index
            java.sql.SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                    () -> sibling.realIndexCost(HypoPgPlanner.plannable("select 1"), List.of("CREATE INDEX ON audit (actor)")));
            assertTrue(refused.getMessage().contains("read-only"), refused.getMessage());
            // hypothetical indexes are the session's own: one created for a cost on the sibling is gone after it, and unseen by the first
            double without = db.hypotheticalCost(HypoPgPlanner.plannable("select id from audit where actor = 5"), List.of());
            double with = sibling.hypotheticalCost(HypoPgPlanner.plannable("select id from audit where actor = 5"),
                    List.of("CREATE INDEX ON public.audit (actor)"));
            assertTrue(with < without, with + " against " + without);
            assertArrayEquals(new double[] {without}, new double[] {db.hypotheticalCost(HypoPgPlanner.plannable("select id from audit where actor = 5"),
                    List.of())}, 0.0);
        }
        int left = -1;
        // a statement kept prepared between costs (planned with its values) and one prepared for each cost (no values: a generic
        // plan PostgreSQL would cache) must each see the index set of the moment, not the one of their first plan
        try (UserDatabase db = UserDatabase.open(ConnectionSettings.parse(pg.url("shop")), UserDatabase.Access.READ_ONLY)) {
            for (String sql : List.of("select id from audit where actor = 5", "select id from audit where actor = (select max(id) from lines)")) {
                List<Double> costs = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    costs.add(db.hypotheticalCost(HypoPgPlanner.plannable(sql), i % 2 == 0 ? List.of() : List.of("CREATE INDEX ON public.audit (actor)")));
                }
                assertEquals(costs.get(0), costs.get(2), 0.0, sql + ": " + costs);
                assertEquals(costs.get(1), costs.get(3), 0.0, sql + ": " + costs);
                assertTrue(costs.get(1) < costs.get(0) / 2, sql + ": " + costs);
            }
        }
        // a closed connection's backend exits a moment later
        for (int attempt = 0; attempt < 50 && left != 0; attempt++) {
            try (Connection c = pg.connect("shop"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'querylens'")) {
                rs.next();
                left = rs.getInt(1);
            }
            Thread.sleep(100);
        }
        assertEquals(0, left, "both sessions closed with the first");
    }

    /** The sessions QueryLens has opened to {@code database} so far, by the server's own log of authorized connections. */
    private int querylensConnections(String database) throws Exception {
        String log = Files.readString(pg.directory().resolve("server.log"));
        return (int) log.lines().filter(l -> l.contains("connection authorized") && l.contains("database=" + database + " ")
                && l.contains("application_name=querylens")).count();
    }

    private record CliRun(int exit, String report, int sessions) {
    }

    private CliRun analyze(Path workload, String... extra) throws Exception {
        Path out = dir.resolve("report-" + System.nanoTime() + ".json");
        int before = querylensConnections("shop");
        List<String> args = new ArrayList<>(List.of("analyze", "-q", "--db", pg.url("shop"), "--format", "json", "-o", out.toString()));
        args.addAll(List.of(extra));
        args.add(workload.toString());
        int exit = dev.querylens.cli.QueryLensCommand.execute(args.toArray(String[]::new));
        com.fasterxml.jackson.databind.JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toFile());
        return new CliRun(exit, report.path("indexRecommendations").toString(), querylensConnections("shop") - before);
    }

    /**
     * analyze --db verifies its advice with the same planner as advise: on several sessions when asked (and by default on
     * the machine's cores), with the advice one session gives. The server's connection log counts the sessions.
     */
    @Test
    void analyzeWithTheDatabasePlansOnSeveralSessions() throws Exception {
        Path workload = Files.writeString(dir.resolve("pgss.csv"), SHOP_WORKLOAD);
        CliRun one = analyze(workload, "--planner-sessions", "1");
        CliRun two = analyze(workload, "--planner-sessions", "2");
        assertEquals(0, one.exit());
        assertEquals(0, two.exit());
        assertTrue(one.report().contains("CREATE INDEX"), "the run gives verified advice: " + one.report());
        assertEquals(one.report(), two.report(), "the same advice on two sessions as on one");
        assertEquals(1, two.sessions() - one.sessions(), "one more session with --planner-sessions 2: " + one + " / " + two);
        int cores = HypoPgPlanner.defaultSessions();
        CliRun byDefault = analyze(workload);
        assertEquals(one.report(), byDefault.report());
        // by default up to as many sessions as advise opens: the machine's cores, each opened when a batch first needs it
        int more = byDefault.sessions() - one.sessions();
        assertTrue(more <= cores - 1 && more >= Math.min(1, cores - 1), "by default more sessions, up to the cores (" + cores + "): " + more);
    }
}
