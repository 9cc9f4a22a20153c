package dev.querylens.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the JDBC capture records, against a real PostgreSQL. */
class CaptureTest {
    private static EmbeddedPostgres pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create table items (id serial primary key, name text, qty int)");
            s.execute("create table accounts (id int primary key, email text not null)");
            s.execute("insert into accounts select g, 'user' || g || '@example.com' from generate_series(1, 12) g");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @Test
    void recordsStatementsParametersBatchesTransactionsAndTags() throws Exception {
        MemoryTraceSink sink = new MemoryTraceSink();
        DataSource ds = QueryLens.capture(pg.getPostgresDatabase(), sink, new CaptureOptions(5, false));
        try (Connection c = ds.getConnection()) {
            try (var tag = QueryLens.tag("POST /items");
                 PreparedStatement ps = c.prepareStatement("insert into items (name, qty) values (?, ?)")) {
                ps.setString(1, "a rather long name");
                ps.setNull(2, Types.INTEGER);
                ps.executeUpdate();
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into items (name, qty) values (?, ?)")) {
                for (int i = 0; i < 3; i++) {
                    ps.setString(1, "n" + i);
                    ps.setInt(2, i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
            try (PreparedStatement ps = c.prepareStatement("select count(*) from items")) {
                ps.executeQuery().close();
            }
            c.rollback();
        }
        List<TraceRecord> r = sink.records();
        assertEquals(5, r.size(), r.toString());
        TraceRecord first = r.get(0);
        assertEquals("insert into items (name, qty) values (?, ?)", first.sql());
        assertEquals(Arrays.asList("a rat…", null), first.params(), "values are cut at 5 characters; setNull is null");
        assertEquals("POST /items", first.request());
        assertNull(first.tx(), "autocommit");
        assertEquals(0, first.batch());
        assertEquals(1, first.rows());
        assertTrue(first.durationNanos() > 0);
        List<TraceRecord> batch = r.subList(1, 4);
        assertTrue(batch.stream().allMatch(b -> b.batch() == 3));
        assertEquals(List.of("n1", "1"), batch.get(1).params());
        assertNotNull(batch.get(0).tx());
        assertNull(r.get(1).request(), "the tag scope ended");
        assertTrue(!r.get(4).tx().equals(batch.get(0).tx()), "commit ends a transaction: " + r.get(4).tx());
        assertEquals(first.connection(), r.get(4).connection());
    }

    @Test
    void maskedValuesNeverLeaveTheTest() throws Exception {
        MemoryTraceSink sink = new MemoryTraceSink();
        DataSource ds = QueryLens.capture(pg.getPostgresDatabase(), sink, new CaptureOptions(200, true));
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("select * from items where name = ?")) {
            ps.setString(1, "secret@example.com");
            ps.executeQuery().close();
        }
        assertEquals(List.of("?"), sink.records().get(0).params());
    }

    @Test
    void jsonLinesFollowTheDocumentedFormat() throws Exception {
        StringWriter out = new StringWriter();
        try (JsonLinesTraceSink sink = new JsonLinesTraceSink(out)) {
            sink.record(new TraceRecord("select 1 where a = ?", Arrays.asList("x\"y", null), "7", "main", null, 0, 10, 20, -1,
                    "SomeTest.works", null));
            sink.record(new TraceRecord("select 2", List.of(), "7", "main", "7-tx1", 2, 30, 40, 1, null, "GET /"));
        }
        List<String> lines = out.toString().lines().toList();
        assertEquals(2, lines.size());
        JsonNode a = new ObjectMapper().readTree(lines.get(0));
        assertEquals("select 1 where a = ?", a.get("sql").asText());
        assertEquals("x\"y", a.get("params").get(0).asText());
        assertTrue(a.get("params").get(1).isNull());
        assertEquals("SomeTest.works", a.get("test").asText());
        assertEquals(2, new ObjectMapper().readTree(lines.get(1)).get("batch").asInt());
    }

    @Test
    void theQueryLensJdbcUrlWrapsThePostgresqlDriver() throws Exception {
        Path trace = dir.resolve("driver-trace.jsonl");
        System.setProperty("querylens.trace.file", trace.toString());
        try {
            String url = pg.getJdbcUrl("postgres", "postgres").replace("jdbc:postgresql:", "jdbc:querylens:postgresql:");
            try (Connection c = DriverManager.getConnection(url, "postgres", "");
                 PreparedStatement ps = c.prepareStatement("select count(*) from items where qty > ?")) {
                ps.setInt(1, 0);
                ps.executeQuery().close();
            }
            // the sink flushes when the JVM exits; the driver's sink is buffered, so look at what is there after a flush
            var driver = DriverManager.getDriver(url);
            assertTrue(driver instanceof QueryLensDriver);
            ((QueryLensDriver) driver).flush();
            List<String> lines = Files.readAllLines(trace);
            assertEquals(1, lines.size());
            assertTrue(lines.get(0).contains("\"sql\":\"select count(*) from items where qty > ?\""), lines.get(0));
        } finally {
            System.clearProperty("querylens.trace.file");
        }
    }

    /** The N+1 shape: the parent's ids, then one query per id. */
    private static void parentThenChildren(DataSource ds, boolean childrenWhileReading) throws Exception {
        try (Connection c = ds.getConnection();
             PreparedStatement parent = c.prepareStatement("select id, email from accounts order by id");
             PreparedStatement child = c.prepareStatement("select email from accounts where id = ?")) {
            List<Integer> ids = new java.util.ArrayList<>();
            try (var rs = parent.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getInt(1));
                    if (childrenWhileReading) {
                        child.setInt(1, rs.getInt(1));
                        child.executeQuery().close();
                    }
                }
            }
            if (!childrenWhileReading) {
                for (int id : ids) {
                    child.setInt(1, id);
                    child.executeQuery().close();
                }
            }
        }
    }

    @Test
    void aQuerysKeysAreSampledMaskedSoTheChildrensValuesCanBeTracedToThem() throws Exception {
        MemoryTraceSink sink = new MemoryTraceSink();
        DataSource ds = QueryLens.capture(pg.getPostgresDatabase(), sink, CaptureOptions.DEFAULT.withResultKeys(10));
        parentThenChildren(ds, false);
        QueryLens.complete(ds);
        List<TraceRecord> r = sink.records();
        assertEquals(13, r.size());
        TraceRecord parent = r.get(0);
        assertEquals("select id, email from accounts order by id", parent.sql(), "held while sampled, still first");
        assertEquals("id", parent.resultKeys().column());
        assertEquals(10, parent.resultKeys().hashes().size(), "at most the asked-for rows");
        assertEquals(dev.querylens.collect.ResultKeys.hash("1"), parent.resultKeys().hashes().get(0));
        List<TraceRecord> children = r.subList(1, 13);
        assertEquals(10, children.stream().filter(ch -> parent.resultKeys().contains(ch.params().get(0))).count(),
                "the first ten children's $1 are the parent's sampled ids");
        assertTrue(!parent.resultKeys().contains("13"));
    }

    @Test
    void childrenRunWhileTheParentIsReadKeepTheOrderWithTheRowsReadSoFar() throws Exception {
        MemoryTraceSink sink = new MemoryTraceSink();
        DataSource ds = QueryLens.capture(pg.getPostgresDatabase(), sink, CaptureOptions.DEFAULT.withResultKeys(10));
        parentThenChildren(ds, true);
        QueryLens.complete(ds);
        List<TraceRecord> r = sink.records();
        assertEquals("select id, email from accounts order by id", r.get(0).sql());
        assertEquals(1, r.get(0).resultKeys().hashes().size(), "the first child started after one row was read");
        assertTrue(r.get(0).resultKeys().contains(r.get(1).params().get(0)));
    }

    @Test
    void resultKeysAreWrittenHashedAndReadBackIntoTheSessionStream() throws Exception {
        StringWriter out = new StringWriter();
        try (JsonLinesTraceSink lines = new JsonLinesTraceSink(out)) {
            DataSource ds = QueryLens.capture(pg.getPostgresDatabase(), lines, CaptureOptions.DEFAULT.withResultKeys(10));
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("select email, id from accounts order by id")) {
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getString(1);
                    }
                }
                ps.executeQuery().close(); // closed unread: a record with no sample, no field
            }
        }
        String trace = out.toString();
        assertTrue(!trace.contains("@example.com"), "no key value leaves the test: " + trace);
        JsonNode first = new ObjectMapper().readTree(trace.lines().findFirst().orElseThrow());
        assertEquals("email", first.get("resultKeyColumn").asText());
        assertEquals(10, first.get("resultKeys").size());
        assertTrue(!trace.lines().skip(1).findFirst().orElseThrow().contains("resultKeys"));

        List<dev.querylens.workload.SessionEvent> events = new java.util.ArrayList<>();
        dev.querylens.workload.Workload workload = new dev.querylens.workload.Workload(events::add);
        new dev.querylens.collect.JdbcTraceSource("trace.jsonl", new java.io.BufferedReader(new java.io.StringReader(trace)), new ObjectMapper())
                .read(workload::add, d -> { throw new AssertionError(d.toString()); });
        assertEquals(2, events.size());
        assertEquals("email", events.get(0).resultKeys().column());
        assertTrue(events.get(0).resultKeys().contains("user3@example.com"), "a later statement's bound value is matched by hashing it");
        assertTrue(events.get(1).resultKeys().isEmpty());
    }

    @Test
    void withoutTheOptionNoResultIsRead() throws Exception {
        MemoryTraceSink sink = new MemoryTraceSink();
        parentThenChildren(QueryLens.capture(pg.getPostgresDatabase(), sink), false);
        assertTrue(sink.records().stream().allMatch(t -> t.resultKeys().isEmpty()));
        assertEquals(13, sink.records().size());
    }

    @Test
    void onceTheWatchIsInstalledDriverManagerConnectionsStillReachThePostgresqlApi() throws Exception {
        UncapturedStatements.install();
        try (Connection c = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres"))) {
            assertTrue(c instanceof net.ttddyy.dsproxy.proxy.ProxyJdbcObject, "wrapped by the watching driver");
            var copy = c.unwrap(org.postgresql.core.BaseConnection.class).getCopyAPI();
            assertEquals(12, copy.copyOut("copy accounts to stdout", new java.io.StringWriter()));
        }
        try (UncapturedStatements.Watch watch = UncapturedStatements.watch(new MemoryTraceSink());
             Connection c = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres"));
             PreparedStatement ps = c.prepareStatement("select 1 where 1 = ?")) {
            ps.setInt(1, 1);
            ps.executeQuery().close();
            assertEquals(1, watch.count());
            assertEquals(List.of(java.util.Map.entry("select 1 where 1 = ?", 1)), watch.inOrder());
        }
    }
}
