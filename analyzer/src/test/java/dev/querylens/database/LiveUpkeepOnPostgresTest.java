package dev.querylens.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.advisor.PostgresServer;
import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.analysis.ProjectConfig;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.report.Report;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * autovacuum-behind on a real PostgreSQL 15 with autovacuum on, and turned off for one table.
 * Expected before the first run: right after 10000 rows are loaded, the table is reported as never
 * analyzed (10000 changes against an analyze trigger of 50, reltuples -1) but not for dead rows
 * (none); after an ANALYZE and an update of every row, it is reported for both, with the server's
 * own n_dead_tup and n_mod_since_analyze; a vacuumed and analyzed table with 10 updated rows of 1000
 * never is; the fix, run as given, leaves nothing to report. Read as a role with no grant too:
 * these counts are visible to every role. On the same server (wal_level = logical), an inactive
 * logical slot and a physical one created with immediately_reserve are reported with the server's
 * own retained WAL, and nothing is once they are dropped.
 */
class LiveUpkeepOnPostgresTest {
    static PostgresServer pg;
    static RuleCatalog rules;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start("-c autovacuum=on -c wal_level=logical");
        rules = RuleCatalog.load();
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE shop");
            s.execute("CREATE ROLE plain LOGIN");
        }
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id integer PRIMARY KEY, name text)");
            s.execute("INSERT INTO items SELECT g, 'n' || g FROM generate_series(1, 1000) g");
            s.execute("CREATE TABLE events (id integer PRIMARY KEY, payload text) WITH (autovacuum_enabled = false)");
            s.execute("INSERT INTO events SELECT g, 'p' || g FROM generate_series(1, 10000) g");
        }
        // the inserts must be counted before the ANALYZE, or counts flushed after it would be changes since it
        awaitCounts("SELECT n_mod_since_analyze = 10000 FROM pg_stat_user_tables WHERE relname = 'events'");
        awaitCounts("SELECT n_tup_ins = 1000 FROM pg_stat_user_tables WHERE relname = 'items'");
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement()) {
            s.execute("VACUUM ANALYZE items");
            s.execute("UPDATE items SET name = name || '!' WHERE id <= 10");
        }
        awaitCounts("SELECT n_dead_tup = 10 AND n_mod_since_analyze = 10 FROM pg_stat_user_tables WHERE relname = 'items'");
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    /** A closed session's counts reach the shared statistics a moment later: wait for them rather than race. */
    private static void awaitCounts(String sql) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement()) {
            while (System.nanoTime() < until) {
                s.execute("SELECT pg_stat_clear_snapshot()");
                try (ResultSet rs = s.executeQuery(sql)) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return;
                    }
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the statistics never showed " + sql);
    }

    private static List<Finding> behind(String role) throws Exception {
        ConnectionSettings db = ConnectionSettings.parse("postgresql://" + role + "@127.0.0.1:" + pg.port + "/shop");
        Report r = new Analysis(rules, "test", m -> { })
                .run(new AnalysisRequest(List.of(), List.of(), null, ProjectConfig.none(), null, db));
        return r.findings().stream().filter(f -> f.rule().equals("autovacuum-behind")).toList();
    }

    private static long server(String column) throws Exception {
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + column + " FROM pg_stat_user_tables WHERE relname = 'events'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aTableWithAutovacuumOffIsReportedNeverAnalyzedThenDeadRowsAndTheFixClearsIt() throws Exception {
        List<Finding> loaded = behind("postgres");
        assertEquals(List.of("public.events"), loaded.stream().map(f -> f.evidence().get("table")).toList(), loaded.toString());
        Finding first = loaded.get(0);
        assertEquals(10000L, ((Number) first.evidence().get("modifiedSinceAnalyze")).longValue());
        assertEquals(50L, ((Number) first.evidence().get("analyzeTrigger")).longValue(), "reltuples is -1: the trigger is the bare threshold");
        assertEquals("never", first.evidence().get("lastAnalyzeSecondsAgo"));
        assertTrue(first.message().contains("never analyzed") && !first.message().contains("dead rows"), first.message());
        assertTrue(first.message().contains("autovacuum is off for this table"), first.message());
        assertTrue(first.fix().startsWith("ANALYZE VERBOSE public.events;"), first.fix());
        assertEquals(List.of("public.events"), behind("plain").stream().map(f -> f.evidence().get("table")).toList(),
                "a role with no grant reads the same counts");

        try (Connection c = pg.connect("shop"); Statement s = c.createStatement()) {
            s.execute("ANALYZE events");
            s.execute("UPDATE events SET payload = payload || '!'");
        }
        awaitCounts("SELECT n_dead_tup = 10000 AND n_mod_since_analyze = 10000 FROM pg_stat_user_tables WHERE relname = 'events'");
        List<Finding> updated = behind("postgres");
        assertEquals(1, updated.size(), updated.toString());
        Finding f = updated.get(0);
        assertEquals(server("n_dead_tup"), ((Number) f.evidence().get("deadTuples")).longValue());
        assertEquals(server("n_mod_since_analyze"), ((Number) f.evidence().get("modifiedSinceAnalyze")).longValue());
        assertEquals(2050L, ((Number) f.evidence().get("vacuumTrigger")).longValue(), "50 + 0.2 * 10000 rows");
        assertEquals(1050L, ((Number) f.evidence().get("analyzeTrigger")).longValue(), "50 + 0.1 * 10000 rows");
        assertTrue(f.message().contains("10000 dead rows") && f.message().contains("since its last analyze"), f.message());
        assertEquals("VACUUM (ANALYZE, VERBOSE) public.events; ALTER TABLE public.events RESET (autovacuum_enabled);", f.fix());

        // the fix, run as given, one statement at a time (VACUUM cannot run in a transaction block)
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement()) {
            for (String statement : f.fix().split("; ")) {
                s.execute(statement.replace(";", ""));
            }
        }
        assertEquals(List.of(), behind("postgres"), "after the fix nothing is behind");
        assertEquals(0L, server("n_dead_tup"));
    }

    @Test
    void inactiveReplicationSlotsHoldingBackWal() throws Exception {
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement()) {
            s.execute("SELECT pg_create_logical_replication_slot('cdc_orders', 'test_decoding')");
            s.execute("SELECT pg_create_physical_replication_slot('old_replica', true)");
            s.execute("SELECT pg_create_physical_replication_slot('unreserved')");
        }
        // the WAL is the server's: written in another database, so shop's tables stay as the other test expects
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE wal_maker (v text)");
            s.execute("INSERT INTO wal_maker SELECT repeat('x', 100) FROM generate_series(1, 20000)");
        }
        ConnectionSettings db = ConnectionSettings.parse("postgresql://postgres@127.0.0.1:" + pg.port + "/shop");
        Report r = new Analysis(rules, "test", m -> { }).run(new AnalysisRequest(List.of(), List.of(), null, ProjectConfig.none(), null, db));
        List<Finding> slots = r.findings().stream().filter(f -> f.rule().equals("inactive-replication-slot")).toList();
        assertEquals(List.of("cdc_orders", "old_replica"), slots.stream().map(f -> f.evidence().get("slot")).toList(), slots.toString());
        java.util.Map<String, Long> serverRetained = new java.util.HashMap<>();
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT slot_name, pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint FROM pg_replication_slots WHERE restart_lsn IS NOT NULL")) {
            while (rs.next()) {
                serverRetained.put(rs.getString(1), rs.getLong(2));
            }
        }
        for (Finding f : slots) {
            long reported = ((Number) f.evidence().get("retainedBytes")).longValue();
            long now = serverRetained.get((String) f.evidence().get("slot"));
            // the server's figure read a moment later: the run's own few WAL records at most in between
            assertTrue(reported > 2_000_000 && reported <= now && now - reported < 1_000_000, reported + " vs " + now);
        }
        assertEquals("shop", slots.get(0).evidence().get("database"));
        assertTrue(slots.get(0).evidence().containsKey("xminAge"), "a logical slot holds a catalog_xmin");
        assertTrue(slots.get(1).fix().contains("SELECT pg_drop_replication_slot('old_replica');"), slots.get(1).fix());

        ConnectionSettings plain = ConnectionSettings.parse("postgresql://plain@127.0.0.1:" + pg.port + "/shop");
        Report least = new Analysis(rules, "test", m -> { }).run(new AnalysisRequest(List.of(), List.of(), null, ProjectConfig.none(), null, plain));
        assertEquals(List.of("cdc_orders", "old_replica"), least.findings().stream().filter(f -> f.rule().equals("inactive-replication-slot"))
                .map(f -> f.evidence().get("slot")).toList(), "a role with no grant reads pg_replication_slots too: " + least.diagnostics());

        try (Connection c = pg.connect("shop"); Statement s = c.createStatement()) {
            for (Finding f : slots) {
                s.execute(f.fix().substring(f.fix().indexOf("SELECT pg_drop"), f.fix().indexOf(';')));
            }
        }
        Report after = new Analysis(rules, "test", m -> { }).run(new AnalysisRequest(List.of(), List.of(), null, ProjectConfig.none(), null, db));
        assertEquals(List.of(), after.findings().stream().filter(f -> f.rule().equals("inactive-replication-slot")).toList(),
                "the unreserved physical slot holds nothing back");
    }
}
