package dev.querylens.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.advisor.PostgresServer;
import dev.querylens.cli.QueryLensCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrations --trace} applies the history on a database marked disposable and says, per
 * statement, the locks taken on tables that existed before it and whether it rewrote them; a
 * database without the mark is refused before anything is sent to it.
 */
class MigrationTraceTest {
    private static PostgresServer pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE scratch");
            s.execute("COMMENT ON DATABASE scratch IS 'copy for migration tests; querylens:disposable'");
            s.execute("CREATE DATABASE production");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    private Path history() throws Exception {
        Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(dir.resolve("migrations/0001_init.sql"), """
                CREATE TABLE parents (id integer PRIMARY KEY);
                CREATE TABLE items (id integer PRIMARY KEY, parent_id integer, qty integer, title varchar(10));
                INSERT INTO parents VALUES (1);
                INSERT INTO items SELECT g, 1, g, 't' FROM generate_series(1, 100) g;
                """);
        Files.writeString(dir.resolve("migrations/0002_change.sql"), """
                SET lock_timeout = '5s';
                ALTER TABLE items ALTER COLUMN qty TYPE bigint;
                ALTER TABLE items ALTER COLUMN title TYPE varchar(20);
                CREATE INDEX CONCURRENTLY items_title_idx ON items (title);
                ALTER TABLE items ADD CONSTRAINT items_parent_fk FOREIGN KEY (parent_id) REFERENCES parents (id);
                """);
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

    @Test
    void tracesLocksAndRewritesPerStatementOnADisposableDatabase() throws Exception {
        Path migrations = history();
        String[] r = run("migrations", "-q", "--trace", "--db", pg.url("scratch"), "-o", dir.resolve("r.txt").toString(), migrations.toString());
        String err = r[1];
        List<String> trace = err.lines().dropWhile(l -> !l.contains("trace on")).skip(1).takeWhile(l -> l.startsWith("  ")).toList();
        List<String> lines = trace.stream().filter(l -> l.contains("0002_change.sql:")).toList();
        assertEquals(4, lines.size(), err);
        assertTrue(lines.get(0).contains(":2: public.items AccessExclusiveLock") && lines.get(0).contains("blocks every read and write")
                && lines.get(0).contains("rewrote public.items"), lines.get(0));
        assertTrue(lines.get(1).contains("AccessExclusiveLock") && !lines.get(1).contains("rewrote"), "varchar widening: " + lines.get(1));
        assertTrue(lines.get(2).contains("public.items ShareLock") && lines.get(2).contains("traced without CONCURRENTLY"), lines.get(2));
        assertTrue(lines.get(3).contains("public.parents") && lines.get(3).contains("ShareRowExclusiveLock"), lines.get(3));
        assertTrue(trace.stream().anyMatch(l -> l.contains("0001_init.sql:2:") && l.contains("no lock on a table that existed before it")), err);
        assertEquals("1", r[0], "the hazards still fail the gate: " + err);
        try (Connection c = pg.connect("scratch"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'qty'")) {
            assertTrue(rs.next());
            assertEquals("bigint", rs.getString(1), "the history was applied");
        }
    }

    @Test
    void aDatabaseNotMarkedDisposableIsRefusedAndUntouched() throws Exception {
        Path migrations = history();
        String[] r = run("migrations", "-q", "--trace", "--db", pg.url("production"), "-o", dir.resolve("r.txt").toString(), migrations.toString());
        assertEquals("2", r[0], r[1]);
        assertTrue(r[1].contains("is not marked disposable"), r[1]);
        try (Connection c = pg.connect("production"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_class WHERE relname IN ('items', 'parents')")) {
            rs.next();
            assertEquals(0, rs.getInt(1));
        }
        String[] noDb = run("migrations", "-q", "--trace", "-o", dir.resolve("r.txt").toString(), migrations.toString());
        assertEquals("2", noDb[0]);
        assertFalse(noDb[1].isBlank());
    }
}
