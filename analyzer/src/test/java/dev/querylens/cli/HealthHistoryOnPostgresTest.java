package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.querylens.advisor.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code health --history} on a real PostgreSQL 15: two runs with the sequences advanced between
 * them give sequence-near-limit a rate and the days left. The first snapshot's time is moved two
 * days back in the file rather than waiting; pg_sequences, read apart from QueryLens, is the oracle
 * for what each snapshot holds.
 */
class HealthHistoryOnPostgresTest {
    private static final long INT_MAX = Integer.MAX_VALUE;

    @TempDir
    static Path dir;
    static PostgresServer pg;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE keys");
            s.execute("CREATE DATABASE other");
        }
        try (Connection c = pg.connect("keys"); Statement s = c.createStatement()) {
            // the classic trap: an integer key fed by a bigint sequence
            s.execute("CREATE SEQUENCE orders_id_seq AS bigint");
            s.execute("CREATE TABLE orders (id integer PRIMARY KEY DEFAULT nextval('orders_id_seq'), note text)");
            s.execute("ALTER SEQUENCE orders_id_seq OWNED BY orders.id");
            s.execute("CREATE TABLE events (id bigserial PRIMARY KEY, note text)");
            s.execute("SELECT setval('orders_id_seq', 1500000000)"); // 69.8% of 2^31 - 1: below maxShare's 90%
            s.execute("SELECT setval('events_id_seq', 1000000000)");
        }
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

    private static long lastValue(String sequence) throws Exception {
        try (Connection c = pg.connect("keys"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT last_value FROM pg_sequences WHERE sequencename = '" + sequence + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<JsonNode> findings(Path report) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        new ObjectMapper().readTree(report.toFile()).get("findings").forEach(out::add);
        return out;
    }

    @Test
    void twoSnapshotsGiveTheRateAndTheDaysLeft() throws Exception {
        Path history = dir.resolve("keys-history.json");
        Path first = dir.resolve("first.json");
        Run r1 = run("health", "--db", db("keys"), "--only", "sequence-near-limit", "--history", history.toString(),
                "--format", "json", "-o", first.toString());
        assertEquals(0, r1.exit(), r1.err());
        assertEquals(List.of(), findings(first), "70% with no rate known is below maxShare");
        JsonNode h = new ObjectMapper().readTree(history.toFile());
        assertEquals(1, h.get("snapshots").size(), h.toString());
        assertEquals("postgresql://127.0.0.1:" + pg.port + "/keys", h.get("database").asText(), "the database, not the role");
        JsonNode snapshot = h.get("snapshots").get(0);
        List<String> kept = new ArrayList<>();
        snapshot.get("sequences").forEach(q -> kept.add(q.get("schema").asText() + "." + q.get("name").asText() + "=" + q.get("lastValue").asLong()));
        assertEquals(List.of("public.events_id_seq=" + lastValue("events_id_seq"), "public.orders_id_seq=" + lastValue("orders_id_seq")),
                kept.stream().sorted().toList());

        // the first reading moved two days back: the rate is then what the sequences counted over two days
        Instant then = Instant.now().minus(Duration.ofDays(2));
        ((ObjectNode) snapshot).put("at", then.toString());
        Files.writeString(history, h.toString());
        try (Connection c = pg.connect("keys"); Statement s = c.createStatement()) {
            s.execute("SELECT setval('orders_id_seq', 1600000000)");
            s.execute("SELECT setval('events_id_seq', 1000001000)");
        }
        Path second = dir.resolve("second.json");
        Instant before = Instant.now();
        Run r2 = run("health", "--db", db("keys"), "--only", "sequence-near-limit", "--history", history.toString(),
                "--format", "json", "-o", second.toString());
        Instant after = Instant.now();
        assertEquals(0, r2.exit(), r2.err());
        List<JsonNode> found = findings(second);
        // events (bigint, 1,000 a day of 9.2e18) has centuries left: silent; orders has about 11 days left
        assertEquals(1, found.size(), found.toString());
        JsonNode f = found.get(0);
        JsonNode e = f.get("evidence");
        assertEquals("public.orders_id_seq", e.get("sequence").asText());
        assertEquals(lastValue("orders_id_seq"), e.get("lastValue").asLong());
        assertEquals(INT_MAX, e.get("limit").asLong(), "the integer column binds, not the bigint sequence");
        assertEquals(1500000000L, e.get("valueThen").asLong());
        double minDays = Duration.between(then, before).toMillis() / 86_400_000.0;
        double maxDays = Duration.between(then, after).toMillis() / 86_400_000.0;
        double perDay = e.get("valuesPerDay").asDouble();
        assertTrue(perDay <= 100_000_000 / minDays + 0.1 && perDay >= 100_000_000 / maxDays - 0.1, perDay + " values a day");
        double daysLeft = e.get("daysLeft").asDouble();
        double expected = (INT_MAX - 1600000000L) / (100_000_000 / 2.0); // 10.95
        assertEquals(expected, daysLeft, 0.1, f.toString());
        assertTrue(f.get("message").asText().contains("they last about 11 days"), f.get("message").asText());
        assertEquals(2, new ObjectMapper().readTree(history.toFile()).get("snapshots").size());

        // the same with maxDaysLeft below the days left: 74.5% is under maxShare, so silent again
        Path config = Files.writeString(dir.resolve("ten-days.yaml"), "rules:\n  sequence-near-limit: { parameters: { maxDaysLeft: 10 } }\n");
        Path third = dir.resolve("third.json");
        Run r3 = run("health", "--db", db("keys"), "--only", "sequence-near-limit", "--history", history.toString(),
                "--config", config.toString(), "--format", "json", "-o", third.toString());
        assertEquals(0, r3.exit(), r3.err());
        assertEquals(List.of(), findings(third));
    }

    @Test
    void aHistoryThatIsNotOneOrIsAnotherDatabasesIsAUsageErrorAndLeftAlone() throws Exception {
        Path garbage = Files.writeString(dir.resolve("notes.txt"), "my notes, not JSON\n");
        Run bad = run("health", "--db", db("keys"), "--history", garbage.toString(), "-o", dir.resolve("bad.txt").toString());
        assertEquals(2, bad.exit(), bad.err());
        assertTrue(bad.err().contains("is not a health history") && !bad.err().contains("my notes"), bad.err());
        assertEquals("my notes, not JSON\n", Files.readString(garbage));
        assertFalse(bad.err().contains("Exception\n\tat"), bad.err());

        Path keys = dir.resolve("keys-only.json");
        assertEquals(0, run("health", "--db", db("keys"), "--history", keys.toString(), "-q", "-o", dir.resolve("k.txt").toString()).exit());
        String kept = Files.readString(keys);
        Run other = run("health", "--db", db("other"), "--history", keys.toString(), "-o", dir.resolve("o.txt").toString());
        assertEquals(2, other.exit(), other.err());
        assertTrue(other.err().contains("history of another database"), other.err());
        assertEquals(kept, Files.readString(keys));
    }
}
