package dev.querylens.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.cli.QueryLensCommand;
import dev.querylens.schema.Catalog;
import dev.querylens.schema.LiveCatalogReader;
import dev.querylens.sql.ColumnRef;
import dev.querylens.sql.FactExtractor;
import dev.querylens.sql.StatementFacts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Candidates from PostgreSQL's own plan where QueryLens's parser cannot read a statement (issue
 * #29, item 1). Two witnesses: on statements the parser does read, the plan's columns must agree
 * with the parser's; and a statement it cannot read (ORDER BY ... USING, which JSqlParser rejects)
 * still gets its index, verified by what-if planning on PostgreSQL 15.
 */
class PlanColumnsTest {
    private static PostgresServer pg;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE shop");
        }
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE EXTENSION hypopg;
                    CREATE SCHEMA sales;
                    CREATE TABLE sales.orders (id serial PRIMARY KEY, customer_id int NOT NULL, status text NOT NULL,
                                               created_at timestamptz NOT NULL, total numeric NOT NULL, deleted_at timestamptz);
                    CREATE TABLE "Order Lines" (id serial PRIMARY KEY, order_id int NOT NULL, "Qty" int NOT NULL, sku text NOT NULL);
                    INSERT INTO sales.orders (customer_id, status, created_at, total, deleted_at)
                      SELECT g % 5000, (ARRAY['open','closed'])[1 + g % 2], timestamptz '2025-01-01' + g * interval '1 minute', g % 500,
                             CASE WHEN g % 10 = 0 THEN now() END
                      FROM generate_series(1, 200000) g;
                    INSERT INTO "Order Lines" (order_id, "Qty", sku) SELECT 1 + g % 200000, g % 20, 'sku' || (g % 1000)
                      FROM generate_series(1, 400000) g;
                    ANALYZE;
                    """);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    private static String verbosePlan(String sql) throws Exception {
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN (VERBOSE, FORMAT JSON) " + sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The columns a statement filters, joins or sorts on, as table.column with the table's qualified name. */
    private static Set<String> keyColumns(StatementFacts f, Catalog catalog) {
        Set<String> out = new TreeSet<>();
        List<ColumnRef> refs = new ArrayList<>();
        f.predicates().forEach(p -> refs.add(p.column()));
        f.joins().forEach(j -> {
            refs.add(j.left());
            refs.add(j.right());
        });
        f.orderBy().forEach(o -> refs.add(o.column()));
        for (ColumnRef r : refs) {
            String table = r.table() == null ? f.tables().get(0) : r.table();
            out.add(catalog.table(table).map(t -> t.qualifiedName()).orElse(table) + "." + r.column());
        }
        return out;
    }

    @Test
    void onStatementsTheParserReadsThePlanNamesTheSameColumns() throws Exception {
        Catalog catalog;
        try (var db = dev.querylens.database.UserDatabase.open(
                dev.querylens.database.ConnectionSettings.parse(pg.url("shop")), dev.querylens.database.UserDatabase.Access.READ_ONLY)) {
            catalog = LiveCatalogReader.read(db.catalog(), d -> { });
        }
        List<String> statements = List.of(
                "select o.total from sales.orders o where o.customer_id = 42 and o.created_at > now() - interval '1 day' order by o.created_at desc",
                "select ol.sku from \"Order Lines\" ol join sales.orders o on o.id = ol.order_id where o.status = 'open' and ol.\"Qty\" > 5",
                "select id from sales.orders where deleted_at is null and customer_id = 7",
                "select customer_id, count(*) from sales.orders where status = 'closed' group by customer_id");
        try (FactExtractor parser = new FactExtractor(catalog)) {
            for (String sql : statements) {
                StatementFacts parsed = parser.extract(sql);
                assertTrue(parsed.parsed(), sql);
                StatementFacts planned = PlanColumns.facts(verbosePlan(sql));
                assertNotNull(planned, sql);
                Set<String> fromParser = keyColumns(parsed, catalog);
                Set<String> fromPlan = keyColumns(planned, catalog);
                // GROUP BY is a sort key to the plan and no fact to the parser; what the parser finds, the plan must name
                assertTrue(fromPlan.containsAll(fromParser), sql + ": parser " + fromParser + ", plan " + fromPlan);
                for (ColumnRef c : planned.columnsRead()) {
                    assertTrue(catalog.table(c.table()).flatMap(t -> t.column(c.column())).isPresent(), "a real column: " + c);
                }
            }
        }
    }

    @Test
    void aStatementTheParserCannotReadStillGetsItsIndex() throws Exception {
        String unreadable = "select id, total from sales.orders where customer_id = 42 order by created_at using <";
        try (FactExtractor parser = new FactExtractor(new Catalog(List.of()))) {
            assertFalse(parser.extract(unreadable).parsed(), "the premise: JSqlParser rejects ORDER BY ... USING");
        }
        Path workload = Files.writeString(dir.resolve("using.sql"), unreadable + ";\n");
        Path out = dir.resolve("using.json");
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = QueryLensCommand.execute("advise", "-q", "--no-history", "--db", pg.url("shop"), workload.toString(), "--format", "json",
                    "-o", out.toString());
        } finally {
            System.setErr(saved);
        }
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        JsonNode report = new ObjectMapper().readTree(out.toFile());
        List<String> ddl = new ArrayList<>();
        report.get("indexRecommendations").forEach(r -> ddl.add(r.get("ddl").asText()));
        assertTrue(ddl.stream().anyMatch(d -> d.contains("ON sales.orders (customer_id")), ddl.toString());
        assertTrue(report.get("diagnostics").toString().contains("its candidates come from the columns its plan"),
                report.get("diagnostics").toString());
    }
}
