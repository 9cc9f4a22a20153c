package dev.querylens.advisor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.Samples;
import dev.querylens.cli.QueryLensCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EXPLAIN is the oracle for the plan facts a finding states. On the sample application's schema
 * and data in a real PostgreSQL 15, every statement a missing-index finding names is planned
 * with a sequential scan of the table the finding names; and where its fix is advice verified by
 * what-if planning, once that index exists the planner uses an index on that table instead.
 * (Offline advice makes no such promise, and the oracle showed why: a join that reads most of a
 * table keeps its sequential scan with any index.)
 */
class PlanFactsOracleTest {
    private static PostgresServer pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE taskboard");
        }
        try (Connection c = pg.connect("taskboard"); Statement s = c.createStatement()) {
            s.execute(Files.readString(Samples.ROOT.resolve("capture/supabase-stub.sql")));
            try (var migrations = Files.list(Samples.MIGRATIONS)) {
                for (Path m : migrations.sorted().toList()) {
                    s.execute(Files.readString(m).replace("--> statement-breakpoint", ""));
                }
            }
            s.execute(Files.readString(Samples.ROOT.resolve("capture/seed.sql")));
            s.execute("CREATE EXTENSION hypopg");
            s.execute("VACUUM ANALYZE");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @Test
    void missingIndexFindingsAreSeqScansThatTheirFixTurnsIntoIndexScans() throws Exception {
        Path out = dir.resolve("report.json");
        StringWriter err = new StringWriter();
        var cli = QueryLensCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("analyze", "-q", "--db", pg.url("taskboard"), "--format", "json", "-o", out.toString(),
                Samples.TASKBOARD.toString());
        assertTrue(exit == 0 || exit == 1, err.toString());
        JsonNode report = new ObjectMapper().readTree(out.toFile());
        List<JsonNode> findings = new ArrayList<>();
        report.get("findings").forEach(f -> {
            if (f.get("rule").asText().equals("missing-index")) {
                findings.add(f);
            }
        });
        assertTrue(findings.size() >= 3, "the samples have missing indexes: " + findings.size());
        int verified = 0;
        for (JsonNode f : findings) {
            String table = f.get("table").asText().replace("public.", "");
            String sql = f.get("sql").asText();
            assertTrue(scans(plan(sql, List.of()), "Seq Scan", table), "EXPLAIN scans " + table + " sequentially for: " + sql);
            if (!f.get("fix").asText().contains("verified with what-if planning")) {
                continue;
            }
            verified++;
            String ddl = f.get("fix").asText().replaceAll("(?s).*?(CREATE INDEX .*?;).*", "$1").replace(" CONCURRENTLY", "");
            assertTrue(ddl.startsWith("CREATE INDEX"), f.get("fix").asText());
            // a partial index on a constant (WHERE status = 'todo', proposed because every execution asked for that value)
            // serves the statement with that value, which a generic plan of status = $2 cannot know: planned with it in
            java.util.regex.Matcher partial = java.util.regex.Pattern.compile("WHERE (\\w+) = ('[^']*')").matcher(ddl);
            String planned = partial.find() ? withValue(sql, partial.group(1), partial.group(2)) : sql;
            JsonNode after = plan(planned, List.of(ddl));
            assertFalse(scans(after, "Seq Scan", table), "with " + ddl + " the planner no longer scans " + table + ": " + planned);
            assertTrue(after.toString().contains("\"Relation Name\":\"" + table + "\"") && after.toString().contains("Index"),
                    "an index on " + table + " serves: " + sql);
        }
        assertTrue(verified >= 2, "most findings point at verified advice: " + verified + " of " + findings.size());
    }

    /** {@code column = $k} with the literal in its place, and the parameters after $k renumbered so PREPARE sees no gap. */
    private static String withValue(String sql, String column, String literal) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b" + column + " = \\$(\\d+)").matcher(sql);
        if (!m.find()) {
            return sql;
        }
        int k = Integer.parseInt(m.group(1));
        String replaced = sql.substring(0, m.start()) + column + " = " + literal + sql.substring(m.end());
        return java.util.regex.Pattern.compile("\\$(\\d+)").matcher(replaced).replaceAll(p -> {
            int n = Integer.parseInt(p.group(1));
            return "\\$" + (n > k ? n - 1 : n);
        });
    }

    /** The generic plan of a statement with $n, with the given indexes created in a transaction that is rolled back. */
    private static JsonNode plan(String sql, List<String> indexes) throws Exception {
        try (Connection c = pg.connect("taskboard")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String ddl : indexes) {
                    s.execute(ddl);
                }
                s.execute("ANALYZE");
                s.execute("PREPARE q AS " + sql);
                s.execute("SET LOCAL plan_cache_mode = force_generic_plan");
                int params = 0;
                try (ResultSet rs = s.executeQuery("SELECT cardinality(parameter_types) FROM pg_prepared_statements WHERE name = 'q'")) {
                    rs.next();
                    params = rs.getInt(1);
                }
                String args = params == 0 ? "" : "(" + String.join(", ", java.util.Collections.nCopies(params, "NULL")) + ")";
                try (ResultSet rs = s.executeQuery("EXPLAIN (FORMAT JSON) EXECUTE q" + args)) {
                    rs.next();
                    return new ObjectMapper().readTree(rs.getString(1));
                }
            } finally {
                c.rollback();
            }
        }
    }

    private static boolean scans(JsonNode node, String type, String table) {
        if (node.isObject() && type.equals(node.path("Node Type").asText()) && table.equals(node.path("Relation Name").asText())) {
            return true;
        }
        for (JsonNode child : node) {
            if (scans(child, type, table)) {
                return true;
            }
        }
        return false;
    }
}
