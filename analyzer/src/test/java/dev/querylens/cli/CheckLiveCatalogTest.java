package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.advisor.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --db} reads the database's catalog, as --db's help says, so a workload file whose
 * tables only the database describes is judged: before, check read pg_stat_statements there but
 * not the catalog, and said "tables no schema describes" instead of finding the missing index.
 */
class CheckLiveCatalogTest {
    @TempDir
    static Path dir;
    static PostgresServer pg;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE shop");
        }
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL, name text)");
            s.execute("INSERT INTO customers SELECT g, 'c' || g || '@example.com', 'n' || g FROM generate_series(1, 20000) g");
            s.execute("ANALYZE customers");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void checkWithDbJudgesTheWorkloadOnTheDatabasesTables() throws Exception {
        Path workload = Files.writeString(dir.resolve("lookups.sql"), "select id, name from customers where email = 'a@example.com';\n");
        Path out = dir.resolve("check.json");
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = QueryLensCommand.execute("check", "--db", "postgresql://postgres@127.0.0.1:" + pg.port + "/shop",
                    "--format", "json", "-o", out.toString(), "--fail-on", "warning", workload.toString());
        } finally {
            System.setErr(saved);
        }
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertFalse(stderr.contains("no schema describes"), stderr);
        JsonNode report = new ObjectMapper().readTree(out.toFile());
        boolean missingIndex = false;
        for (JsonNode f : report.get("findings")) {
            missingIndex |= f.get("rule").asText().equals("missing-index") && f.path("table").asText().equals("public.customers");
        }
        assertTrue(missingIndex, report.get("findings").toString());
        assertTrue(exit == 1, "the missing index is a warning, and --fail-on warning fails the gate: " + exit + "\n" + stderr);
    }
}
