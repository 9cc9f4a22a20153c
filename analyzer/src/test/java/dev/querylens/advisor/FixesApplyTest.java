package dev.querylens.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fix is tested by applying it: on a real PostgreSQL whose tables and indexes have hostile,
 * mixed-case and reserved names, the SQL each schema finding proposes is run as written, the
 * database analyzed again, and the finding must be gone, with nothing else changed.
 */
class FixesApplyTest {
    private static final Set<String> RULES = Set.of("rls-disabled", "unindexed-foreign-key", "duplicate-index");
    private static PostgresServer pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE EXTENSION hypopg;
                    CREATE TABLE canary (id int PRIMARY KEY);
                    ALTER TABLE canary ENABLE ROW LEVEL SECURITY;
                    CREATE TABLE "Parent; DROP TABLE canary; --" (id int PRIMARY KEY);
                    CREATE TABLE "Child Table" ("Parent Id" int REFERENCES "Parent; DROP TABLE canary; --" (id), "select" int, v text);
                    CREATE INDEX "dup one" ON "Child Table" ("select");
                    CREATE INDEX "Dup Two" ON "Child Table" ("select");
                    """);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    private JsonNode findings() throws Exception {
        Path workload = Files.writeString(dir.resolve("q.sql"), "select v from \"Child Table\" where v = 'x';\n");
        Path out = dir.resolve("report.json");
        // a plain database shows no API, so the RLS rule is switched on the way a project would
        Path config = Files.writeString(dir.resolve("querylens.yaml"), "rules:\n  rls-disabled: { parameters: { exposedSchemas: public } }\n");
        StringWriter err = new StringWriter();
        var cli = QueryLensCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("analyze", "-q", "--config", config.toString(), "--db", pg.url("postgres"), "--format", "json", "-o", out.toString(), workload.toString());
        assertTrue(exit == 0 || exit == 3, err.toString());
        return new ObjectMapper().readTree(out.toFile()).get("findings");
    }

    @Test
    void eachSchemaFixRunAsWrittenMakesItsFindingGo() throws Exception {
        List<String> fixes = new ArrayList<>();
        List<String> before = new ArrayList<>();
        for (JsonNode f : findings()) {
            if (RULES.contains(f.get("rule").asText())) {
                before.add(f.get("rule").asText() + " " + f.get("table").asText());
                fixes.add(statementOf(f.get("fix").asText()));
            }
        }
        assertTrue(before.contains("rls-disabled public.Child Table"), before.toString());
        assertTrue(before.contains("unindexed-foreign-key public.Child Table"), before.toString());
        assertTrue(before.contains("duplicate-index public.Child Table"), before.toString());
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            for (String fix : fixes) {
                s.execute(fix);
            }
        }
        List<String> after = new ArrayList<>();
        for (JsonNode f : findings()) {
            if (RULES.contains(f.get("rule").asText())) {
                after.add(f.get("rule").asText() + " " + f.get("table").asText());
            }
        }
        assertFalse(after.stream().anyMatch(a -> a.endsWith("Child Table")), "fixed: " + fixes + "\nstill: " + after);
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_class WHERE relname IN ('canary', 'Parent; DROP TABLE canary; --')")) {
            rs.next();
            assertEquals(2, rs.getInt(1), "the fixes changed only what they name");
        }
    }

    /** The fix's SQL: its text up to the first semicolon outside quotes (prose may follow). */
    private static String statementOf(String fix) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < fix.length(); i++) {
            char ch = fix.charAt(i);
            if (ch == '\'' && !dbl) {
                single = !single;
            } else if (ch == '"' && !single) {
                dbl = !dbl;
            } else if (ch == ';' && !single && !dbl) {
                String sql = fix.substring(0, i);
                assertTrue(sql.matches("(?s)(CREATE INDEX|ALTER TABLE|DROP INDEX) .*"), "a fix starts with its SQL: " + fix);
                return sql;
            }
        }
        throw new AssertionError("no SQL statement in the fix: " + fix);
    }
}
