package dev.querylens.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.cli.QueryLensCommand;
import dev.querylens.sql.Quote;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names that are hostile, mixed-case, reserved or spaced, on a real PostgreSQL 15: the server's own
 * quote_ident and quote_literal are the oracle for {@link Quote}, and the DDL that advise emits is
 * run with psql -f, as a DBA would, on a throwaway database, which must then hold exactly the
 * intended indexes and nothing else changed.
 */
class HostileNamesTest {
    private static PostgresServer pg;

    @TempDir
    Path dir;

    private static final List<String> NAMES = List.of("tasks", "Tasks", "select", "order", "user", "left", "_ok", "a1", "1a", "x y",
            "x)); DROP TABLE canary; --", "a\"b", "naïve", "col$", "日本", "analyse", "between", "authorization", "name", "text");

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE names");
        }
        try (Connection c = pg.connect("names"); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE EXTENSION hypopg;
                    CREATE TABLE canary (id int PRIMARY KEY);
                    INSERT INTO canary VALUES (1);
                    CREATE TABLE evil ("x)); DROP TABLE canary; --" int NOT NULL, payload text NOT NULL);
                    CREATE TABLE "Evil Table" ("Weird Col" int NOT NULL, payload text NOT NULL);
                    CREATE TABLE "select" ("order" int NOT NULL, payload text NOT NULL);
                    CREATE TABLE "MiXed" ("CamelCol" int NOT NULL, "quote'd" text NOT NULL);
                    INSERT INTO evil SELECT g % 5000, repeat('x', 50) FROM generate_series(1, 100000) g;
                    INSERT INTO "Evil Table" SELECT g % 5000, repeat('x', 50) FROM generate_series(1, 100000) g;
                    INSERT INTO "select" SELECT g % 5000, repeat('x', 50) FROM generate_series(1, 100000) g;
                    INSERT INTO "MiXed" SELECT g % 5000, CASE WHEN g % 100 = 0 THEN 'it''s' ELSE 'other' END FROM generate_series(1, 100000) g;
                    ANALYZE;
                    """);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @Test
    void quoteDecidesAsTheServersQuoteIdentAndQuoteLiteral() throws Exception {
        List<String> names = new ArrayList<>(NAMES);
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT word FROM pg_get_keywords()")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        try (Connection c = pg.connect("postgres");
             PreparedStatement ident = c.prepareStatement("SELECT quote_ident(?)");
             PreparedStatement literal = c.prepareStatement("SELECT quote_literal(?)")) {
            for (String name : names) {
                ident.setString(1, name);
                try (ResultSet rs = ident.executeQuery()) {
                    rs.next();
                    assertEquals(rs.getString(1), Quote.ident(name), "ident " + name);
                }
                for (String value : List.of(name, "it's", "back\\slash", "both \\ and '", "")) {
                    literal.setString(1, value);
                    try (ResultSet rs = literal.executeQuery()) {
                        rs.next();
                        assertEquals(rs.getString(1), Quote.literal(value), "literal " + value);
                    }
                }
            }
        }
    }

    @Test
    void emittedDdlCreatesExactlyTheIntendedIndexesWhenRunWithPsql() throws Exception {
        Path workload = Files.writeString(dir.resolve("pgss.csv"), """
                query,calls,total_exec_time
                "select payload from evil where ""x)); DROP TABLE canary; --"" = $1",5000,25000
                "select payload from ""Evil Table"" where ""Weird Col"" = $1",5000,25000
                "select payload from ""select"" where ""order"" = $1",5000,25000
                "select ""quote'd"" from ""MiXed"" where ""CamelCol"" = $1",5000,25000
                """);
        Path sql = dir.resolve("indexes.sql");
        StringWriter err = new StringWriter();
        var cli = QueryLensCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        int exit = cli.execute("advise", "-q", "--db", pg.url("names"), "--format", "json", "-o", dir.resolve("advice.json").toString(),
                "--emit-sql", sql.toString(), workload.toString());
        assertEquals(0, exit, err.toString());
        JsonNode recs = new ObjectMapper().readTree(dir.resolve("advice.json").toFile()).get("indexRecommendations");
        assertEquals(4, recs.size(), recs.toString());

        Set<String> before = indexes();
        Process psql = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", Integer.toString(pg.port),
                "-U", "postgres", "-d", "names", "-f", sql.toString()).redirectErrorStream(true).start();
        String output = new String(psql.getInputStream().readAllBytes());
        assertTrue(psql.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, psql.exitValue(), output);
        Set<String> created = new TreeSet<>(indexes());
        created.removeAll(before);
        assertEquals(new TreeSet<>(Set.of("public.\"Evil Table\"(\"Weird Col\")", "public.\"MiXed\"(\"CamelCol\")",
                        "public.evil(\"x)); DROP TABLE canary; --\")", "public.\"select\"(\"order\")")), created,
                "exactly one index per table, on the intended column");
        try (Connection c = pg.connect("names"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM canary")) {
            rs.next();
            assertEquals(1, rs.getInt(1), "nothing but the indexes was created or dropped");
        }
    }

    /** Every index as table(key columns), quoted as the server quotes them. */
    private static Set<String> indexes() throws Exception {
        Set<String> out = new TreeSet<>();
        try (Connection c = pg.connect("names"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT i.indrelid::regclass::text, string_agg(quote_ident(a.attname), ',' ORDER BY k.ord)"
                        + " FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, ord)"
                        + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                        + " JOIN pg_class cl ON cl.oid = i.indrelid JOIN pg_namespace n ON n.oid = cl.relnamespace"
                        + " WHERE n.nspname = 'public' GROUP BY i.indexrelid, i.indrelid")) {
            while (rs.next()) {
                String table = rs.getString(1);
                out.add((table.contains(".") ? table : "public." + table) + "(" + rs.getString(2) + ")");
            }
        }
        return out;
    }
}
