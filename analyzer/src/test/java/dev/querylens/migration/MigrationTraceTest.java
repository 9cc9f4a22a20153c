package dev.querylens.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.advisor.PostgresServer;
import dev.querylens.cli.QueryLensCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrations --trace --db} on PostgreSQL 15 (Debian's, through {@link PostgresServer}) with
 * log_statement = all: the history is traced on a database marked disposable and the database is
 * left as it was (pg_dump --schema-only, before and after, byte for byte); every statement the trace
 * sent is one docs/safety.md lists, the history's statements were sent by the trace's own role and
 * never by the user's session, and that role sent no COMMIT; a database without the mark gets
 * nothing but the two read-only queries that find the mark missing.
 */
class MigrationTraceTest {
    private static PostgresServer pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start("-c logging_collector=on -c log_destination=jsonlog -c log_directory=log"
                + " -c log_filename=server.log -c log_file_mode=0644 -c log_statement=all");
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE scratch");
            s.execute("COMMENT ON DATABASE scratch IS 'copy for migration tests; querylens:disposable'");
            s.execute("CREATE DATABASE production");
        }
        // the disposable copy already holds the tables the history changes, with rows, as a copy of production would
        for (String db : List.of("scratch", "production")) {
            try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE parents (id integer PRIMARY KEY, name text)");
                s.execute("CREATE TABLE items (id integer PRIMARY KEY, parent_id integer, qty integer, title varchar(10))");
                s.execute("INSERT INTO parents SELECT g, 'p' || g FROM generate_series(1, 10) g");
                s.execute("INSERT INTO items SELECT g, 1 + g % 10, g, 't' FROM generate_series(1, 1000) g");
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    private static final String CHANGE = """
            SET lock_timeout = '5s';
            CREATE INDEX parents_name_idx ON parents (name);
            ALTER TABLE items ALTER COLUMN title TYPE varchar(20);
            ALTER TABLE items ALTER COLUMN qty TYPE bigint;
            CREATE INDEX CONCURRENTLY items_title_idx ON items (title);
            ALTER TABLE items ADD CONSTRAINT items_parent_fk FOREIGN KEY (parent_id) REFERENCES parents (id);
            """;

    private Path history() throws Exception {
        Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(dir.resolve("migrations/0002_change.sql"), CHANGE);
        return dir.resolve("migrations");
    }

    private static String[] run(String... args) {
        StringWriter err = new StringWriter();
        var cli = QueryLensCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        int exit = cli.execute(args);
        return new String[] {String.valueOf(exit), err.toString()};
    }

    private static String schemaDump(String db) throws Exception {
        List<String> cmd = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(PostgresServer.BIN.resolve("pg_dump").toString(), "-h", "127.0.0.1", "-p", String.valueOf(pg.port),
                "-U", "postgres", "--schema-only", db));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        // pg_dump 15.14+ fences the dump with a random \restrict key, new on every run
        return out.replaceAll("(?m)^\\\\(un)?restrict .*$", "");
    }

    /** The relfilenodes and row counts too: a rewrite that was committed would change them while the DDL dump stayed the same. */
    private static String storage(String db) throws Exception {
        try (Connection c = pg.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT string_agg(relname || '=' || relfilenode, ',' ORDER BY relname) || ';' || (SELECT count(*) FROM items)"
                        + " FROM pg_class WHERE relnamespace = 'public'::regnamespace")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void tracesEveryStatementOnADisposableDatabaseAndLeavesItAsItWas() throws Exception {
        Path migrations = history();
        String dumpBefore = schemaDump("scratch");
        String storageBefore = storage("scratch");
        String[] r = run("migrations", "-q", "--trace", "--db", pg.url("scratch"), "-o", dir.resolve("r.txt").toString(), migrations.toString());
        String err = r[1];
        assertTrue(err.contains("(PostgreSQL 15.") && err.contains("rolled back at the end"), err);
        List<String> lines = err.lines().filter(l -> l.contains("0002_change.sql:")).filter(l -> l.startsWith("  ")).toList();
        assertTrue(lines.size() >= 5, err);
        assertTrue(lines.get(0).contains(":2: ") && lines.get(0).contains("public.parents SHARE (blocks writes)"), lines.get(0));
        assertTrue(lines.get(1).contains(":3: ") && lines.get(1).contains("public.items ACCESS EXCLUSIVE (blocks reads and writes)")
                && lines.get(1).contains("no rewrite"), "varchar widening: " + lines.get(1));
        // ACCESS EXCLUSIVE is already held by the line before in the one transaction: said, not hidden; the rewrite is its own
        assertTrue(lines.get(2).contains(":4: ") && lines.get(2).contains("rewrote public.items, public.items_pkey")
                && lines.get(2).contains("already held on public.items by an earlier statement: ACCESS EXCLUSIVE"), lines.get(2));
        assertTrue(lines.get(3).contains(":5: not traced: cannot run inside a transaction block"), lines.get(3));
        assertTrue(lines.get(4).contains(":6: ") && lines.get(4).matches(".*public\\.items [A-Z +]*SHARE ROW EXCLUSIVE \\(blocks writes\\).*")
                && lines.get(4).contains("public.parents ACCESS SHARE+ROW SHARE+SHARE ROW EXCLUSIVE (blocks writes)"), lines.get(4));
        assertEquals("1", r[0], "the hazards fail the gate: " + err);
        assertTrue(Files.readString(dir.resolve("r.txt")).contains("traced-blocking-lock"), "the trace's findings are in the report");

        assertEquals(dumpBefore, schemaDump("scratch"), "the disposable database's schema is as it was");
        assertEquals(storageBefore, storage("scratch"), "and its storage and rows");
        assertTraceSentOnlyListedStatements();
    }

    @Test
    void aDatabaseNotMarkedDisposableIsRefusedWithNothingButTheReadsThatFindTheMarkMissing() throws Exception {
        Path migrations = history();
        String dumpBefore = schemaDump("production");
        String[] r = run("migrations", "-q", "--trace", "--db", pg.url("production"), "-o", dir.resolve("r.txt").toString(), migrations.toString());
        assertEquals("2", r[0], r[1]);
        assertTrue(r[1].contains("is not marked disposable"), r[1]);
        assertEquals(dumpBefore, schemaDump("production"));
        List<String> sent = sentTo("production");
        assertFalse(sent.isEmpty(), "the log shows the session");
        List<String> reads = List.of("/* querylens */ SELECT current_setting('server_version_num')::int",
                "/* querylens */ SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname = current_database()");
        for (String sql : sent) {
            assertTrue(reads.contains(sql) || sql.equals("BEGIN") || sql.equals("ROLLBACK"), "sent to the database not marked disposable: " + sql);
        }
    }

    /**
     * Every statement of application querylens on the scratch database: the two lists of docs/safety.md
     * and the history's own statements; the history's statements sent by the trace's role alone,
     * never by the user's (superuser) session, and no COMMIT from the trace's role.
     */
    private void assertTraceSentOnlyListedStatements() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "safety.md"));
        List<Pattern> allowed = new ArrayList<>(block(doc, "allowed-statements"));
        List<String> migration = new ArrayList<>();
        for (TraceScript.Statement st : TraceScript.of(List.of(dir.resolve("migrations/0002_change.sql"))).statements()) {
            migration.add(st.sql().strip());
            if (st.replayAs() != null) {
                migration.add(st.replayAs().strip());
            }
        }
        List<Pattern> trace = block(doc, "trace-statements");
        List<String> unexpected = new ArrayList<>();
        int ours = 0;
        int bySandbox = 0;
        for (String[] sent : sentBy("scratch")) {
            String user = sent[0];
            String sql = sent[1];
            ours++;
            boolean sandbox = user.startsWith("querylens_trace_");
            if (sql.startsWith("/* querylens */ ") && migration.contains(sql.substring("/* querylens */ ".length()).strip())) {
                if (!sandbox) {
                    unexpected.add("as " + user + ": " + sql);
                }
                bySandbox++;
                continue;
            }
            boolean listed = allowed.stream().anyMatch(p -> p.matcher(sql).matches()) || trace.stream().anyMatch(p -> p.matcher(sql).matches());
            if (!listed || sandbox && sql.equals("COMMIT")) {
                unexpected.add("as " + user + ": " + sql);
            }
        }
        assertTrue(ours > 10, "the trace's statements are in the log: " + ours);
        assertTrue(bySandbox >= 5, "the history's statements were sent by the trace's role: " + bySandbox);
        assertEquals(List.of(), unexpected, "statements docs/safety.md does not list, a migration statement sent by the user's session,"
                + " or a COMMIT by the trace's role");
    }

    private static List<Pattern> block(String doc, String name) {
        int start = doc.indexOf("```" + name + "\n");
        String block = doc.substring(start + name.length() + 4, doc.indexOf("```", start + 10));
        List<Pattern> out = new ArrayList<>();
        for (String line : block.strip().split("\n")) {
            if (line.contains("<migration statement>")) {
                continue; // matched against the history's own statements instead
            }
            String regex = Pattern.quote(line.strip()).replace("<n>", "\\E\\d+\\Q").replace("...", "\\E.*\\Q");
            out.add(Pattern.compile("(?s)" + regex));
        }
        return out;
    }

    /** What sessions named querylens sent to the database, from the server's jsonlog. */
    private static List<String> sentTo(String database) throws Exception {
        return sentBy(database).stream().map(s -> s[1]).toList();
    }

    /** As {@link #sentTo}, each with the role that sent it. */
    private static List<String[]> sentBy(String database) throws Exception {
        Thread.sleep(300);
        ObjectMapper json = new ObjectMapper();
        List<String[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(pg.logDirectory().resolve("server.json"), StandardCharsets.UTF_8)) {
            JsonNode record = json.readTree(line);
            if (!"querylens".equals(record.path("application_name").asText()) || !database.equals(record.path("dbname").asText())) {
                continue;
            }
            var m = Pattern.compile("(?s)^(?:statement|execute [^:]+): (.*)$").matcher(record.path("message").asText());
            if (m.matches()) {
                out.add(new String[] {record.path("user").asText(), m.group(1).strip()});
            }
        }
        return out;
    }
}
