package dev.querylens.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.advisor.PostgresServer;
import dev.querylens.cli.QueryLensCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After CREATE EXTENSION hypopg and pg_stat_statements, as the README tells a user to run them in
 * a Supabase-shaped database, analyze --db and advise --db report nothing on what the extensions
 * own (the server's pg_depend says which objects those are), and still report the project's own
 * view that has the same problem.
 */
class ExtensionMembersLiveTest {
    private static PostgresServer pg;

    @TempDir
    Path dir;

    /** What the README has a user run, a view of the project's own, and one a migration handed to an extension. */
    private static final String SETUP = """
            CREATE ROLE anon NOLOGIN;
            CREATE ROLE authenticated NOLOGIN;
            CREATE EXTENSION hypopg;
            CREATE EXTENSION pg_stat_statements;
            CREATE TABLE notes (id int PRIMARY KEY, owner int, body text);
            ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
            CREATE POLICY own ON notes FOR SELECT TO authenticated USING (owner = 1);
            CREATE VIEW my_notes AS SELECT * FROM notes;
            CREATE VIEW adopted AS SELECT id FROM notes;
            ALTER EXTENSION hypopg ADD VIEW adopted;
            """;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start("-c shared_preload_libraries=pg_stat_statements");
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE app");
        }
        try (Connection c = pg.connect("app"); Statement s = c.createStatement()) {
            s.execute(SETUP);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    /** The relations the server says an extension owns (pg_depend, deptype 'e'). */
    private static Set<String> extensionMembers() throws Exception {
        Set<String> out = new TreeSet<>();
        try (Connection c = pg.connect("app"); ResultSet r = c.createStatement().executeQuery("""
                SELECT cl.relnamespace::regnamespace || '.' || cl.relname FROM pg_depend d JOIN pg_class cl ON cl.oid = d.objid
                WHERE d.classid = 'pg_class'::regclass AND d.deptype = 'e'""")) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    private JsonNode run(String command) throws Exception {
        Path workload = Files.writeString(dir.resolve(command + ".sql"), "select body from notes where owner = 1;\n");
        Path out = dir.resolve(command + ".json");
        StringWriter err = new StringWriter();
        var cli = QueryLensCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(command, "-q", "--db", pg.url("app"), "--format", "json", "-o", out.toString(), workload.toString());
        assertTrue(exit == 0 || exit == 1, command + " exit " + exit + ": " + err);
        return new ObjectMapper().readTree(out.toFile());
    }

    @Test
    void analyzeAndAdviseJudgeNothingAnExtensionOwns() throws Exception {
        Set<String> members = extensionMembers();
        assertTrue(members.containsAll(Set.of("public.pg_stat_statements", "public.pg_stat_statements_info", "public.hypopg_list_indexes",
                        "public.adopted")),
                "the server's extension members: " + members);
        for (String command : new String[] {"analyze", "advise"}) {
            JsonNode report = run(command);
            Set<String> judged = new TreeSet<>();
            Set<String> views = new TreeSet<>();
            for (JsonNode f : report.path("findings")) {
                judged.add(f.path("table").asText());
                if (f.path("rule").asText().equals("view-security-definer")) {
                    views.add(f.path("table").asText());
                }
            }
            assertFalse(judged.stream().anyMatch(members::contains), command + " judged an extension's object: " + judged);
            if (command.equals("analyze")) {
                assertEquals(Set.of("public.my_notes"), views, "the project's own view is still judged");
            }
        }
    }

    /** The same DDL read from a file: the view ALTER EXTENSION ... ADD handed over is the extension's, as the server says. */
    @Test
    void fromDdlAnObjectAddedToAnExtensionIsNotJudged() throws Exception {
        assertTrue(extensionMembers().contains("public.adopted"));
        Path schema = Files.writeString(dir.resolve("schema.sql"), SETUP);
        Path out = dir.resolve("ddl.json");
        var cli = QueryLensCommand.commandLine();
        cli.setErr(new PrintWriter(new StringWriter(), true));
        cli.execute("analyze", "-q", "--format", "json", "-o", out.toString(), schema.toString());
        Set<String> views = new TreeSet<>();
        for (JsonNode f : new ObjectMapper().readTree(out.toFile()).path("findings")) {
            if (f.path("rule").asText().equals("view-security-definer")) {
                views.add(f.path("table").asText());
            }
        }
        assertEquals(Set.of("public.my_notes"), views);
    }
}
