package dev.querylens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.querylens.advisor.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An UPDATE and a DELETE whose rows per execution no statement text shows (a range in WHERE): with
 * pg_stat_statements as the workload, QueryLens takes each statement's rows per call from the
 * view's {@code rows}, so the firings it states for each row trigger must be what
 * pg_stat_user_functions counted on the same PostgreSQL 15 (track_functions = all).
 */
class RowTriggerRowsFromPgStatStatementsTest {
    private static final int UPDATES = 12;
    private static final int UPDATED_PER_CALL = 150;
    private static final int DELETES = 7;
    private static final int DELETED_PER_CALL = 110;
    private static PostgresServer pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start("-c shared_preload_libraries=pg_stat_statements -c track_functions=all");
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE ledger");
        }
        try (Connection c = pg.connect("ledger"); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE EXTENSION pg_stat_statements;
                    CREATE TABLE entries (id bigint PRIMARY KEY, amount numeric);
                    INSERT INTO entries SELECT g, g FROM generate_series(1, 10000) g;
                    CREATE FUNCTION on_amount() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
                    CREATE FUNCTION on_delete() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
                    CREATE TRIGGER entries_amount AFTER UPDATE ON entries FOR EACH ROW EXECUTE FUNCTION on_amount();
                    CREATE TRIGGER entries_deleted AFTER DELETE ON entries FOR EACH ROW EXECUTE FUNCTION on_delete();
                    """);
            s.execute("SELECT pg_stat_statements_reset()");
            s.execute("SELECT pg_stat_reset()");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void firingsFollowTheRowsPgStatStatementsCounted() throws Exception {
        try (Connection app = pg.connect("ledger")) {
            try (PreparedStatement p = app.prepareStatement("UPDATE entries SET amount = amount + 1 WHERE id > ? AND id <= ?")) {
                for (int i = 0; i < UPDATES; i++) {
                    p.setLong(1, (long) i * UPDATED_PER_CALL);
                    p.setLong(2, (long) (i + 1) * UPDATED_PER_CALL);
                    assertEquals(UPDATED_PER_CALL, p.executeUpdate());
                }
            }
            try (PreparedStatement p = app.prepareStatement("DELETE FROM entries WHERE id > ? AND id <= ?")) {
                for (int i = 0; i < DELETES; i++) {
                    p.setLong(1, 5000L + (long) i * DELETED_PER_CALL);
                    p.setLong(2, 5000L + (long) (i + 1) * DELETED_PER_CALL);
                    assertEquals(DELETED_PER_CALL, p.executeUpdate());
                }
            }
        }
        Map<String, Long> expected = Map.of("public.on_amount", (long) UPDATES * UPDATED_PER_CALL, "public.on_delete", (long) DELETES * DELETED_PER_CALL);
        Map<String, Long> calls = TriggerRuns.functionCalls(pg, "ledger", "on\\_%", expected);
        // written down before the run: one firing per row each statement wrote
        assertEquals(expected, calls, "pg_stat_user_functions");

        JsonNode report = TriggerRuns.analyze(dir, "--db", pg.url("ledger"));

        Map<String, Long> stated = new TreeMap<>();
        for (JsonNode f : report.path("findings")) {
            if (!f.path("rule").asText().equals("row-trigger-hot-write")) {
                continue;
            }
            JsonNode e = f.path("evidence");
            assertTrue(e.path("rowsCounted").asText().contains("pg_stat_statements"), e.toString());
            for (String function : calls.keySet()) {
                if (e.path("triggers").toString().contains(function + "()")) {
                    stated.merge(function, e.path("rowFirings").asLong(), Long::sum);
                }
            }
        }
        assertEquals(calls, stated, "row firings QueryLens states from pg_stat_statements' rows, per trigger function");
    }
}
