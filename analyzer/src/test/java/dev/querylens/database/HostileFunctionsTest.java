package dev.querylens.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.advisor.PostgresServer;
import dev.querylens.cli.QueryLensCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The second round of the hostile suite, on a real PostgreSQL 15 with HypoPG, dblink and
 * {@code log_statement = all}: functions in the user's database that lie about their volatility
 * (an IMMUTABLE one that commits a canary row in another database through dblink, a STABLE one
 * that terminates a sentinel session, an operator whose IMMUTABLE function does the same as the
 * first, a view that calls the first) must not run while QueryLens plans; the statements that
 * call them are skipped with a diagnostic naming the function, and the rest of the workload is
 * still planned. The controls at the end allow the functions and see them run, so the witnesses
 * are live. Also: values never shown in server messages or plan conditions, and a table another
 * session holds locked costs only its own statements.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileFunctionsTest {
    private static PostgresServer pg;
    private static Path dir;
    private static Connection sentinel;

    /** The workload: each hostile statement next to harmless ones on the same table. */
    private static final List<String> HOSTILE = List.of(
            "select id, status from orders where customer_id = stamp(42)",
            "select id from orders where customer_id = reap(7)",
            "select id from orders where customer_id = 5 and 3 === 3",
            "select * from stamped where id = 3");
    private static final List<String> HARMLESS = List.of(
            "select id, status from orders where customer_id = 42",
            "select id, status from orders where customer_id = 4711",
            "select count(*) from orders where status = 'open'");

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start("-c logging_collector=on -c log_destination=stderr -c log_directory=log"
                + " -c log_filename=server.log -c log_file_mode=0644 -c log_statement=all");
        dir = Files.createTempDirectory("querylens-functions");
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE witness");
            s.execute("CREATE DATABASE victim");
        }
        try (Connection c = pg.connect("witness"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE canary (who text)");
        }
        String witness = "host=127.0.0.1 port=" + pg.port + " dbname=witness user=postgres";
        try (Connection c = pg.connect("victim"); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION hypopg");
            s.execute("CREATE EXTENSION dblink");
            s.execute("""
                    CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL, status text NOT NULL, total numeric NOT NULL,
                                         created_at timestamptz NOT NULL);
                    INSERT INTO orders (customer_id, status, total, created_at)
                      SELECT g % 5000, CASE WHEN g % 1000 = 0 THEN 'rare' WHEN g % 10 = 0 THEN 'closed' ELSE 'open' END,
                             (g % 997) / 10.0, timestamptz '2025-01-01' + g * interval '5 minutes'
                      FROM generate_series(1, 100000) g;
                    CREATE TABLE ledger (id serial PRIMARY KEY, account int NOT NULL, amount int NOT NULL);
                    INSERT INTO ledger (account, amount) SELECT g % 3000, g FROM generate_series(1, 60000) g;
                    """);
            s.execute("VACUUM ANALYZE");
            // the liars: marked IMMUTABLE / STABLE, with effects outside the transaction
            s.execute("CREATE FUNCTION stamp(int) RETURNS int LANGUAGE plpgsql IMMUTABLE SECURITY DEFINER AS $$ BEGIN"
                    + " PERFORM dblink_exec('" + witness + "', 'INSERT INTO canary VALUES (''stamp'')'); RETURN $1; END $$");
            s.execute("CREATE FUNCTION reap(int) RETURNS int LANGUAGE plpgsql STABLE SECURITY DEFINER AS $$ BEGIN"
                    + " PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'sentinel'; RETURN $1; END $$");
            s.execute("CREATE FUNCTION same(int, int) RETURNS boolean LANGUAGE plpgsql IMMUTABLE SECURITY DEFINER AS $$ BEGIN"
                    + " PERFORM dblink_exec('" + witness + "', 'INSERT INTO canary VALUES (''operator'')'); RETURN $1 = $2; END $$");
            s.execute("CREATE OPERATOR === (LEFTARG = int, RIGHTARG = int, FUNCTION = same, RESTRICT = eqsel)");
            s.execute("CREATE VIEW stamped AS SELECT id, status, stamp(1) AS s FROM orders");
        }
        // the functions are live: called directly, they do what they say (the row is removed again)
        try (Connection c = pg.connect("victim"); Statement s = c.createStatement()) {
            s.execute("SELECT stamp(1)");
        }
        assertEquals(1, canaryRows(), "stamp() commits its row through dblink");
        try (Connection c = pg.connect("witness"); Statement s = c.createStatement()) {
            s.execute("TRUNCATE canary");
        }
        StringBuilder workload = new StringBuilder();
        for (int round = 0; round < 3; round++) {
            HOSTILE.forEach(q -> workload.append(q).append(";\n"));
            HARMLESS.forEach(q -> workload.append(q).append(";\n"));
        }
        Files.writeString(dir.resolve("workload.sql"), workload);
        sentinel = DriverManager.getConnection(pg.url("victim") + "&ApplicationName=sentinel");
    }

    @AfterAll
    static void stop() throws Exception {
        if (sentinel != null) {
            sentinel.close();
        }
        pg.close();
    }

    record Run(int exit, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = QueryLensCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    @Order(1)
    void analyzeAdviseAndExplainPlanNothingThatCallsAFunctionOfTheDatabase() throws Exception {
        String victim = pg.url("victim");
        Thread.sleep(500);
        long logBefore = Files.size(pg.logDirectory().resolve("server.log"));
        Path analyzed = dir.resolve("analyze.json");
        Run analyze = cli("analyze", "-q", "--db", victim, "--format", "json", "-o", analyzed.toString(), dir.resolve("workload.sql").toString());
        assertTrue(analyze.exit() <= 3, analyze.err());
        assertUntouched("analyze --db");
        assertNamesEveryFunction(new ObjectMapper().readTree(analyzed.toFile()), "analyze --db");

        Path advised = dir.resolve("advise.json");
        Run advise = cli("advise", "-q", "--db", victim, "--format", "json", "-o", advised.toString(), dir.resolve("workload.sql").toString());
        assertTrue(advise.exit() == 0 || advise.exit() == 3, advise.err());
        assertUntouched("advise --db");
        JsonNode advice = new ObjectMapper().readTree(advised.toFile());
        assertNamesEveryFunction(advice, "advise --db");
        assertTrue(advice.get("indexRecommendations").toString().contains("customer_id"),
                "the harmless statements are still planned and get their index: " + advice.get("indexRecommendations"));

        for (String q : HOSTILE) {
            for (boolean analyzeToo : new boolean[] {false, true}) {
                Run explain = analyzeToo ? cli("explain", "--db", victim, "--sql", q, "--analyze") : cli("explain", "--db", victim, "--sql", q);
                assertEquals(2, explain.exit(), q + ": " + explain.out() + explain.err());
                assertTrue(explain.err().contains("not planned: it calls public."), explain.err());
                assertFalse(explain.err().contains("Exception"), explain.err());
                assertUntouched("explain " + (analyzeToo ? "--analyze " : "") + q);
            }
        }
        Run harmless = cli("explain", "--db", victim, "--sql", HARMLESS.get(0));
        assertEquals(0, harmless.exit(), harmless.err());
        assertTrue(harmless.out().contains("on orders"), harmless.out());

        // the log is the witness too: the checks happened on the server (PREPARE of the parameterized text), and the
        // dblink session that stamp() and same() would open never sent its INSERT
        Thread.sleep(500);
        String whole = Files.readString(pg.logDirectory().resolve("server.log"));
        String log = whole.substring((int) Math.min(logBefore, whole.length()));
        assertTrue(log.contains("PREPARE querylens_q") && log.contains("AS select id, status from orders where customer_id = stamp($1)"), "prepared");
        assertFalse(log.contains("INSERT INTO canary"), "no canary INSERT reached the server");
    }

    @Test
    @Order(2)
    void aFunctionOnTheAllowListIsPlannedAndRunsWhichShowsTheWitnessesAreLive() throws Exception {
        String victim = pg.url("victim");
        // allowFunctions in querylens.yaml allows the operator's function; planning folds 3 === 3 and the row appears
        Path config = dir.resolve("querylens.yaml");
        Files.writeString(config, "allowFunctions: [public.same]\n");
        Path out = dir.resolve("allowed.json");
        Run analyze = cli("analyze", "-q", "--db", victim, "--config", config.toString(), "--format", "json", "-o", out.toString(),
                dir.resolve("workload.sql").toString());
        assertTrue(analyze.exit() <= 3, analyze.err());
        assertTrue(canaryRows() > 0, "allowed, the operator's function ran while the statement was planned");
        String diagnostics = new ObjectMapper().readTree(out.toFile()).get("diagnostics").toString();
        assertFalse(diagnostics.contains("public.same"), diagnostics);
        assertTrue(diagnostics.contains("public.stamp(integer)"), "still refused: " + diagnostics);
        // --allow-function on explain: the STABLE function runs during selectivity estimation and ends the sentinel
        Run explain = cli("explain", "--db", victim, "--allow-function", "reap", "--sql", HOSTILE.get(1));
        assertEquals(0, explain.exit(), explain.err());
        assertFalse(sentinelAlive(), "allowed, reap() ran while the statement was only planned");
        sentinel = DriverManager.getConnection(pg.url("victim") + "&ApplicationName=sentinel");
        Run bad = cli("explain", "--db", victim, "--allow-function", "public.\"odd name\"", "--sql", HARMLESS.get(0));
        assertEquals(2, bad.exit(), bad.err());
        assertTrue(bad.err().contains("--allow-function"), bad.err());
    }

    @Test
    @Order(3)
    void costsWithParametersStayWithinOnePercentOfTheLiteralPlan() throws Exception {
        List<String> statements = List.of(
                "select id from orders where status = 'rare'",
                "select id from orders where created_at >= '2025-06-01' and created_at < '2025-06-02'",
                "select id from orders where customer_id in (1, 2, 3) order by created_at desc limit 10",
                "select status, count(*) from orders group by 1 order by 2 desc",
                "select * from orders where customer_id = 42 and status like 'op%'",
                "select id from orders where total between 10.5 and 20 and created_at > now() - interval '30 days'",
                "select o.id, l.amount from orders o join ledger l on l.account = o.customer_id where o.customer_id = 17",
                "update orders set status = 'closed' where customer_id = 99",
                // a literal PostgreSQL's grammar takes only as a literal: prepared as written
                "select extract('epoch' from created_at) from orders where id = 5");
        ConnectionSettings settings = ConnectionSettings.parse(pg.url("victim"));
        try (UserDatabase db = UserDatabase.open(settings, UserDatabase.Access.READ_ONLY);
             Connection raw = pg.connect("victim"); Statement s = raw.createStatement()) {
            for (String q : statements) {
                double literal;
                try (ResultSet rs = s.executeQuery("EXPLAIN (FORMAT JSON) " + q)) {
                    rs.next();
                    literal = total(rs.getString(1));
                }
                double parameters = total(db.explainJson(SingleStatement.of(q).statement(), false));
                assertEquals(literal, parameters, literal * 0.01, q);
            }
            // a partial index on a constant is still matched: the values reach the planner as a custom plan's
            String rare = "select id, created_at from orders where status = 'rare' order by created_at";
            double without = db.hypotheticalCost(SingleStatement.of(rare).statement(), List.of());
            double with = db.hypotheticalCost(SingleStatement.of(rare).statement(),
                    List.of("CREATE INDEX ON public.orders (created_at) WHERE status = 'rare'"));
            assertTrue(with < without / 2, "the partial index serves the statement: " + with + " against " + without);
        }
    }

    @Test
    @Order(4)
    void valuesInServerMessagesAndPlanConditionsAreMasked() throws Exception {
        String victim = pg.url("victim");
        Path secretFile = pg.directory().resolve("secret.txt");
        Files.writeString(secretFile, "hunter2-topsecret\nsecond-line\n");
        secretFile.toFile().setReadable(true, false);
        record Case(String sql, List<String> hidden) {
        }
        List<Case> cases = List.of(
                new Case("select pg_read_file('" + secretFile + "')::int", List.of("hunter2", "topsecret", "second-line")),
                new Case("select pg_read_file('/etc/hostname')::int", hostname()),
                new Case("select E'carol\\n\"@example.org'::int", List.of("carol", "example.org")),
                new Case("select '{\"password\": \"s3cret-json\"'::json", List.of("s3cret")),
                new Case("select to_date('s3cret-date', 'YYYY-MM-DD')", List.of("s3cr")),
                new Case("select 'a,\"b'::int[]", List.of("a,")));
        for (Case c : cases) {
            Run r = cli("explain", "--db", victim, "--analyze", "--sql", c.sql());
            assertEquals(2, r.exit(), c.sql() + ": " + r.out() + r.err());
            assertTrue(r.err().contains("ERROR"), r.err());
            for (String secret : c.hidden()) {
                assertFalse(r.err().contains(secret) || r.out().contains(secret), c.sql() + " shows " + secret + ": " + r.err());
            }
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        }
        String filtered = "select id from orders where status = 'classified-status' and total > 12.75";
        Run masked = cli("explain", "--db", victim, "--sql", filtered);
        assertEquals(0, masked.exit(), masked.err());
        assertTrue(masked.out().contains("filter: "), masked.out());
        assertFalse(masked.out().contains("classified-status") || masked.out().contains("12.75"), masked.out());
        Run shown = cli("explain", "--db", victim, "--show-literals", "--sql", filtered);
        assertTrue(shown.out().contains("classified-status") && shown.out().contains("12.75"), shown.out());
    }

    @Test
    @Order(5)
    void aLockedTableCostsOnlyItsOwnStatements() throws Exception {
        Path workload = dir.resolve("locked.sql");
        Files.writeString(workload, """
                select id, status from orders where customer_id = 42;
                select id, status from orders where customer_id = 4711;
                select amount from ledger where account = 7;
                select amount from ledger where account = 1234;
                """);
        try (Connection holder = pg.connect("victim"); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE ledger IN ACCESS EXCLUSIVE MODE");
            long start = System.nanoTime();
            Path out = dir.resolve("locked.json");
            Run advise = cli("advise", "-q", "--db", pg.url("victim"), "--format", "json", "-o", out.toString(), workload.toString());
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(advise.exit() == 0 || advise.exit() == 3, advise.err());
            JsonNode report = new ObjectMapper().readTree(out.toFile());
            assertTrue(report.get("indexRecommendations").toString().contains("customer_id"),
                    "the free table's statements get their advice: " + report.get("indexRecommendations"));
            String diagnostics = report.get("diagnostics").toString();
            assertTrue(diagnostics.contains("could not cost: select amount from ledger where account = $1")
                    && diagnostics.contains("lock timeout"), "the report says what was skipped and why: " + diagnostics);
            assertFalse(diagnostics.contains("could not cost: select id, status from orders"), diagnostics);
            assertTrue(seconds < 60, "one lock wait per locked statement, not per what-if call: " + seconds + " s");

            Path analyzed = dir.resolve("locked-analyze.json");
            Run analyze = cli("analyze", "-q", "--db", pg.url("victim"), "--format", "json", "-o", analyzed.toString(), workload.toString());
            assertTrue(analyze.exit() <= 3, analyze.err());
            assertTrue(new ObjectMapper().readTree(analyzed.toFile()).get("indexRecommendations").toString().contains("customer_id"));
            holder.rollback();
        }
    }

    private static void assertNamesEveryFunction(JsonNode report, String after) {
        String diagnostics = report.get("diagnostics").toString();
        for (String f : List.of("public.stamp(integer)", "public.reap(integer)", "public.same(integer, integer)")) {
            assertTrue(diagnostics.contains(f), after + " names " + f + ": " + diagnostics);
        }
        assertFalse(diagnostics.contains("could not cost: select id, status from orders where customer_id = $1 —"), diagnostics);
    }

    private static void assertUntouched(String after) throws Exception {
        assertEquals(0, canaryRows(), "canary rows after " + after);
        assertTrue(sentinelAlive(), "the sentinel survives " + after);
    }

    private static int canaryRows() throws SQLException {
        try (Connection c = pg.connect("witness"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM canary")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static boolean sentinelAlive() {
        try (Statement s = sentinel.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            return rs.next();
        } catch (SQLException e) {
            return false;
        }
    }

    /** The host name as the cast would quote it: after the opening quote (a short name is a common word otherwise). */
    private static List<String> hostname() throws Exception {
        Path h = Path.of("/etc/hostname");
        String name = Files.exists(h) ? Files.readString(h).strip() : "";
        return name.isEmpty() ? List.of() : List.of("\"" + name);
    }

    private static double total(String json) throws Exception {
        return new ObjectMapper().readTree(json).get(0).get("Plan").get("Total Cost").asDouble();
    }
}
