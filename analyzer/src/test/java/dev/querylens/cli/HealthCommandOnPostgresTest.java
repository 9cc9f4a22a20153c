package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.advisor.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code querylens health --db} and {@code check --db} through the CLI on a real PostgreSQL 15: an
 * index never scanned after pg_stat_reset() is a finding in every format and fails --fail-on
 * warning (exit 1); a database whose indexes are used gives no finding and exit 0; an unreachable
 * database is exit 2, never a healthy report. check --db, with pg_stat_statements as its workload,
 * gates on the same health finding.
 */
class HealthCommandOnPostgresTest {
    @TempDir
    static Path dir;
    static PostgresServer pg;
    static Path config;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start("-c shared_preload_libraries=pg_stat_statements");
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE shop");
            s.execute("CREATE DATABASE healthy");
        }
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION pg_stat_statements");
            s.execute("CREATE TABLE orders (id bigint PRIMARY KEY, ref text UNIQUE, note text, created_at timestamptz DEFAULT now())");
            s.execute("CREATE INDEX orders_note_idx ON orders (note)");
            s.execute("CREATE INDEX orders_created_idx ON orders (created_at)");
            s.execute("INSERT INTO orders (id, ref, note) SELECT g, 'r' || g, 'n' || g FROM generate_series(1, 200) g");
            s.execute("SELECT pg_stat_reset()");
            s.execute("INSERT INTO orders (id, ref, note) SELECT g, 'r' || g, 'n' || g FROM generate_series(201, 250) g");
            s.execute("SET enable_seqscan = off");
            s.executeQuery("SELECT count(*) FROM orders WHERE created_at > now() - interval '1 day'").close();
        }
        try (Connection c = pg.connect("healthy"); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION pg_stat_statements");
            s.execute("CREATE TABLE items (id serial PRIMARY KEY, sku text UNIQUE, name text)");
            s.execute("CREATE INDEX items_name_idx ON items (name)");
            s.execute("INSERT INTO items (sku, name) SELECT 's' || g, 'n' || g FROM generate_series(1, 100) g");
            s.execute("SELECT pg_stat_reset()");
            s.execute("SET enable_seqscan = off");
            s.executeQuery("SELECT * FROM items WHERE name = 'n7'").close();
        } // closing the sessions flushes their statistics
        // a reset a moment ago is no evidence by default (a week): the tests judge these fresh statistics
        config = Files.writeString(dir.resolve("querylens.yaml"), "rules:\n  unused-index: { parameters: { minStatsAgeHours: 0 } }\n");
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    private record Run(int exit, String err) {
    }

    private static Run run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Run(QueryLensCommand.execute(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    private static String db(String database) {
        return "postgresql://postgres@127.0.0.1:" + pg.port + "/" + database;
    }

    private static List<String> unusedIndexes(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.get("findings").forEach(f -> {
            if (f.get("rule").asText().equals("unused-index")) {
                out.add(f.get("evidence").get("index").asText());
            }
        });
        return out;
    }

    @Test
    void anIndexNeverScannedAfterTheResetIsAFindingInEveryFormatAndFailsTheGate() throws Exception {
        Path out = dir.resolve("shop");
        Run gated = run("health", "--db", db("shop"), "--config", config.toString(), "--fail-on", "warning",
                "--format", "text,json,markdown,html", "--output-dir", out.toString());
        assertEquals(1, gated.exit(), gated.err());
        assertTrue(gated.err().contains("warning unused-index: public.orders"), gated.err());
        JsonNode json = new ObjectMapper().readTree(out.resolve("querylens-report.json").toFile());
        // the primary key and the unique ref index are never scanned either, and enforce something: silent; created_at was scanned
        assertEquals(List.of("public.orders_note_idx"), unusedIndexes(json), json.toString());
        for (String file : List.of("querylens-report.txt", "querylens-report.md", "querylens-report.html")) {
            String text = Files.readString(out.resolve(file));
            assertTrue(text.contains("orders_note_idx") && text.contains("unused-index"), file);
            assertFalse(text.contains("orders_created_idx is") || text.contains("DROP INDEX CONCURRENTLY public.orders_created_idx"), file);
            // the summary says which database was judged, not the "0 executions" of a workload nobody gave
            assertTrue(text.matches("(?s).*ealth of `?db [^\\n]*/shop.*") && !text.contains("0 executions"), file);
        }

        // without --fail-on the report is written and the exit code says only that
        Path text = dir.resolve("shop.txt");
        Run report = run("health", "--db", db("shop"), "--config", config.toString(), "-o", text.toString());
        assertEquals(0, report.exit(), report.err());
        assertTrue(Files.readString(text).contains("DROP INDEX CONCURRENTLY public.orders_note_idx"));
        // a warning does not reach --fail-on error
        assertEquals(0, run("health", "--db", db("shop"), "--config", config.toString(), "--fail-on", "error", "-q",
                "-o", dir.resolve("shop-error.txt").toString()).exit());
        // with the default minStatsAgeHours the fresh reset proves nothing: no finding, and the report says why
        Path young = dir.resolve("young.json");
        // (only unused-index: the table was never analyzed, which autovacuum-behind may rightly report meanwhile)
        Run defaults = run("health", "--db", db("shop"), "--only", "unused-index", "--fail-on", "warning", "--format", "json",
                "-o", young.toString());
        assertEquals(0, defaults.exit(), defaults.err());
        JsonNode youngJson = new ObjectMapper().readTree(young.toFile());
        assertEquals(List.of(), unusedIndexes(youngJson));
        assertTrue(youngJson.toString().contains("not judged"), youngJson.toString());
    }

    @Test
    void aDatabaseWhoseIndexesAreUsedPassesEvenAtInfo() throws Exception {
        Path out = dir.resolve("healthy.json");
        Run r = run("health", "--db", db("healthy"), "--config", config.toString(), "--fail-on", "info", "--format", "json",
                "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertEquals(0, json.get("findings").size(), json.toString());
        assertTrue(r.err().contains("0 findings at or above info"), r.err());
    }

    @Test
    void anUnreachableDatabaseIsExit2NotAHealthyReport() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        Path out = dir.resolve("nowhere.txt");
        Run r = run("health", "--db", "postgresql://postgres@127.0.0.1:" + free + "/shop", "--fail-on", "error", "-o", out.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("querylens health: ") && r.err().contains("lost input"), r.err());
        assertFalse(Files.exists(out), "no report that could pass for a healthy one");
        assertEquals(2, run("health").exit(), "--db is required");
        assertEquals(2, run("health", "--db", db("shop"), "--fail-on", "bad").exit());
        assertEquals(2, run("health", "--db", db("shop"), "--only", "n-plus-one").exit(), "not a health rule");
        Path none = Files.writeString(dir.resolve("no-health.yaml"), "rules:\n  unused-index: { enabled: false }\n");
        Run nothing = run("health", "--db", db("shop"), "--only", "unused-index", "--config", none.toString(), "--fail-on", "info");
        assertEquals(2, nothing.exit(), "a gate with every health rule off would pass anything: " + nothing.err());
        assertTrue(nothing.err().contains("nothing to judge"), nothing.err());
    }

    @Test
    void checkWithDbGatesOnTheSameHealthFinding() throws Exception {
        String[] base = {"check", "--db", db("shop"), "--config", config.toString(), "-o", dir.resolve("check.txt").toString()};
        Run warning = run(Stream.concat(Stream.of(base), Stream.of("--fail-on", "warning")).toArray(String[]::new));
        assertEquals(1, warning.exit(), warning.err());
        assertTrue(warning.err().contains("new warning unused-index: public.orders"), warning.err());
        // the same gate on the healthy database, its health rules alone (its workload's statements are the setup's)
        Run healthy = run("check", "--db", db("healthy"), "--config", config.toString(),
                "--only", "unused-index,invalid-index,sequence-near-limit,xid-wraparound", "--fail-on", "info",
                "-o", dir.resolve("check-healthy.txt").toString());
        assertEquals(0, healthy.exit(), healthy.err());
        assertTrue(healthy.err().contains("\n0 new findings (0 errors, 0 warnings, 0 info)"), healthy.err());
    }
}
