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
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration text that tries to reach outside its trace, on a real PostgreSQL 15 with
 * log_statement = all as the witness, with --db (a disposable database whose copy of production
 * already has dblink), through --trace-setup, and on the throwaway server: dblink_exec into the
 * production database, COPY ... TO PROGRAM 'touch', pg_terminate_backend of a sentinel session in
 * the production database, pg_read_file, and the role trying to make itself a superuser. Nothing
 * outside the trace changes (the canary table stays empty, no file appears, the sentinel lives, the
 * disposable database is as it was, pg_dump byte for byte, owners included), each of those is
 * listed as not traced with the server's reason, the ordinary statements around them are traced
 * with their locks, the server's log shows the hostile statements sent by the trace's own role
 * (never a superuser) and never a COMMIT from it, and the role is gone afterwards, also when the
 * user presses Ctrl-C while the trace's role holds locks on the objects lent to it.
 */
class MigrationTraceSandboxTest {
    private static PostgresServer pg;

    @TempDir
    Path dir;

    private Connection sentinel;
    private int sentinelPid;
    private Path marker;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start("-c logging_collector=on -c log_destination=jsonlog -c log_directory=log"
                + " -c log_filename=server.log -c log_file_mode=0644 -c log_statement=all");
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE scratch");
            s.execute("COMMENT ON DATABASE scratch IS 'querylens:disposable'");
            s.execute("CREATE DATABASE production");
            s.execute("CREATE ROLE app LOGIN");
        }
        for (String db : List.of("scratch", "production")) {
            try (Connection c = pg.connect(db); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE parents (id integer PRIMARY KEY, name text)");
                s.execute("CREATE TABLE items (id integer PRIMARY KEY, parent_id integer, qty integer, title varchar(10))");
                s.execute("INSERT INTO parents SELECT g, 'p' || g FROM generate_series(1, 10) g");
                s.execute("INSERT INTO items SELECT g, 1 + g % 10, g, 't' FROM generate_series(1, 1000) g");
                s.execute("CREATE TABLE canary (note text)");
                s.execute("GRANT SELECT ON items TO app");
                // a superuser's SECURITY DEFINER function that runs what it is given: lent to the sandbox with the rest
                s.execute("CREATE FUNCTION run_as_owner(q text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN EXECUTE q; END $$");
            }
        }
        try (Connection c = pg.connect("scratch"); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION dblink"); // the disposable copy has what production has
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @BeforeEach
    void sentinelSession() throws Exception {
        // a session of the application in the production database: only a superuser or pg_signal_backend may end it
        sentinel = DriverManager.getConnection(pg.url("production").replace("user=postgres", "user=app"));
        try (Statement s = sentinel.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            sentinelPid = rs.getInt(1);
        }
        marker = Path.of("/tmp", "querylens-sandbox-marker-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    }

    @AfterEach
    void closeSentinel() throws Exception {
        sentinel.close();
        Files.deleteIfExists(marker);
    }

    /** Each statement reaches for something outside the trace; the last line of each file is an ordinary migration. */
    private String hostile(String production) {
        return """
                SELECT dblink_exec('%s', 'INSERT INTO canary VALUES (''dblink'')');
                COPY (SELECT 1) TO PROGRAM 'touch %s';
                SELECT pg_terminate_backend(%d);
                SELECT pg_read_file('/etc/hostname');
                ALTER ROLE CURRENT_USER SUPERUSER;
                SELECT run_as_owner('COPY (SELECT 1) TO PROGRAM ''touch %s''');
                """.formatted(production, marker, sentinelPid, marker);
    }

    private static final String ORDINARY = """
            CREATE INDEX parents_name_idx ON parents (name);
            ALTER TABLE items ALTER COLUMN title TYPE varchar(20);
            """;

    private static String[] run(String... args) {
        StringWriter err = new StringWriter();
        var cli = QueryLensCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        int exit = cli.execute(args);
        return new String[] {String.valueOf(exit), err.toString()};
    }

    /** The trace's line per FILE:LINE (file name only). */
    private static Map<String, String> listed(String err) {
        Map<String, String> out = new TreeMap<>();
        err.lines().dropWhile(l -> !l.contains(": trace on ")).skip(1).takeWhile(l -> l.startsWith("  ")).forEach(l -> {
            String at = l.strip();
            String file = Path.of(at.substring(0, at.indexOf(':'))).getFileName().toString();
            String rest = at.substring(at.indexOf(':') + 1);
            out.put(file + ":" + rest.substring(0, rest.indexOf(':')), rest.substring(rest.indexOf(':') + 2));
        });
        return out;
    }

    @Test
    void aHostileMigrationOnADisposableDatabaseReachesNothingOutsideIt() throws Exception {
        Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(dir.resolve("migrations/0002_change.sql"), hostile("dbname=production user=postgres") + ORDINARY);
        String[] r = traceOnScratch(dir.resolve("migrations"));
        Map<String, String> at = listed(r[1]);
        assertHostileNotTraced(at, "0002_change.sql", 1, "password is required");
        assertTrue(at.get("0002_change.sql:7").contains("public.parents SHARE (blocks writes)"), r[1]);
        assertTrue(at.get("0002_change.sql:8").contains("public.items ACCESS EXCLUSIVE (blocks reads and writes)"), r[1]);
    }

    @Test
    void aHostileSetupFileOnADisposableDatabaseReachesNothingOutsideIt() throws Exception {
        Files.createDirectories(dir.resolve("migrations"));
        // over TCP to the test server, which lets postgres in without a password: dblink refuses a non-superuser that
        Files.writeString(dir.resolve("setup.sql"), hostile("host=127.0.0.1 port=" + pg.port + " dbname=production user=postgres password=x"));
        Files.writeString(dir.resolve("migrations/0002_change.sql"), ORDINARY);
        String[] r = traceOnScratch(dir.resolve("migrations"), "--trace-setup", dir.resolve("setup.sql").toString());
        Map<String, String> at = listed(r[1]);
        assertHostileNotTraced(at, "setup.sql", 1, "password is required");
        assertTrue(at.get("0002_change.sql:1").contains("public.parents SHARE (blocks writes)"), r[1]);
        assertTrue(at.get("0002_change.sql:2").contains("public.items ACCESS EXCLUSIVE (blocks reads and writes)"), r[1]);
    }

    @Test
    void aHostileMigrationOnTheThrowawayServerReachesNothingOutsideIt() throws Exception {
        // dblink aimed at the test's own server, where the postgres role logs in without a password
        Files.createDirectories(dir.resolve("migrations"));
        String history = """
                CREATE TABLE parents (id integer PRIMARY KEY, name text);
                CREATE TABLE items (id integer PRIMARY KEY, parent_id integer, qty integer, title varchar(10));
                CREATE TABLE canary (note text);
                CREATE FUNCTION run_as_owner(q text) RETURNS void LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN EXECUTE q; END $$;
                CREATE EXTENSION IF NOT EXISTS dblink;
                """ + hostile("host=127.0.0.1 port=" + pg.port + " dbname=production user=postgres") + ORDINARY;
        Files.writeString(dir.resolve("migrations/0001_all.sql"), history);
        int logBefore = logRecords().size();
        String[] r = run("migrations", "-q", "--trace", "-o", dir.resolve("r.txt").toString(), dir.resolve("migrations").toString());
        Map<String, String> at = listed(r[1]);
        assertTrue(r[1].contains("trace on a throwaway PostgreSQL 16.") && r[1].contains("as a role of its own"), r[1]);
        if ("root".equals(System.getProperty("user.name"))) {
            assertTrue(r[1].contains("run by OS user querylens-trace"), "as root, the server runs as its own user: " + r[1]);
        }
        assertTrue(at.get("0001_all.sql:5").contains("not traced: extension dblink is not created for the trace"), r[1]);
        assertTrue(at.get("0001_all.sql:6").contains("not traced: needs what the trace did not create (extension dblink)")
                && at.get("0001_all.sql:6").contains("dblink_exec"), r[1]);
        assertTrue(at.get("0001_all.sql:7").contains("not traced: needs rights the trace's role does not have: ERROR: permission denied to COPY"), r[1]);
        // the sentinel's pid is a process of the test's server, not of the throwaway one: PostgreSQL only warns, and nothing ends
        assertTrue(at.get("0001_all.sql:8").contains("no lock on a table"), r[1]);
        assertTrue(at.get("0001_all.sql:9").contains("not traced: needs rights the trace's role does not have: ERROR: permission denied for function pg_read_file"), r[1]);
        assertTrue(at.get("0001_all.sql:10").contains("not traced: needs rights the trace's role does not have: ERROR: permission denied to alter role"), r[1]);
        assertTrue(at.get("0001_all.sql:11").contains("not traced: needs rights the trace's role does not have: ERROR: permission denied to COPY"), r[1]);
        assertTrue(at.get("0001_all.sql:12").contains("public.parents SHARE (blocks writes)"), r[1]);
        assertTrue(at.get("0001_all.sql:13").contains("public.items ACCESS EXCLUSIVE (blocks reads and writes)"), r[1]);
        assertFalse(Files.exists(marker), "COPY TO PROGRAM ran");
        assertEquals(0, canaryRows(), "a row reached the production database");
        assertTrue(sentinel.isValid(5), "the sentinel session was terminated");
        assertTrue(logRecords().subList(logBefore, logRecords().size()).stream()
                .noneMatch(l -> l.path("message").asText().contains("INSERT INTO canary")), "the test server saw nothing from the trace");
    }

    @Test
    void aSessionThatCannotLendTheDatabaseToARoleIsToldSoAndNothingRuns() throws Exception {
        Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(dir.resolve("migrations/0002_change.sql"), hostile("dbname=production user=postgres") + ORDINARY);
        String dumpBefore = schemaDump("scratch");
        String[] r = run("migrations", "-q", "--trace", "--db", pg.url("scratch").replace("user=postgres", "user=app"),
                "-o", dir.resolve("r.txt").toString(), dir.resolve("migrations").toString());
        assertEquals("2", r[0], r[1]);
        assertTrue(r[1].contains("needs a superuser's session"), r[1]);
        assertFalse(r[1].contains("0002_change.sql:"), "nothing traced: " + r[1]);
        assertEquals(dumpBefore, schemaDump("scratch"));
        assertFalse(Files.exists(marker));
    }

    /**
     * Supabase's storage migrations create their roles with EXECUTE 'CREATE ROLE ' || name, which the
     * trace's role may not run and no statement names: on the throwaway server a role a statement
     * finds missing is created then as a plain NOLOGIN role, and the statement is traced after all.
     */
    @Test
    void rolesAHistoryCreatesOutOfSightArePlainRolesOnTheThrowawayServer() throws Exception {
        Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(dir.resolve("migrations/0001_roles.sql"), """
                DO $$ BEGIN EXECUTE 'CREATE ROLE ' || 'anon' || ' NOLOGIN BYPASSRLS'; END $$;
                CREATE TABLE notes (id integer PRIMARY KEY, body text);
                GRANT SELECT ON notes TO anon;
                CREATE POLICY notes_read ON notes FOR SELECT TO anon USING (true);
                ALTER TABLE notes ADD COLUMN author text;
                """);
        String[] r = run("migrations", "-q", "--trace", "-o", dir.resolve("r.txt").toString(), dir.resolve("migrations").toString());
        Map<String, String> at = listed(r[1]);
        assertTrue(at.get("0001_roles.sql:1").contains("not traced: needs rights the trace's role does not have: ERROR: permission denied"
                + " to create role"), r[1]);
        assertTrue(at.get("0001_roles.sql:3").contains(" ms; no lock on a table"), "GRANT to the role: " + r[1]);
        assertTrue(at.get("0001_roles.sql:4").contains("ms; public.notes"), r[1]);
        assertTrue(at.get("0001_roles.sql:5").contains("public.notes ACCESS EXCLUSIVE"), r[1]);
        assertFalse(r[1].contains("failed:"), r[1]);
    }

    @Test
    void ctrlCDuringTheTraceGivesEverythingBackAndDropsTheRole() throws Exception {
        Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(dir.resolve("migrations/0002_change.sql"), ORDINARY + "SELECT pg_sleep(25);\n");
        String dumpBefore = schemaDump("scratch");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.querylens.cli.QueryLensCommand",
                "migrations", "-q", "--trace", "--db", pg.url("scratch"), "-o", dir.resolve("r.txt").toString(), dir.resolve("migrations").toString()));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            // while the trace's role sleeps in its transaction, holding the locks of the two statements before, on objects lent to it
            long deadline = System.currentTimeMillis() + 60_000;
            boolean sleeping = false;
            while (!sleeping && System.currentTimeMillis() < deadline && child.isAlive()) {
                Thread.sleep(200);
                try (Connection c = pg.connect("postgres"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE usename LIKE 'querylens\\_trace\\_%' AND query LIKE '%pg_sleep%'")) {
                    rs.next();
                    sleeping = rs.getInt(1) > 0;
                }
            }
            assertTrue(sleeping, "the trace reached its sleeping statement: " + Files.readString(dir.resolve("child.log")));
            try (Connection c = pg.connect("scratch"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'items'")) {
                rs.next();
                assertTrue(rs.getString(1).startsWith("querylens_trace_"), "lent during the trace: " + rs.getString(1));
            }
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start().waitFor());
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the trace ends on Ctrl-C");
        } finally {
            child.destroyForcibly();
        }
        assertEquals(dumpBefore, schemaDump("scratch"), "every object is back with its owner: " + Files.readString(dir.resolve("child.log")));
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'querylens\\_trace\\_%'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "the trace's role is dropped on Ctrl-C");
        }
    }

    /**
     * kill -9 leaves no chance to give anything back: the role stays, owning the disposable
     * database's objects. The next trace there finds it (its record, its creator's session gone),
     * gives each object back to the owner it had, drops the role, and says so.
     */
    @Test
    void aTraceKilledOutrightLeavesARoleTheNextTraceRemoves() throws Exception {
        Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(dir.resolve("migrations/0002_change.sql"), ORDINARY + "SELECT pg_sleep(25);\n");
        String dumpBefore = schemaDump("scratch");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.querylens.cli.QueryLensCommand",
                "migrations", "-q", "--trace", "--db", pg.url("scratch"), "-o", dir.resolve("r.txt").toString(), dir.resolve("migrations").toString()));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            boolean sleeping = false;
            while (!sleeping && System.currentTimeMillis() < deadline && child.isAlive()) {
                Thread.sleep(200);
                sleeping = count("SELECT count(*) FROM pg_stat_activity WHERE usename LIKE 'querylens\\_trace\\_%' AND query LIKE '%pg_sleep%'") > 0;
            }
            assertTrue(sleeping, "the trace reached its sleeping statement: " + Files.readString(dir.resolve("child.log")));
            assertEquals(0, new ProcessBuilder("kill", "-KILL", Long.toString(child.pid())).start().waitFor());
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        // the user's session of the killed trace ends as soon as the server sees its socket close
        long deadline = System.currentTimeMillis() + 30_000;
        while (count("SELECT count(*) FROM pg_stat_activity WHERE datname = 'scratch' AND usename = 'postgres'"
                + " AND application_name = 'querylens'") > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(1, count("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'querylens\\_trace\\_%'"), "kill -9 leaves the role");
        try (Connection c = pg.connect("scratch"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'items'")) {
            rs.next();
            assertTrue(rs.getString(1).startsWith("querylens_trace_"), "and the objects lent to it: " + rs.getString(1));
        }
        Files.writeString(dir.resolve("migrations/0002_change.sql"), ORDINARY);
        String[] r = run("migrations", "-q", "--trace", "--db", pg.url("scratch"), "-o", dir.resolve("r.txt").toString(),
                dir.resolve("migrations").toString());
        assertEquals(0, count("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'querylens\\_trace\\_%'"), "both roles are gone: " + r[1]);
        assertTrue(r[1].matches("(?s).*--trace: removed role querylens_trace_[0-9a-f]{16}, left by an interrupted trace, and gave its \\d+"
                + " lent objects back to their owners.*"), r[1]);
        assertEquals(dumpBefore, schemaDump("scratch"), "every object is back with its owner");
        Map<String, String> at = listed(r[1]);
        assertTrue(at.get("0002_change.sql:2").contains("public.items ACCESS EXCLUSIVE (blocks reads and writes)"), r[1]);
    }

    /**
     * Only a role QueryLens's trace created and whose trace is over is removed: not one that merely
     * has the name (a role with CREATEROLE cannot write the record onto it: only a superuser may set a
     * custom setting on a role), and not one whose creating session still runs (a trace in progress).
     */
    @Test
    void rolesThatOnlyLookStaleAreLeftAlone() throws Exception {
        try (Connection su = pg.connect("scratch"); Statement s = su.createStatement()) {
            s.execute("CREATE ROLE maker LOGIN CREATEROLE");
            try (Connection m = DriverManager.getConnection(pg.url("scratch").replace("user=postgres", "user=maker"));
                 Statement ms = m.createStatement()) {
                ms.execute("CREATE ROLE querylens_trace_00000000000000aa NOLOGIN");
                Exception refused = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class, () -> ms.execute(
                        "ALTER ROLE querylens_trace_00000000000000aa SET querylens.trace_sandbox = '{\"creator\":\"1:1\",\"database\":\"scratch\"}'"));
                assertTrue(refused.getMessage().contains("permission denied"), refused.getMessage());
            }
            // a record naming a session that is still connected: this one
            String creator;
            try (ResultSet rs = s.executeQuery("SELECT pid || ':' || extract(epoch FROM backend_start) FROM pg_stat_activity WHERE pid = pg_backend_pid()")) {
                rs.next();
                creator = rs.getString(1);
            }
            s.execute("CREATE ROLE querylens_trace_00000000000000bb NOLOGIN");
            s.execute("ALTER ROLE querylens_trace_00000000000000bb SET querylens.trace_sandbox = '{\"creator\":\"" + creator
                    + "\",\"database\":\"scratch\",\"lent\":[],\"extensions\":[],\"schemas\":[]}'");
            try {
                Files.createDirectories(dir.resolve("migrations"));
                Files.writeString(dir.resolve("migrations/0002_change.sql"), ORDINARY);
                String[] r = run("migrations", "-q", "--trace", "--db", pg.url("scratch"), "-o", dir.resolve("r.txt").toString(),
                        dir.resolve("migrations").toString());
                assertFalse(r[1].contains("left by an interrupted trace"), r[1]);
                assertEquals(2, count("SELECT count(*) FROM pg_roles WHERE rolname IN ('querylens_trace_00000000000000aa',"
                        + " 'querylens_trace_00000000000000bb')"), "both roles are still there: " + r[1]);
                assertEquals(2, count("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'querylens\\_trace\\_%'"), "and the trace's own is gone");
            } finally {
                s.execute("DROP ROLE querylens_trace_00000000000000aa");
                s.execute("DROP ROLE querylens_trace_00000000000000bb");
                s.execute("DROP ROLE maker");
            }
        }
    }

    private static int count(String query) throws Exception {
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Runs the trace on the disposable database and checks what must hold for every hostile run there. */
    private String[] traceOnScratch(Path migrations, String... more) throws Exception {
        String dumpBefore = schemaDump("scratch");
        String storageBefore = storage("scratch");
        int logBefore = logRecords().size();
        List<String> args = new ArrayList<>(List.of("migrations", "-q", "--trace", "--db", pg.url("scratch"), "-o", dir.resolve("r.txt").toString()));
        args.addAll(List.of(more));
        args.add(migrations.toString());
        String[] r = run(args.toArray(String[]::new));
        assertTrue(r[1].contains("as a role of its own (querylens_trace_") && r[1].contains("rolled back at the end"), r[1]);
        assertFalse(Files.exists(marker), "COPY TO PROGRAM ran");
        assertEquals(0, canaryRows(), "a row reached the production database");
        assertTrue(sentinel.isValid(5), "the sentinel session was terminated");
        assertEquals(dumpBefore, schemaDump("scratch"), "the disposable database is as it was, its owners included");
        assertEquals(storageBefore, storage("scratch"));
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'querylens\\_trace\\_%'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "the trace's role is dropped");
        }
        // the witness: the hostile statements were sent, by the trace's own role, which never committed anything
        List<JsonNode> records = logRecords().subList(logBefore, logRecords().size());
        List<JsonNode> hostile = records.stream().filter(l -> l.path("message").asText().contains("TO PROGRAM")
                || l.path("message").asText().contains("pg_terminate_backend(" + sentinelPid + ")")).toList();
        assertTrue(hostile.size() >= 3, "the hostile statements reached the server: " + hostile);
        for (JsonNode l : hostile) {
            assertTrue(l.path("user").asText().startsWith("querylens_trace_"), "sent as " + l.path("user").asText() + ": " + l);
        }
        assertTrue(records.stream().noneMatch(l -> l.path("user").asText().startsWith("querylens_trace_")
                && l.path("message").asText().matches("(?is)statement: (/\\* querylens \\*/ )?(COMMIT|END).*")), "the sandbox committed");
        assertTrue(records.stream().noneMatch(l -> "production".equals(l.path("dbname").asText())
                && l.path("message").asText().contains("INSERT INTO canary")), "nothing reached the production database");
        return r;
    }

    private void assertHostileNotTraced(Map<String, String> at, String file, int first, String dblinkReason) {
        String all = at.toString();
        assertTrue(at.get(file + ":" + first).contains("not traced: reaches outside the traced database, which the trace's role may not")
                && at.get(file + ":" + first).contains(dblinkReason), all);
        assertTrue(at.get(file + ":" + (first + 1)).contains("not traced: needs rights the trace's role does not have: ERROR: must be superuser or have privileges of the"
                + " pg_execute_server_program role to COPY to or from an external program"), all);
        assertTrue(at.get(file + ":" + (first + 2)).contains("not traced: needs rights the trace's role does not have: ERROR: must be a member of the role whose process is being"
                + " terminated or member of pg_signal_backend"), all);
        assertTrue(at.get(file + ":" + (first + 3)).contains("permission denied for function pg_read_file"), all);
        assertTrue(at.get(file + ":" + (first + 4)).contains("must be superuser to alter superuser roles"), all);
        // the superuser's SECURITY DEFINER function was lent to the sandbox with the rest: it runs as the sandbox
        assertTrue(at.get(file + ":" + (first + 5)).contains("pg_execute_server_program role to COPY"), all);
    }

    private static int canaryRows() throws Exception {
        try (Connection c = pg.connect("production"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM canary")) {
            rs.next();
            return rs.getInt(1);
        }
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
        return out.replaceAll("(?m)^\\\\(un)?restrict .*$", "");
    }

    private static String storage(String db) throws Exception {
        try (Connection c = pg.connect(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT string_agg(relname || '=' || relfilenode, ',' ORDER BY relname) || ';' || (SELECT count(*) FROM items)"
                        + " FROM pg_class WHERE relnamespace = 'public'::regnamespace")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<JsonNode> logRecords() throws Exception {
        Thread.sleep(300);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(pg.logDirectory().resolve("server.json"), StandardCharsets.UTF_8)) {
            out.add(json.readTree(line));
        }
        return out;
    }
}
