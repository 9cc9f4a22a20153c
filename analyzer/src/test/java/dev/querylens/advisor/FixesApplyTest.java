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

    /** The rules on functions, views, extensions and sensitive columns, in a database that shows Supabase (its roles exist). */
    private static final Set<String> SECURITY_RULES = Set.of("security-definer-search-path", "security-definer-exposed",
            "view-security-definer", "extension-in-public", "rls-disabled-sensitive-columns");

    @Test
    void eachSecurityFixRunAsWrittenMakesItsFindingGo() throws Exception {
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE supabase_fixes");
        }
        try (Connection c = pg.connect("supabase_fixes"); Statement s = c.createStatement()) {
            s.execute("""
                    DO $$ BEGIN CREATE ROLE anon NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
                    DO $$ BEGIN CREATE ROLE authenticated NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
                    CREATE SCHEMA extensions;
                    CREATE TABLE canary (id int PRIMARY KEY);
                    ALTER TABLE canary ENABLE ROW LEVEL SECURITY;
                    CREATE TABLE "Keys; DROP TABLE canary; --" (id int PRIMARY KEY, "apiKey" text, "select" text);
                    CREATE FUNCTION "Grant'Me"("select" int, "Mixed Arg" text[]) RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1';
                    CREATE PROCEDURE "run it"() LANGUAGE sql SECURITY DEFINER AS 'SELECT 1';
                    CREATE VIEW "View; DROP TABLE canary; --" AS SELECT id FROM canary;
                    CREATE EXTENSION pg_trgm;
                    """);
        }
        List<String> fixes = new ArrayList<>();
        List<String> before = new ArrayList<>();
        for (JsonNode f : securityFindings()) {
            before.add(f.get("rule").asText() + " " + f.get("table").asText());
            fixes.add(statementOf(f.get("fix").asText()));
        }
        assertEquals(List.of("extension-in-public pg_trgm",
                "rls-disabled-sensitive-columns public.Keys; DROP TABLE canary; --",
                "security-definer-exposed public.Grant'Me(integer, text[])",
                "security-definer-exposed public.run it()",
                "security-definer-search-path public.Grant'Me(integer, text[])",
                "security-definer-search-path public.run it()",
                "view-security-definer public.View; DROP TABLE canary; --"), before.stream().sorted().toList(), fixes.toString());
        try (Connection c = pg.connect("supabase_fixes"); Statement s = c.createStatement()) {
            for (String fix : fixes) {
                s.execute(fix);
            }
        }
        List<String> after = new ArrayList<>();
        securityFindings().forEach(f -> after.add(f.get("rule").asText() + " " + f.get("table").asText()));
        assertEquals(List.of(), after, "fixed: " + fixes);
        try (Connection c = pg.connect("supabase_fixes"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_class WHERE relname IN ('canary', 'Keys; DROP TABLE canary; --',"
                     + " 'View; DROP TABLE canary; --')")) {
            rs.next();
            assertEquals(3, rs.getInt(1), "the fixes changed only what they name");
        }
    }

    private JsonNode securityFindings() throws Exception {
        Path workload = Files.writeString(dir.resolve("one.sql"), "select id from canary;\n");
        Path out = dir.resolve("security.json");
        Path config = Files.writeString(dir.resolve("empty.yaml"), "rules: {}\n");
        StringWriter err = new StringWriter();
        var cli = QueryLensCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("analyze", "-q", "--config", config.toString(), "--db", pg.url("supabase_fixes"), "--format", "json",
                "-o", out.toString(), workload.toString());
        assertTrue(exit == 0 || exit == 3, err.toString());
        List<JsonNode> found = new ArrayList<>();
        new ObjectMapper().readTree(out.toFile()).get("findings").forEach(f -> {
            if (SECURITY_RULES.contains(f.get("rule").asText())) {
                found.add(f);
            }
        });
        return new ObjectMapper().valueToTree(found);
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
                assertTrue(sql.matches("(?s)(CREATE INDEX|ALTER TABLE|DROP INDEX|ALTER FUNCTION|ALTER PROCEDURE|ALTER VIEW|ALTER EXTENSION"
                        + "|REVOKE EXECUTE ON FUNCTION|REVOKE EXECUTE ON PROCEDURE) .*"), "a fix starts with its SQL: " + fix);
                return sql;
            }
        }
        throw new AssertionError("no SQL statement in the fix: " + fix);
    }
}
