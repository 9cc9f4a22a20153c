package dev.querylens.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.cli.QueryLensCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index a failed CREATE INDEX CONCURRENTLY left invalid serves no statement: PostgreSQL's planner
 * ignores it, so QueryLens's catalog and advisor must too. On a real PostgreSQL 15 with HypoPG, a
 * unique concurrent build on a column with a duplicate fails and leaves its index behind; the
 * lookups on that column must still get an index recommended (and the missing-index finding), as a
 * valid index on a twin table, built normally, keeps its lookups from getting one.
 */
class InvalidIndexAdviceTest {
    private static PostgresServer pg;

    @TempDir
    static Path dir;

    private static final String WORKLOAD = """
            query,calls,total_exec_time
            "select label from tags where v = $1",5000,25000
            "select label from notes where v = $1",5000,25000
            """;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE shop");
        }
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION hypopg");
            for (String table : List.of("tags", "notes")) {
                s.execute("CREATE TABLE " + table + " (id serial PRIMARY KEY, v int NOT NULL, label text NOT NULL)");
                // one duplicate v (1) among 200000 otherwise distinct values
                s.execute("INSERT INTO " + table + " (v, label) SELECT g, 'label ' || g FROM generate_series(1, 200000) g");
                s.execute("INSERT INTO " + table + " (v, label) VALUES (1, 'again')");
            }
            SQLException failed = assertThrows(SQLException.class, () -> s.execute("CREATE UNIQUE INDEX CONCURRENTLY tags_v_key ON tags (v)"));
            assertEquals("23505", failed.getSQLState(), "the concurrent unique build fails on the duplicate");
            s.execute("CREATE INDEX notes_v_idx ON notes (v)");
            s.execute("ANALYZE");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    private static JsonNode run(String command, String... extra) throws Exception {
        Path workload = Files.writeString(dir.resolve("pgss.csv"), WORKLOAD);
        Path out = dir.resolve(command + ".json");
        List<String> args = new ArrayList<>(List.of(command, "-q", "--db", pg.url("shop"), "--format", "json", "-o", out.toString(),
                workload.toString()));
        args.addAll(List.of(extra));
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = QueryLensCommand.execute(args.toArray(String[]::new));
            assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
            return new ObjectMapper().readTree(out.toFile());
        } finally {
            System.setErr(saved);
        }
    }

    private static List<String> ddl(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.get("indexRecommendations").forEach(r -> out.add(r.get("ddl").asText()));
        return out;
    }

    @Test
    void anInvalidIndexIsNotCountedAsServingTheLookupsOnItsColumn() throws Exception {
        // the server's own word: the index exists, is not valid, and its planner does not use it
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT indisvalid FROM pg_index WHERE indexrelid = 'tags_v_key'::regclass")) {
                assertTrue(rs.next());
                assertFalse(rs.getBoolean(1));
            }
            try (ResultSet rs = s.executeQuery("EXPLAIN SELECT label FROM tags WHERE v = 42")) {
                StringBuilder plan = new StringBuilder();
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
                assertFalse(plan.toString().contains("tags_v_key"), plan.toString());
            }
        }
        for (String command : List.of("advise", "analyze")) {
            JsonNode report = run(command);
            List<String> ddl = ddl(report);
            assertTrue(ddl.stream().anyMatch(d -> d.contains("ON public.tags (v)")), command + ": " + ddl);
            assertTrue(ddl.stream().noneMatch(d -> d.contains("ON public.notes")), command + ": the valid notes_v_idx serves notes: " + ddl);
        }
        JsonNode analyzed = run("analyze");
        List<String> missing = new ArrayList<>();
        analyzed.get("findings").forEach(f -> {
            if (f.get("rule").asText().equals("missing-index")) {
                missing.add(f.toString());
            }
        });
        assertTrue(missing.stream().anyMatch(f -> f.contains("tags")), missing.toString());
        assertTrue(missing.stream().noneMatch(f -> f.contains("notes")), missing.toString());
    }
}
