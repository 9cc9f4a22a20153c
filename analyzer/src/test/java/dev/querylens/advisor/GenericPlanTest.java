package dev.querylens.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.cli.QueryLensCommand;
import dev.querylens.database.ConnectionSettings;
import dev.querylens.database.SingleStatement;
import dev.querylens.database.UserDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generic plans of statements with $n, on a real PostgreSQL 16 (the embedded test server):
 * QueryLens plans them through PREPARE with force_generic_plan (the one path that works over the
 * extended protocol), and the server's own EXPLAIN (GENERIC_PLAN) is the oracle for the cost.
 * AdvisorTest covers the same path on Debian's PostgreSQL 15 with HypoPG.
 */
class GenericPlanTest {
    private static EmbeddedPostgres server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = EmbeddedPostgres.builder().start();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE nomark");
            // the marker that lets --what-if=real-index build (rolled-back) indexes here
            s.execute("COMMENT ON DATABASE postgres IS 'test server; querylens:disposable'");
            s.execute("CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL, created_at timestamptz NOT NULL, total int NOT NULL)");
            s.execute("INSERT INTO orders (customer_id, created_at, total) SELECT g % 20000, timestamptz '2025-01-01' + g * interval '1 minute', g % 500"
                    + " FROM generate_series(1, 200000) g");
            s.execute("ANALYZE orders");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void thePreparedGenericPlanCostsWhatPostgres16sGenericPlanCosts() throws Exception {
        String sql = "select id, total from orders where customer_id = $1 and created_at >= $2";
        double oracle;
        // the oracle's own connection uses the simple protocol, the only one EXPLAIN (GENERIC_PLAN) of $n works over
        try (Connection c = java.sql.DriverManager.getConnection(server.getJdbcUrl("postgres", "postgres") + "&preferQueryMode=simple");
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int")) {
                rs.next();
                assertTrue(rs.getInt(1) >= 160000, "the embedded server is PostgreSQL 16+: " + rs.getInt(1));
            }
            try (ResultSet rs = s.executeQuery("EXPLAIN (GENERIC_PLAN, FORMAT JSON) " + sql)) {
                rs.next();
                oracle = new ObjectMapper().readTree(rs.getString(1)).get(0).get("Plan").get("Total Cost").asDouble();
            }
        }
        ConnectionSettings settings = ConnectionSettings.parse(server.getJdbcUrl("postgres", "postgres"));
        try (UserDatabase db = UserDatabase.open(settings, UserDatabase.Access.READ_ONLY)) {
            String json = db.explainJson(SingleStatement.of(sql).statement(), false);
            double ours = new ObjectMapper().readTree(json).get(0).get("Plan").get("Total Cost").asDouble();
            assertTrue(oracle > 0);
            assertEquals(oracle, ours, 1e-6, "both ask the planner for the same generic plan");
        }
    }

    @Test
    void realIndexesAreBuiltOnlyOnADatabaseMarkedDisposable() throws Exception {
        Path workload = Files.writeString(dir.resolve("pgss.csv"), """
                query,calls,total_exec_time
                "select id, total from orders where customer_id = $1",5000,25000
                """);
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = QueryLensCommand.commandLine();
        cli.setErr(new java.io.PrintWriter(err, true));
        int exit = cli.execute("advise", "-q", "--db", server.getJdbcUrl("postgres", "nomark"),
                "--what-if=real-index", "--i-understand-this-creates-indexes", "--format", "json", "-o", dir.resolve("r.json").toString(),
                workload.toString());
        assertEquals(2, exit, err.toString());
        assertTrue(err.toString().contains("not marked disposable"), err.toString());
    }

    @Test
    void parameterisedStatementsAreCostedOnPostgres16() throws Exception {
        Path workload = Files.writeString(dir.resolve("pgss.csv"), """
                query,calls,total_exec_time
                "select id, total from orders where customer_id = $1",5000,25000
                """);
        Path out = dir.resolve("report.json");
        int exit = QueryLensCommand.execute(new String[] {"advise", "-q", "--db", server.getJdbcUrl("postgres", "postgres"),
                "--what-if=real-index", "--i-understand-this-creates-indexes", "--format", "json", "-o", out.toString(), workload.toString()});
        assertEquals(0, exit);
        JsonNode report = new ObjectMapper().readTree(out.toFile());
        assertTrue(report.get("diagnostics").toString().contains("planner calls"), report.get("diagnostics").toString());
        assertTrue(!report.get("diagnostics").toString().contains("could not cost"), report.get("diagnostics").toString());
        JsonNode rec = report.get("indexRecommendations").get(0);
        assertEquals("CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON public.orders (customer_id);", rec.get("ddl").asText());
        JsonNode cost = rec.get("costs").get(0);
        assertTrue(cost.get("after").asDouble() < cost.get("before").asDouble() / 10, cost.toString());
    }
}
