package dev.querylens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.querylens.advisor.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL decides the firing counts and times row-trigger-hot-write states. A PostgreSQL 15 with
 * track_functions = all and every statement logged; orders has a row trigger whose function inserts
 * into audit_log, which has a row trigger of its own (a chain). The application writes N rows twice:
 * once as one multi-row INSERT, once as N single-row INSERTs. querylens analyze reads the server's
 * own log with --db; the rows it says the triggers fire for, summed over its findings, must be
 * pg_stat_user_functions.calls of each trigger function, and the calls and times it reports must be
 * the view's.
 */
class RowTriggerCostOnPostgresTest {
    private static final int N = 1000;
    private static PostgresServer pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start("-c logging_collector=on -c log_destination=stderr -c log_directory=log -c log_filename=server.log"
                + " -c log_file_mode=0644 -c log_min_duration_statement=0 -c track_functions=all");
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE shop");
        }
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);
                    CREATE TABLE audit_log (id bigserial PRIMARY KEY, order_id bigint);
                    CREATE TABLE audit_counts (one int PRIMARY KEY, n bigint);
                    INSERT INTO audit_counts VALUES (1, 0);
                    CREATE FUNCTION audit_order() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                      INSERT INTO audit_log (order_id) VALUES (NEW.id);
                      RETURN NULL;
                    END $$;
                    CREATE FUNCTION count_audit() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                      UPDATE audit_counts SET n = n + 1 WHERE one = 1;
                      RETURN NULL;
                    END $$;
                    CREATE TRIGGER orders_audit AFTER INSERT ON orders FOR EACH ROW EXECUTE FUNCTION audit_order();
                    CREATE TRIGGER audit_log_count AFTER INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION count_audit();
                    SELECT pg_stat_reset();
                    """);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void firingsAndTimesArePgStatUserFunctions() throws Exception {
        try (Connection app = pg.connect("shop")) {
            StringBuilder batch = new StringBuilder("INSERT INTO orders (id, total) VALUES ");
            for (int i = 1; i <= N; i++) {
                batch.append(i == 1 ? "" : ", ").append('(').append(i).append(", ").append(i % 97).append(')');
            }
            try (Statement s = app.createStatement()) {
                s.execute(batch.toString());
            }
            try (PreparedStatement p = app.prepareStatement("INSERT INTO orders (id, total) VALUES (?, ?)")) {
                for (int i = N + 1; i <= 2 * N; i++) {
                    p.setLong(1, i);
                    p.setInt(2, i % 97);
                    p.executeUpdate();
                }
            }
        }
        // the application's session ended: its function statistics reach the shared view (polled until they do)
        Map<String, double[]> view = functionStatistics(2L * N);
        assertEquals(2L * N, (long) view.get("public.audit_order")[0], "PostgreSQL counted one firing per row written: 2N");
        assertEquals(2L * N, (long) view.get("public.count_audit")[0], "and one for each audit_log row the chain wrote");

        Path log = Files.copy(pg.logDirectory().resolve("server.log"), dir.resolve("server.log"));
        JsonNode report = TriggerRuns.analyze(dir, "--db", pg.url("shop"), log.toString());

        List<JsonNode> findings = new ArrayList<>();
        report.path("findings").forEach(f -> {
            if (f.path("rule").asText().equals("row-trigger-hot-write")) {
                findings.add(f);
            }
        });
        assertEquals(2, findings.size(), "the batched and the row-by-row INSERT: " + findings);
        long fired = 0;
        long chained = 0;
        for (JsonNode f : findings) {
            JsonNode e = f.path("evidence");
            assertEquals("public.orders", f.path("table").asText());
            assertTrue(e.path("triggers").toString().contains("orders_audit"), e.toString());
            assertTrue(e.path("chain").toString().contains("audit_log_count"), "the chain through audit_log: " + e);
            fired += e.path("rowFirings").asLong();
            chained += e.path("chainFiringsEstimate").asLong();
            Map<String, JsonNode> measured = new TreeMap<>();
            e.path("measured").forEach(m -> measured.put(m.path("function").asText(), m));
            assertEquals(view.keySet(), measured.keySet(), "measured functions: " + e);
            for (var fn : view.entrySet()) {
                JsonNode m = measured.get(fn.getKey());
                assertEquals((long) fn.getValue()[0], m.path("calls").asLong(), fn.getKey() + " calls");
                assertEquals(fn.getValue()[1], m.path("totalMs").asDouble(), 0.0011, fn.getKey() + " total_time");
                assertEquals(fn.getValue()[2], m.path("selfMs").asDouble(), 0.0011, fn.getKey() + " self_time");
            }
        }
        System.out.printf(java.util.Locale.ROOT, "pg_stat_user_functions: audit_order %s, count_audit %s (calls, total ms, self ms);"
                + " QueryLens: %d row firings, %d chained, over %d findings%n", java.util.Arrays.toString(view.get("public.audit_order")),
                java.util.Arrays.toString(view.get("public.count_audit")), fired, chained, findings.size());
        assertEquals((long) view.get("public.audit_order")[0], fired, "row firings QueryLens states, over both workloads");
        assertEquals((long) view.get("public.count_audit")[0], chained, "chained firings QueryLens states, over both workloads");
    }

    /** pg_stat_user_functions by schema.name: calls, total_time, self_time; waits until the expected calls have arrived. */
    private static Map<String, double[]> functionStatistics(long expectedCalls) throws Exception {
        Map<String, double[]> out = new TreeMap<>();
        for (int attempt = 0; attempt < 50; attempt++) {
            out.clear();
            try (Connection c = pg.connect("shop"); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT schemaname || '.' || funcname, calls, total_time, self_time FROM pg_stat_user_functions")) {
                while (r.next()) {
                    out.put(r.getString(1), new double[] {r.getLong(2), r.getDouble(3), r.getDouble(4)});
                }
            }
            if (out.values().stream().allMatch(v -> v[0] >= expectedCalls) && out.size() == 2) {
                return out;
            }
            Thread.sleep(200);
        }
        return out;
    }
}
