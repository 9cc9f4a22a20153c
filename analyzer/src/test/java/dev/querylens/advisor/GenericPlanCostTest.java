package dev.querylens.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.cli.QueryLensCommand;
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
 * The PostgreSQL 16+ generic-plan path (EXPLAIN (GENERIC_PLAN)) on a real PostgreSQL 16, the
 * embedded test server; AdvisorTest covers the PREPARE path on Debian's PostgreSQL 15.
 */
class GenericPlanCostTest {
    private static EmbeddedPostgres server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = EmbeddedPostgres.builder().start();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
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
    void postgres16GenericPlanCostsWhatAPreparedGenericPlanCosts() throws Exception {
        String sql = "select id, total from orders where customer_id = $1 and created_at >= $2";
        try (Connection c = dev.querylens.collect.Database.connect(server.getJdbcUrl("postgres", "postgres"), true);
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int")) {
                rs.next();
                assertTrue(rs.getInt(1) >= 160000, "the embedded server is PostgreSQL 16+: " + rs.getInt(1));
            }
            double viaGenericPlan = GenericPlanCost.of(s, sql, 160000);
            double viaPrepare = GenericPlanCost.of(s, sql, 150000);
            assertTrue(viaGenericPlan > 0);
            assertEquals(viaPrepare, viaGenericPlan, 1e-6, "both ask the planner for the same generic plan");
        }
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
