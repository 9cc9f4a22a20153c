package dev.querylens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.advisor.PostgresServer;
import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * missing-index's claim about partial indexes, checked against PostgreSQL 15's planner: where the
 * plan uses a partial index, QueryLens stays silent; where the query does not imply the index's
 * predicate, the planner cannot use it and QueryLens fires.
 */
class PartialIndexOnPostgresTest {
    private static final String DDL = """
            CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL UNIQUE);
            CREATE TABLE tasks (id bigint PRIMARY KEY, project_id bigint NOT NULL, assignee_id bigint, status text NOT NULL, title text);
            CREATE INDEX tasks_assignee_idx ON tasks (assignee_id) WHERE assignee_id IS NOT NULL;
            CREATE INDEX tasks_open_idx ON tasks (project_id) WHERE status = 'open';
            """;
    private static PostgresServer pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute(DDL);
            s.execute("""
                    INSERT INTO users SELECT g, 'user' || g || '@example.com' FROM generate_series(1, 10000) g;
                    -- nine tasks in ten unassigned, one in twenty open: what makes these indexes partial
                    INSERT INTO tasks SELECT g, g % 2000, CASE WHEN g % 10 = 0 THEN g % 10000 + 1 END,
                        CASE WHEN g % 20 = 0 THEN 'open' ELSE 'done' END, 'task ' || g FROM generate_series(1, 200000) g;
                    ANALYZE;
                    """);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    private static String plan(String sql) throws Exception {
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN (FORMAT JSON) " + sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private List<Finding> missingIndex(String sql) throws Exception {
        Path schema = Files.writeString(dir.resolve("schema.sql"), DDL);
        Path queries = Files.writeString(dir.resolve("queries.sql"), sql + ";\n");
        return new Analysis(RuleCatalog.load(), "test", m -> { })
                .run(new AnalysisRequest(List.of(queries), List.of(schema), null, null)).findings().stream()
                .filter(f -> f.rule().equals("missing-index")).toList();
    }

    @Test
    void whereThePlannerUsesThePartialIndexQueryLensIsSilent() throws Exception {
        List<String> served = List.of(
                "SELECT id, title FROM tasks WHERE assignee_id = 42",
                "SELECT id, title FROM tasks WHERE assignee_id IN (1, 2, 3)",
                "SELECT id, title FROM tasks WHERE assignee_id > 9990",
                "SELECT t.title FROM users u JOIN tasks t ON t.assignee_id = u.id WHERE u.email = 'user7@example.com'");
        for (String sql : served) {
            assertTrue(plan(sql).contains("\"Index Name\": \"tasks_assignee_idx\""), sql + " should use the partial index: " + plan(sql));
            assertEquals(List.of(), missingIndex(sql), sql);
        }
        String open = "SELECT id FROM tasks WHERE project_id = 7 AND status = 'open'";
        assertTrue(plan(open).contains("\"Index Name\": \"tasks_open_idx\""), plan(open));
        assertEquals(List.of(), missingIndex(open), open);
    }

    @Test
    void whereTheQueryDoesNotImplyThePredicateNeitherUsesIt() throws Exception {
        String done = "SELECT id FROM tasks WHERE project_id = 7 AND status = 'done'";
        assertFalse(plan(done).contains("tasks_open_idx"), plan(done));
        List<Finding> found = missingIndex(done);
        assertEquals(1, found.size(), found.toString());
        assertEquals("project_id", found.get(0).columns().get(0), found.toString());

        String unassigned = "SELECT id FROM tasks WHERE assignee_id IS NULL AND project_id = 7";
        assertFalse(plan(unassigned).contains("tasks_assignee_idx"), plan(unassigned));
    }
}
