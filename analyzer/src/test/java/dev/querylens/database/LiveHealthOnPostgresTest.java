package dev.querylens.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.advisor.PostgresServer;
import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.analysis.ProjectConfig;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health rules on a real PostgreSQL 15, each condition induced for real: an index never
 * scanned after pg_stat_reset() beside a unique one and a foreign key's that must stay silent, a
 * unique CREATE INDEX CONCURRENTLY that fails on a duplicate key, an integer key fed by a bigint
 * sequence and an integer sequence set near their limits with setval, and wraparound ages compared
 * with the server's own age(). Read as a superuser, and as the least-privileged role docs/safety.md
 * names (pg_monitor), which cannot see sequences' last_value and must say so.
 */
class LiveHealthOnPostgresTest {
    private static final Set<String> HEALTH_RULES = Set.of("unused-index", "invalid-index", "sequence-near-limit", "xid-wraparound");

    @TempDir
    static Path dir;
    static PostgresServer pg;
    static RuleCatalog rules;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
        rules = RuleCatalog.load();
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE shop");
            s.execute("CREATE DATABASE healthy");
            s.execute("CREATE ROLE monitor LOGIN");
            s.execute("GRANT pg_monitor TO monitor");
            s.execute("CREATE ROLE plain LOGIN");
        }
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id bigint PRIMARY KEY)");
            // an integer key fed by a bigint sequence: the classic overflow
            s.execute("CREATE SEQUENCE order_ids");
            s.execute("CREATE TABLE orders (id integer PRIMARY KEY DEFAULT nextval('order_ids'), customer_id bigint REFERENCES customers,"
                    + " ref text, note text, created_at timestamptz DEFAULT now())");
            s.execute("ALTER SEQUENCE order_ids OWNED BY orders.id");
            s.execute("CREATE INDEX orders_note_idx ON orders (note)");
            s.execute("CREATE UNIQUE INDEX orders_ref_key ON orders (ref)");
            s.execute("CREATE INDEX orders_customer_idx ON orders (customer_id, created_at)");
            s.execute("CREATE INDEX orders_created_idx ON orders (created_at)");
            s.execute("CREATE SEQUENCE invoice_numbers AS integer");
            s.execute("CREATE TABLE users (id serial PRIMARY KEY, email text)");
            s.execute("INSERT INTO customers SELECT g FROM generate_series(1, 10) g");
            s.execute("INSERT INTO users (email) SELECT 'u' || g FROM generate_series(1, 5) g");
            s.execute("CREATE TABLE \"Tags\" (v integer)");
            s.execute("INSERT INTO \"Tags\" VALUES (1), (1), (2)");
            SQLException failed = assertThrows(SQLException.class,
                    () -> s.execute("CREATE UNIQUE INDEX CONCURRENTLY \"Tags_v_key\" ON \"Tags\" (v)"));
            assertEquals("23505", failed.getSQLState(), "the concurrent build fails on the duplicate key");
            s.execute("SELECT setval('order_ids', 2000000000)");
            s.execute("SELECT setval('invoice_numbers', 2100000000)");
            s.execute("SELECT pg_stat_reset()");
            // after the reset: writes that add index entries, and a scan of one index
            s.execute("INSERT INTO orders (customer_id, ref, note) SELECT 1 + g % 10, 'r' || g, 'n' || g FROM generate_series(1, 100) g");
            s.execute("UPDATE orders SET note = note || '!' WHERE id % 10 = 0");
            s.execute("SET enable_seqscan = off");
            s.executeQuery("SELECT count(*) FROM orders WHERE created_at > now() - interval '1 day'").close();
        } // closing the session flushes its statistics
        try (Connection c = pg.connect("healthy"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id serial PRIMARY KEY, sku text UNIQUE, name text)");
            s.execute("CREATE INDEX items_name_idx ON items (name)");
            s.execute("INSERT INTO items (sku, name) SELECT 's' || g, 'n' || g FROM generate_series(1, 100) g");
            s.execute("SELECT pg_stat_reset()");
            s.execute("SET enable_seqscan = off");
            s.executeQuery("SELECT * FROM items WHERE name = 'n7'").close();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    private static ProjectConfig config(String yaml) throws Exception {
        return ProjectConfig.read(Files.writeString(Files.createTempFile(dir, "querylens", ".yaml"), yaml), rules);
    }

    private static Report analyze(String role, String database, ProjectConfig config) throws Exception {
        ConnectionSettings db = ConnectionSettings.parse("postgresql://" + role + "@127.0.0.1:" + pg.port + "/" + database);
        return new Analysis(rules, "test", m -> { }).run(new AnalysisRequest(List.of(), List.of(), null, config, null, db));
    }

    private static List<Finding> of(Report r, String rule) {
        return r.findings().stream().filter(f -> f.rule().equals(rule)).toList();
    }

    private static Map<String, Long> query(String database, String sql) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = pg.connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    @Test
    void anIndexNeverScannedSinceTheResetAndNoUniqueOrForeignKeyOne() throws Exception {
        Report r = analyze("postgres", "shop", config("rules:\n  unused-index: { parameters: { minStatsAgeHours: 0 } }\n"));
        List<Finding> unused = of(r, "unused-index");
        assertEquals(List.of("public.orders_note_idx"), unused.stream().map(f -> f.evidence().get("index")).toList(), unused.toString());
        Finding f = unused.get(0);
        // the server's own figures for the same index and table
        Map<String, Long> server = query("shop", "SELECT 'size', relpages::bigint * current_setting('block_size')::bigint FROM pg_class WHERE relname = 'orders_note_idx' UNION ALL"
                + " SELECT 'written', n_tup_ins + n_tup_upd - n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'orders' UNION ALL"
                + " SELECT 'scans', idx_scan FROM pg_stat_user_indexes WHERE indexrelname = 'orders_created_idx'");
        assertTrue(server.get("size") > 0, "pg_class knows the index's pages from its CREATE INDEX");
        assertEquals(server.get("size"), ((Number) f.evidence().get("sizeBytes")).longValue());
        assertEquals(110L, server.get("written"), "100 inserts and 10 updates of an indexed column (none HOT) since the reset");
        assertEquals(server.get("written"), ((Number) f.evidence().get("entriesWritten")).longValue());
        assertTrue(server.get("scans") > 0, "the created_at index was scanned after the reset, so it is no finding");
        assertTrue(f.evidence().get("statsReset") != null && f.message().contains("since the statistics reset at "), f.message());
        assertTrue(f.fix().contains("DROP INDEX CONCURRENTLY public.orders_note_idx;")
                && f.fix().contains("CREATE INDEX CONCURRENTLY orders_note_idx ON public.orders USING btree (note)"), f.fix());

        // with the default (a week of statistics) a reset a moment ago proves nothing: said, not reported
        Report young = analyze("postgres", "shop", ProjectConfig.none());
        assertEquals(List.of(), of(young, "unused-index"));
        assertTrue(young.diagnostics().stream().anyMatch(d -> d.message().startsWith("unused-index: the statistics of db ")
                && d.message().contains("not judged")), young.diagnostics().toString());
    }

    @Test
    void aFailedConcurrentUniqueBuildLeavesAnInvalidIndexAndItsFixRebuildsIt() throws Exception {
        List<Finding> invalid = of(analyze("postgres", "shop", ProjectConfig.none()), "invalid-index");
        assertEquals(1, invalid.size(), invalid.toString());
        Finding f = invalid.get(0);
        assertEquals(Map.of("Tags_v_key", 1L), query("shop", "SELECT indexrelid::regclass::text, 1 FROM pg_index WHERE NOT indisvalid")
                .entrySet().stream().collect(Collectors.toMap(e -> e.getKey().replace("\"", ""), Map.Entry::getValue)));
        assertEquals("public.Tags_v_key", f.evidence().get("index"));
        assertTrue(f.fix().contains("DROP INDEX CONCURRENTLY public.\"Tags_v_key\"; CREATE UNIQUE INDEX CONCURRENTLY \"Tags_v_key\""
                + " ON public.\"Tags\" USING btree (v);"), f.fix());

        // the fix works: on a copy of the situation with the duplicate resolved, the two statements leave a valid index
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE \"Tags2\" (v integer)");
            s.execute("INSERT INTO \"Tags2\" VALUES (1), (1)");
            assertThrows(SQLException.class, () -> s.execute("CREATE UNIQUE INDEX CONCURRENTLY \"Tags2_v_key\" ON \"Tags2\" (v)"));
        }
        Finding second = of(analyze("postgres", "shop", ProjectConfig.none()), "invalid-index").stream()
                .filter(x -> x.evidence().get("index").equals("public.Tags2_v_key")).findFirst().orElseThrow();
        String sql = second.fix().substring(second.fix().indexOf("DROP INDEX"), second.fix().indexOf(';', second.fix().indexOf("CREATE")) + 1);
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement()) {
            s.execute("DELETE FROM \"Tags2\" WHERE ctid = (SELECT max(ctid) FROM \"Tags2\")");
            for (String statement : sql.split("; ")) {
                s.execute(statement.replace(";", "")); // CONCURRENTLY: one statement at a time, outside a transaction block
            }
        }
        assertFalse(of(analyze("postgres", "shop", ProjectConfig.none()), "invalid-index").stream()
                .anyMatch(x -> x.evidence().get("index").equals("public.Tags2_v_key")), "after the fix the index is valid");
        assertEquals(Map.of("true", 1L), query("shop", "SELECT indisvalid::text, 1 FROM pg_index WHERE indexrelid = '\"Tags2_v_key\"'::regclass"));
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement()) {
            s.execute("DROP TABLE \"Tags2\"");
        }
    }

    @Test
    void anIntegerKeyFedByABigintSequenceAndAnIntegerSequenceNearTheirLimits() throws Exception {
        List<Finding> near = of(analyze("postgres", "shop", ProjectConfig.none()), "sequence-near-limit");
        Map<String, Finding> bySequence = new HashMap<>();
        near.forEach(f -> bySequence.put((String) f.evidence().get("sequence"), f));
        assertEquals(Set.of("public.order_ids", "public.invoice_numbers"), bySequence.keySet(), near.toString());
        Finding key = bySequence.get("public.order_ids");
        // the server says where the key is: last_value past the setval by the 100 inserts, against integer's largest value
        long last = query("shop", "SELECT 'last', last_value FROM pg_sequences WHERE sequencename = 'order_ids'").get("last");
        assertEquals(2000000100L, last);
        assertEquals(last, ((Number) key.evidence().get("lastValue")).longValue());
        assertEquals((long) Integer.MAX_VALUE, ((Number) key.evidence().get("limit")).longValue());
        assertEquals("public.orders.id", key.evidence().get("column"));
        assertEquals("integer", key.evidence().get("columnType"));
        assertEquals("bigint", key.evidence().get("sequenceType"));
        assertTrue(key.fix().contains("ALTER TABLE public.orders ALTER COLUMN id TYPE bigint"), key.fix());
        Finding own = bySequence.get("public.invoice_numbers");
        assertEquals((long) Integer.MAX_VALUE, ((Number) own.evidence().get("sequenceMaxValue")).longValue());
        assertTrue(own.fix().contains("ALTER SEQUENCE public.invoice_numbers AS bigint"), own.fix());

        // the limits are real: the integer key overflows where QueryLens says it will
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SELECT setval('order_ids', " + Integer.MAX_VALUE + ")");
            SQLException overflow = assertThrows(SQLException.class, () -> s.execute("INSERT INTO orders (note) VALUES ('x')"));
            assertEquals("22003", overflow.getSQLState(), overflow.getMessage());
            c.rollback();
        }
        // the serial users_id_seq (at 5) is far from its limit: no finding (checked by the exact set above)
    }

    @Test
    void wraparoundAgesAreTheServersOwnAndALoweredThresholdReportsThem() throws Exception {
        assertEquals(List.of(), of(analyze("postgres", "shop", ProjectConfig.none()), "xid-wraparound"),
                "a fresh cluster is far from autovacuum_freeze_max_age");
        // 200 million * 1e-9 = 0.2: every database with an age of one transaction or more is reported
        Report r = analyze("postgres", "shop", config("rules:\n  xid-wraparound: { parameters: { maxShareOfFreezeMaxAge: 0.000000001 } }\n"));
        Map<String, Long> ages = query("postgres", "SELECT datname, age(datfrozenxid) FROM pg_database");
        Map<String, Long> mxidAges = query("postgres", "SELECT datname, mxid_age(datminmxid) FROM pg_database");
        Map<String, Long> reported = new TreeMap<>();
        Map<String, Long> reportedMxid = new TreeMap<>();
        for (Finding f : of(r, "xid-wraparound")) {
            reported.put((String) f.evidence().get("database"), ((Number) f.evidence().get("xidAge")).longValue());
            reportedMxid.put((String) f.evidence().get("database"), ((Number) f.evidence().get("mxidAge")).longValue());
            assertEquals(200000000L, ((Number) f.evidence().get("autovacuumFreezeMaxAge")).longValue());
        }
        assertEquals(ages, reported, "QueryLens's ages are the server's age(datfrozenxid)");
        assertEquals(mxidAges, reportedMxid, "and mxid_age(datminmxid)");
        Finding shop = of(r, "xid-wraparound").stream().filter(f -> f.evidence().get("database").equals("shop")).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> oldest = (List<Map<String, Object>>) shop.evidence().get("oldestTables");
        Map<String, Long> serverTables = query("shop", "SELECT n.nspname || '.' || c.relname, age(c.relfrozenxid) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'm', 't') ORDER BY 2 DESC, 1 LIMIT 10");
        assertEquals(10, oldest.size());
        for (Map<String, Object> t : oldest) {
            assertEquals(serverTables.get((String) t.get("table")), ((Number) t.get("xidAge")).longValue(), t.toString());
        }
        assertTrue(shop.fix().contains("VACUUM (FREEZE, VERBOSE) "), shop.fix());
    }

    @Test
    void aHealthyDatabaseGivesNoneOfTheseFindings() throws Exception {
        Report r = analyze("postgres", "healthy", config("rules:\n  unused-index: { parameters: { minStatsAgeHours: 0 } }\n"));
        assertEquals(List.of(), r.findings().stream().filter(f -> HEALTH_RULES.contains(f.rule())).toList());
        assertTrue(r.diagnostics().stream().noneMatch(d -> d.message().contains("left out") || d.message().contains("could not see")),
                r.diagnostics().toString());
        // the healthy database was read: its index was scanned, so it is no finding rather than unread
        assertTrue(query("healthy", "SELECT 'scans', idx_scan FROM pg_stat_user_indexes WHERE indexrelname = 'items_name_idx'")
                .get("scans") > 0);
    }

    @Test
    void asPgMonitorEverythingButSequencesIsSeenAndTheSequencesAreSaidUnseen() throws Exception {
        ProjectConfig lowered = config("rules:\n  unused-index: { parameters: { minStatsAgeHours: 0 } }\n"
                + "  xid-wraparound: { parameters: { maxShareOfFreezeMaxAge: 0.000000001 } }\n");
        Report superuser = analyze("postgres", "shop", lowered);
        Report monitor = analyze("monitor", "shop", lowered);
        for (String rule : List.of("unused-index", "invalid-index", "xid-wraparound")) {
            assertEquals(summary(of(superuser, rule)), summary(of(monitor, rule)), rule + " sees the same as pg_monitor");
            assertFalse(of(monitor, rule).isEmpty(), rule);
        }
        assertEquals(2, of(superuser, "sequence-near-limit").size());
        assertEquals(List.of(), of(monitor, "sequence-near-limit"), "pg_monitor cannot read last_value");
        List<String> said = monitor.diagnostics().stream().map(d -> d.message())
                .filter(m -> m.startsWith("sequence-near-limit could not see how far 3 sequences")).toList();
        assertEquals(1, said.size(), monitor.diagnostics().toString());
        assertTrue(said.get(0).contains("not the same as healthy") && said.get(0).contains("pg_read_all_data"), said.get(0));
        assertTrue(superuser.diagnostics().stream().noneMatch(d -> d.message().contains("could not see")));

        // a role with no grant at all sees the same: these are catalog and statistics views every role may read
        Report plain = analyze("plain", "shop", lowered);
        for (String rule : HEALTH_RULES) {
            assertEquals(summary(of(monitor, rule)), summary(of(plain, rule)), rule + " as a role without pg_monitor");
        }
        assertTrue(plain.diagnostics().stream().anyMatch(d -> d.message().startsWith("sequence-near-limit could not see how far 3 sequences")));
    }

    /**
     * Generalisation, on shapes the rules were not developed with; expected before the first run: a
     * mixed-case schema, an integer identity column (its sequence is integer too) and a smallserial
     * past 90%; an unscanned mixed-case expression index reported with its quoted name; a partitioned
     * table's index and its partition's part, never scanned, not reported (the parent holds nothing,
     * the part cannot be dropped alone).
     */
    @Test
    void identitySmallserialMixedCaseAndPartitionedIndexes() throws Exception {
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE ledger");
        }
        try (Connection c = pg.connect("ledger"); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA \"Billing\"");
            s.execute("CREATE TABLE \"Billing\".\"Invoices\" (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, \"Code\" text)");
            s.execute("CREATE INDEX \"Invoices_Code_lower\" ON \"Billing\".\"Invoices\" (lower(\"Code\"))");
            s.execute("CREATE TABLE \"Billing\".tickets (n smallserial PRIMARY KEY)");
            s.execute("CREATE TABLE events (at date NOT NULL, kind text) PARTITION BY RANGE (at)");
            s.execute("CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')");
            s.execute("CREATE INDEX events_kind_idx ON events (kind)");
            s.execute("SELECT setval(pg_get_serial_sequence('\"Billing\".\"Invoices\"', 'id'), 1990000000)");
            s.execute("SELECT setval(pg_get_serial_sequence('\"Billing\".tickets', 'n'), 30000)");
            s.execute("INSERT INTO events VALUES ('2026-05-01', 'a')");
        }
        Report r = analyze("postgres", "ledger", config("rules:\n  unused-index: { parameters: { minStatsAgeHours: 0 } }\n"));
        Map<String, Finding> near = new TreeMap<>();
        of(r, "sequence-near-limit").forEach(f -> near.put((String) f.evidence().get("column"), f));
        assertEquals(Set.of("Billing.Invoices.id", "Billing.tickets.n"), near.keySet(), near.toString());
        Finding identity = near.get("Billing.Invoices.id");
        assertEquals("integer", identity.evidence().get("sequenceType"));
        assertEquals((long) Integer.MAX_VALUE, ((Number) identity.evidence().get("limit")).longValue());
        assertTrue(identity.fix().contains("ALTER TABLE \"Billing\".\"Invoices\" ALTER COLUMN id TYPE bigint")
                && identity.fix().contains("ALTER SEQUENCE \"Billing\".\"Invoices_id_seq\" AS bigint"), identity.fix());
        Finding small = near.get("Billing.tickets.n");
        assertEquals(32767L, ((Number) small.evidence().get("limit")).longValue());
        assertEquals(30000L, ((Number) small.evidence().get("lastValue")).longValue());
        List<Finding> unused = of(r, "unused-index");
        assertEquals(List.of("Billing.Invoices_Code_lower"), unused.stream().map(f -> f.evidence().get("index")).toList(), unused.toString());
        assertTrue(unused.get(0).fix().contains("DROP INDEX CONCURRENTLY \"Billing\".\"Invoices_Code_lower\";"), unused.get(0).fix());
        assertEquals(List.of(), of(r, "invalid-index"));
    }

    private static Set<String> summary(List<Finding> findings) {
        return findings.stream().map(f -> f.message()).collect(Collectors.toCollection(TreeSet::new));
    }
}
