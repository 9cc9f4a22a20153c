package dev.querylens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.querylens.advisor.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
 * Which row triggers a write fires, with PostgreSQL 15 deciding (track_functions = all, every
 * statement logged): an {@code UPDATE OF} trigger fires only for an UPDATE whose SET names one of
 * its columns; INSERT ... ON CONFLICT DO UPDATE fires UPDATE triggers for the rows that conflict; a
 * partition written directly fires its partitioned parent's row trigger. Each trigger has its own
 * function, so pg_stat_user_functions.calls says how often each fired. QueryLens reads the server's
 * log with --db: for every function, the row firings it states over its findings must be the
 * view's calls, and a trigger that did not fire must be in no finding.
 */
class TriggerFiringScopeOnPostgresTest {
    private static final int N = 1000;
    private static PostgresServer pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start("-c logging_collector=on -c log_destination=stderr -c log_directory=log -c log_filename=server.log"
                + " -c log_file_mode=0644 -c log_min_duration_statement=0 -c track_functions=all");
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE scope");
        }
        try (Connection c = pg.connect("scope"); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE items (id bigint PRIMARY KEY, price numeric, note text);
                    INSERT INTO items SELECT g, g, 'n' FROM generate_series(1, %d) g;
                    CREATE FUNCTION on_price() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
                    CREATE FUNCTION on_note() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
                    CREATE TRIGGER items_price AFTER UPDATE OF price ON items FOR EACH ROW EXECUTE FUNCTION on_price();
                    CREATE TRIGGER items_note AFTER UPDATE OF note ON items FOR EACH ROW EXECUTE FUNCTION on_note();
                    CREATE TABLE events (id bigint, at date NOT NULL) PARTITION BY RANGE (at);
                    CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
                    CREATE FUNCTION on_event() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
                    CREATE TRIGGER events_log AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION on_event();
                    SELECT pg_stat_reset();
                    """.formatted(N));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void rowFiringsStatedAreThoseOfPgStatUserFunctions() throws Exception {
        try (Connection app = pg.connect("scope")) {
            // SET names note only: items_price must not fire, items_note must, once per row
            run(app, "UPDATE items SET note = ? WHERE id = ?", (p, i) -> {
                p.setString(1, "x" + i);
                p.setLong(2, i);
            });
            // SET names price: items_price fires
            run(app, "UPDATE items SET price = price + ? WHERE id = ?", (p, i) -> {
                p.setInt(1, 1);
                p.setLong(2, i);
            });
            // every row conflicts: the upsert updates note, firing items_note per row, not items_price
            run(app, "INSERT INTO items (id, price, note) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET note = EXCLUDED.note", (p, i) -> {
                p.setLong(1, i);
                p.setInt(2, 0);
                p.setString(3, "y" + i);
            });
            // the partition written directly: the parent's row trigger, cloned onto it, fires
            run(app, "INSERT INTO events_2026 (id, at) VALUES (?, DATE '2026-06-01')", (p, i) -> p.setLong(1, i));
        }
        Map<String, Long> calls = TriggerRuns.functionCalls(pg, "scope", "on\\_%",
                Map.of("public.on_note", 2L * N, "public.on_event", (long) N, "public.on_price", (long) N));
        // written down before the run, from PostgreSQL's documented firing rules
        assertEquals(Map.of("public.on_event", (long) N, "public.on_note", 2L * N, "public.on_price", (long) N), calls, "pg_stat_user_functions");

        Path log = Files.copy(pg.logDirectory().resolve("server.log"), dir.resolve("server.log"));
        JsonNode report = TriggerRuns.analyze(dir, "--db", pg.url("scope"), log.toString());

        Map<String, Long> stated = new TreeMap<>();
        List<String> seen = new ArrayList<>();
        for (JsonNode f : report.path("findings")) {
            if (!f.path("rule").asText().equals("row-trigger-hot-write")) {
                continue;
            }
            JsonNode e = f.path("evidence");
            seen.add(f.path("table").asText() + " " + e.path("triggers"));
            for (String function : List.of("public.on_price", "public.on_note", "public.on_event")) {
                if (e.path("triggers").toString().contains(function + "()")) {
                    stated.merge(function, e.path("rowFirings").asLong(), Long::sum);
                }
            }
            if (f.path("message").asText().contains("ON CONFLICT")) {
                assertTrue(!e.path("triggers").toString().contains("items_price"), "SET note does not fire UPDATE OF price: " + e);
            }
            if (f.path("table").asText().equals("public.events_2026")) {
                assertTrue(e.path("inheritedFrom").asText().contains("public.events"), e.toString());
            }
        }
        assertEquals(4, seen.size(), "one finding per write, each firing a trigger: " + seen);
        assertEquals(calls, stated, "row firings QueryLens states per trigger function, over its findings: " + seen);
    }

    private interface Binder {
        void bind(PreparedStatement p, int i) throws Exception;
    }

    private static void run(Connection c, String sql, Binder binder) throws Exception {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 1; i <= N; i++) {
                binder.bind(p, i);
                p.executeUpdate();
            }
        }
    }
}
