package dev.querylens.rules;

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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loops as applications send them, run through JDBC against a real PostgreSQL 15 that logs every
 * statement (log_min_duration_statement = 0) to stderr, csvlog and jsonlog at once, with the
 * log_line_prefix each case names (Debian's "%m [%p] %q%u@%d ", pgBadger's whole-second
 * "%t [%p]: ", and one with %a). What each case must find is written in the test before the run;
 * every log the run wrote is analyzed through the CLI and must give exactly that.
 */
class LoopShapesTest {
    private static final String MS = "%m [%p] %q%u@%d ";
    private static final String SECONDS = "%t [%p]: ";
    private static final String WITH_APP = "%m [%p] %q[%a] %u@%d ";
    /**
     * This 2-core test machine, shared by several builds, stalls a client for 100-150 ms now and
     * then, which the default maxPauseMs (100) and fanOutWindowMs (50) would rightly read as the
     * application pausing; the cases pause 300 ms where they mean it.
     */
    private static final String STALLS = "rules:\n  n-plus-one: { parameters: { maxPauseMs: 250, fanOutWindowMs: 250 } }\n"
            + "  unbatched-writes: { parameters: { maxPauseMs: 250 } }\n";
    private static PostgresServer pg;
    private static Path dir;
    private static int captures;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("querylens-loops");
        pg = PostgresServer.start("-c logging_collector=on -c log_destination=stderr,csvlog,jsonlog -c log_directory=log"
                + " -c log_filename=server.log -c log_file_mode=0644 -c log_min_duration_statement=0");
        // log_line_prefix is left to ALTER SYSTEM: a command-line setting would override it
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE shop");
        }
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE authors (id serial PRIMARY KEY, name text NOT NULL)");
            s.execute("CREATE TABLE books (id serial PRIMARY KEY, author_id int NOT NULL REFERENCES authors, title text NOT NULL)");
            s.execute("CREATE INDEX ON books (author_id)");
            s.execute("CREATE TABLE reviews (id serial PRIMARY KEY, book_id int NOT NULL REFERENCES books, stars int NOT NULL)");
            s.execute("CREATE INDEX ON reviews (book_id)");
            s.execute("CREATE TABLE events (id serial PRIMARY KEY, kind text NOT NULL, n int NOT NULL)");
            s.execute("INSERT INTO authors (name) SELECT 'author ' || g FROM generate_series(1, 12) g");
            s.execute("INSERT INTO books (author_id, title) SELECT 1 + g % 12, 'book ' || g FROM generate_series(1, 36) g");
            s.execute("INSERT INTO reviews (book_id, stars) SELECT 1 + g % 36, 1 + g % 5 FROM generate_series(1, 100) g");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    /** The part of the three logs one case wrote, with the prefix it was written with. */
    private record Logs(String prefix, Path stderr, Path csv, Path json) {
        List<Path> all() {
            return List.of(stderr, csv, json);
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    private static Logs capture(String prefix, Body body) throws Exception {
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET log_line_prefix = '" + prefix.replace("'", "''") + "'");
            s.execute("SELECT pg_reload_conf()");
        }
        Thread.sleep(400);
        String[] names = {"server.log", "server.csv", "server.json"};
        long[] before = new long[3];
        for (int i = 0; i < 3; i++) {
            Path p = pg.logDirectory().resolve(names[i]);
            before[i] = Files.exists(p) ? Files.size(p) : 0;
        }
        body.run();
        Thread.sleep(400); // the logging collector writes asynchronously
        int n = ++captures;
        Path[] out = new Path[3];
        String[] ext = {".log", ".csv", ".json"};
        for (int i = 0; i < 3; i++) {
            byte[] all = Files.readAllBytes(pg.logDirectory().resolve(names[i]));
            out[i] = Files.write(dir.resolve("case" + n + ext[i]),
                    java.util.Arrays.copyOfRange(all, (int) Math.min(before[i], all.length), all.length));
        }
        return new Logs(prefix, out[0], out[1], out[2]);
    }

    private static Connection connect(String application) throws Exception {
        return DriverManager.getConnection(pg.url("shop") + "&ApplicationName=" + application);
    }

    private static JsonNode analyze(Logs logs, Path file, String... more) throws Exception {
        Path out = file.resolveSibling(file.getFileName() + ".report.json");
        StringWriter err = new StringWriter();
        var cli = QueryLensCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("analyze", "-q", "--format", "json", "-o", out.toString(),
                "--log-line-prefix", logs.prefix()));
        if (!List.of(more).contains("--config")) {
            args.addAll(List.of("--config", Files.writeString(dir.resolve("stalls.yaml"), STALLS).toString()));
        }
        args.addAll(List.of(more));
        args.add(file.toString());
        assertEquals(0, cli.execute(args.toArray(String[]::new)), err.toString());
        return new ObjectMapper().readTree(out.toFile());
    }

    private static List<JsonNode> findings(JsonNode report, String rule) {
        List<JsonNode> out = new ArrayList<>();
        report.get("findings").forEach(f -> {
            if (f.get("rule").asText().equals(rule)) {
                out.add(f);
            }
        });
        return out;
    }

    private static JsonNode only(JsonNode report, String rule, Path file) {
        List<JsonNode> found = findings(report, rule);
        assertEquals(1, found.size(), file.getFileName() + " " + rule + ": " + report.get("findings"));
        return found.get(0).get("evidence");
    }

    private static List<Integer> runs(JsonNode evidence) {
        List<Integer> out = new ArrayList<>();
        evidence.get("runs").forEach(r -> out.add(r.asInt()));
        return out;
    }

    /** Every number of a loop finding agrees: executions are the statements in its runs, the saving is within what was waited. */
    private static void consistent(JsonNode evidence, String count) {
        long executions = evidence.get(count).asLong();
        if (!evidence.has("loopBody")) {
            assertEquals(executions, runs(evidence).stream().mapToLong(Integer::longValue).sum(), evidence.toString());
        } else {
            long sum = 0;
            for (JsonNode n : evidence.get("executionsPerStatement")) {
                sum += n.asLong();
            }
            assertEquals(executions, sum, evidence.toString());
            assertEquals(evidence.get("executionsPerStatement").get(0).asLong(), runs(evidence).stream().mapToLong(Integer::longValue).sum());
        }
        assertEquals(evidence.get("episodes").asInt(), runs(evidence).size(), evidence.toString());
        double atStake = evidence.get("timeAtStakeMs").asDouble();
        assertEquals(evidence.get("serverTimeMs").asDouble() + executions * evidence.get("roundTripMs").asDouble(), atStake, 0.01,
                evidence.toString());
        assertTrue(evidence.get("estimatedSavingMs").asDouble() <= atStake, evidence.toString());
    }

    private static void lookups(Connection c, String parent, List<Integer> keys, String child) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(parent)) {
            while (rs.next()) {
                rs.getInt(1);
            }
        }
        try (PreparedStatement p = c.prepareStatement(child)) {
            for (int k : keys) {
                p.setInt(1, k);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        rs.getObject(1);
                    }
                }
            }
        }
    }

    private static List<Integer> oneTo(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(i);
        }
        return out;
    }

    @Test
    void aLoopThatRanOnceIsFoundWhateverTheTimestampsResolve() throws Exception {
        // expected: one n-plus-one of 12 executions in 1 run, parent the authors list, in every format and both prefixes
        for (String prefix : List.of(MS, SECONDS)) {
            Logs logs = capture(prefix, () -> {
                try (Connection c = connect("bookshop")) {
                    lookups(c, "select id, name from authors order by id", oneTo(12), "select id, title from books where author_id = ?");
                }
            });
            for (Path file : logs.all()) {
                JsonNode report = analyze(logs, file);
                JsonNode e = only(report, "n-plus-one", file);
                assertEquals(12, e.get("executions").asInt(), e.toString());
                assertEquals(List.of(12), runs(e));
                assertTrue(e.get("parentQuery").asText().contains("from authors"), e.toString());
                consistent(e, "executions");
                boolean coarse = prefix.equals(SECONDS) && file.equals(logs.stderr());
                assertTrue(e.get("timing").asText().contains(coarse ? "whole seconds" : "millisecond"), file + ": " + e);
                assertTrue(findings(report, "repeated-identical-query").isEmpty(), report.get("findings").toString());
            }
        }
    }

    @Test
    void pageWalksAreNotLoops() throws Exception {
        // expected: OFFSET 0..450 and a keyset walk give nothing; OFFSET 0..2500 gives one offset-pagination (2500) and no n-plus-one
        Logs logs = capture(MS, () -> {
            try (Connection c = connect("bookshop")) {
                lookups(c, "select count(*) from books", List.of(0, 50, 100, 150, 200, 250, 300, 350, 400, 450),
                        "select id, title from books order by id limit 50 offset ?");
                int last = 0;
                try (PreparedStatement p = c.prepareStatement("select id, title from books where id > ? order by id limit 5")) {
                    for (boolean more = true; more; ) {
                        p.setInt(1, last);
                        more = false;
                        try (ResultSet rs = p.executeQuery()) {
                            while (rs.next()) {
                                last = rs.getInt(1);
                                more = true;
                            }
                        }
                    }
                }
            }
        });
        for (Path file : logs.all()) {
            JsonNode report = analyze(logs, file);
            assertTrue(findings(report, "n-plus-one").isEmpty(), file + ": " + report.get("findings"));
            assertTrue(findings(report, "offset-pagination").isEmpty(), file + ": " + report.get("findings"));
        }
        Logs deep = capture(SECONDS, () -> {
            try (Connection c = connect("bookshop")) {
                lookups(c, "select count(*) from books", List.of(0, 500, 1000, 1500, 2000, 2500),
                        "select id, title from books order by id limit 50 offset ?");
            }
        });
        for (Path file : deep.all()) {
            JsonNode report = analyze(deep, file);
            assertTrue(findings(report, "n-plus-one").isEmpty(), file + ": " + report.get("findings"));
            assertEquals(2500, only(report, "offset-pagination", file).get("largestOffsetSeen").asInt());
        }
    }

    @Test
    void twoRunsOfInsertsAPauseApartAreTwoRuns() throws Exception {
        // expected: one unbatched-writes of 50 statements; runs [25, 25] where timestamps have milliseconds;
        // [50] from whole-second timestamps, which cannot show the pause (and say so)
        Logs logs = capture(SECONDS, () -> {
            try (Connection c = connect("importer"); PreparedStatement p = c.prepareStatement("insert into events (kind, n) values (?, ?)")) {
                for (int run = 0; run < 2; run++) {
                    for (int i = 0; i < 25; i++) {
                        p.setString(1, "imported");
                        p.setInt(2, run * 25 + i);
                        p.executeUpdate();
                    }
                    Thread.sleep(300);
                }
            }
        });
        for (Path file : logs.all()) {
            JsonNode e = only(analyze(logs, file), "unbatched-writes", file);
            assertEquals(50, e.get("statements").asInt(), e.toString());
            consistent(e, "statements");
            assertEquals(file.equals(logs.stderr()) ? List.of(50) : List.of(25, 25), runs(e), file + ": " + e);
        }
    }

    @Test
    void aLoopOfTwoQueriesPerItemIsOneFindingWithConsistentNumbers() throws Exception {
        // expected: one n-plus-one: body of 2, 60 executions, one run of 30, 58 round trips avoided
        Logs logs = capture(MS, () -> {
            try (Connection c = connect("bookshop");
                 PreparedStatement book = c.prepareStatement("select title from books where id = ?");
                 PreparedStatement stars = c.prepareStatement("select count(*) from reviews where book_id = ?")) {
                lookups(c, "select id from books order by id limit 30", List.of(), "select 1");
                for (int id = 1; id <= 30; id++) {
                    book.setInt(1, id);
                    book.executeQuery().close();
                    stars.setInt(1, id);
                    stars.executeQuery().close();
                }
            }
        });
        for (Path file : logs.all()) {
            JsonNode e = only(analyze(logs, file), "n-plus-one", file);
            assertEquals(2, e.get("loopBody").size(), e.toString());
            assertEquals(60, e.get("executions").asInt(), e.toString());
            assertEquals(List.of(30), runs(e));
            assertEquals(58, e.get("roundTripsAvoided").asInt(), e.toString());
            assertTrue(e.get("parentQuery").asText().contains("limit"), e.toString());
            consistent(e, "executions");
        }
    }

    private static void fanOut(String comment) throws Exception {
        Connection[] pool = new Connection[5];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = connect("fanout");
        }
        try {
            lookups(pool[0], "select id, name from authors order by id", List.of(), "select 1");
            ConcurrentLinkedQueue<Integer> keys = new ConcurrentLinkedQueue<>(oneTo(12));
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(pool.length);
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (Connection c : pool) {
                done.add(threads.submit(() -> {
                    go.await();
                    try (PreparedStatement p = c.prepareStatement("select id, title from books where author_id = ?" + comment)) {
                        for (Integer k = keys.poll(); k != null; k = keys.poll()) {
                            p.setInt(1, k);
                            p.executeQuery().close();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (var f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            threads.shutdown();
        } finally {
            for (Connection c : pool) {
                c.close();
            }
        }
    }

    @Test
    void aFanOutOverFiveConnectionsIsOneLoop() throws Exception {
        // expected: one n-plus-one of 12 executions in one run over several connections, parent the authors list
        Logs logs = capture(MS, () -> fanOut(""));
        for (Path file : logs.all()) {
            JsonNode e = only(analyze(logs, file), "n-plus-one", file);
            assertEquals(12, e.get("executions").asInt(), e.toString());
            assertEquals(List.of(12), runs(e));
            assertTrue(e.has("fanOut"), e.toString());
            assertTrue(e.get("parentQuery").asText().contains("from authors"), e.toString());
        }
        // with whole-second timestamps only the request's tag can tie the connections together
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        Logs tagged = capture(SECONDS, () -> fanOut(" /*traceparent='" + traceparent + "'*/"));
        for (Path file : tagged.all()) {
            JsonNode e = only(analyze(tagged, file), "n-plus-one", file);
            assertEquals(12, e.get("executions").asInt(), e.toString());
            assertEquals(1, e.get("requests").asInt(), e.toString());
        }
    }

    @Test
    void aFanOutInAWholeSecondLogIsOneLoopByTheLogsOrder() throws Exception {
        // expected (written before the run): the %t stderr log, without request tags, gives the same one n-plus-one of 12
        // executions in one run over several connections as the millisecond logs: its lines are in the order the
        // statements ended, and the fan-out's lie next to each other there (issue 24: coarse times never lose a finding)
        Logs logs = capture(SECONDS, () -> fanOut(""));
        JsonNode e = only(analyze(logs, logs.stderr()), "n-plus-one", logs.stderr());
        assertEquals(12, e.get("executions").asInt(), e.toString());
        assertEquals(List.of(12), runs(e));
        assertTrue(e.has("fanOut"), e.toString());
        assertTrue(e.get("parentQuery").asText().contains("from authors"), e.toString());
        assertTrue(e.get("timing").asText().contains("whole seconds"), e.toString());
    }

    @Test
    void requestTagsNameTheRouteTheCodeAndTheApplicationAndSplitRequests() throws Exception {
        // expected: two requests on one connection, back to back, each a loop of 6 (sqlcommenter tags, URL-encoded):
        // one finding, runs [6, 6], 2 requests, route /authors/:id, call site src/routes/authors.ts:42,
        // application shop-api (application_name), fixed with Drizzle's API (the SQL's shape)
        Logs logs = capture(WITH_APP, () -> {
            try (Connection c = connect("shop-api")) {
                for (String trace : List.of("0af7651916cd43dd8448eb211c80319c", "1bf7651916cd43dd8448eb211c80319d")) {
                    String tags = " /*file='src%2Froutes%2Fauthors.ts%3A42',route='%2Fauthors%2F%3Aid',traceparent='00-" + trace
                            + "-b7ad6b7169203331-01'*/";
                    lookups(c, "select \"id\", \"name\" from \"authors\" where \"authors\".\"id\" <= 6" + tags, oneTo(6),
                            "select \"id\", \"title\" from \"books\" where \"books\".\"author_id\" = ?" + tags);
                }
            }
        });
        for (Path file : logs.all()) {
            JsonNode report = analyze(logs, file);
            JsonNode e = only(report, "n-plus-one", file);
            assertEquals(List.of(6, 6), runs(e), e.toString());
            assertEquals(2, e.get("requests").asInt(), e.toString());
            assertEquals("/authors/:id", e.get("route").asText(), e.toString());
            assertEquals("src/routes/authors.ts:42", e.get("callSite").asText(), e.toString());
            assertEquals("shop-api", e.get("application").asText(), e.toString());
            assertTrue(e.get("orm").asText().startsWith("Drizzle"), e.toString());
            JsonNode finding = findings(report, "n-plus-one").get(0);
            assertTrue(finding.get("fix").asText().contains("inArray"), finding.toString());
            assertTrue(finding.get("message").asText().contains("route /authors/:id"), finding.toString());
            assertFalse(finding.get("sql").asText().contains("traceparent"), "comments never reach the fingerprint: " + finding);
        }
    }

    @Test
    void whatIsNotALoopStaysSilentAndAParentThatCannotHoldTheValuesIsNotNamed() throws Exception {
        // expected: eager loading (one = ANY), a multi-row insert and 4 lookups give nothing;
        // 12 lookups after a count(*) are a loop whose parent is not named
        Logs quiet = capture(MS, () -> {
            try (Connection c = connect("bookshop"); Statement s = c.createStatement()) {
                s.executeQuery("select id, name from authors order by id").close();
                s.executeQuery("select id, title, author_id from books where author_id = any('{1,2,3,4,5,6,7,8,9,10,11,12}'::int[])").close();
                s.executeUpdate("insert into events (kind, n) values ('bulk', 1), ('bulk', 2), ('bulk', 3), ('bulk', 4), ('bulk', 5),"
                        + " ('bulk', 6), ('bulk', 7), ('bulk', 8), ('bulk', 9), ('bulk', 10), ('bulk', 11), ('bulk', 12)");
                lookups(c, "select id, name from authors order by id", oneTo(4), "select id, title from books where author_id = ?");
            }
        });
        for (Path file : quiet.all()) {
            JsonNode report = analyze(quiet, file);
            for (String rule : List.of("n-plus-one", "unbatched-writes", "repeated-identical-query")) {
                assertTrue(findings(report, rule).isEmpty(), file + " " + rule + ": " + report.get("findings"));
            }
        }
        Logs counted = capture(MS, () -> {
            try (Connection c = connect("bookshop")) {
                lookups(c, "select count(*) from authors", oneTo(12), "select id, title from books where author_id = ?");
            }
        });
        for (Path file : counted.all()) {
            JsonNode e = only(analyze(counted, file), "n-plus-one", file);
            assertFalse(e.has("parentQuery"), e.toString());
            assertTrue(e.get("note").asText().contains("aggregate"), e.toString());
        }
    }

    @Test
    void theRoundTripIsSetInTheConfigAndOnTheCommandLine() throws Exception {
        // expected: time at stake = server time + 12 x round trip: 0.5 by default, 20 from querylens.yaml, 7 from the command line
        Logs logs = capture(MS, () -> {
            try (Connection c = connect("bookshop")) {
                lookups(c, "select id, name from authors order by id", oneTo(12), "select id, title from books where author_id = ?");
            }
        });
        Path config = Files.writeString(dir.resolve("querylens.yaml"), "roundTripMs: 20\n" + STALLS);
        JsonNode byDefault = only(analyze(logs, logs.csv()), "n-plus-one", logs.csv());
        JsonNode configured = only(analyze(logs, logs.csv(), "--config", config.toString()), "n-plus-one", logs.csv());
        JsonNode commandLine = only(analyze(logs, logs.csv(), "--config", config.toString(), "--round-trip-ms", "7"), "n-plus-one",
                logs.csv());
        double server = byDefault.get("serverTimeMs").asDouble();
        assertEquals(server + 12 * 0.5, byDefault.get("timeAtStakeMs").asDouble(), 0.01);
        assertEquals(server + 12 * 20, configured.get("timeAtStakeMs").asDouble(), 0.01);
        assertEquals(server + 12 * 7, commandLine.get("timeAtStakeMs").asDouble(), 0.01);
        assertEquals(11 * 7, commandLine.get("estimatedSavingMs").asDouble(), 0.01);
    }
}
