package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.Samples;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExplainCommandTest {
    private static EmbeddedPostgres pg;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)");
            s.execute("INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 50000) g");
            s.execute("ANALYZE items");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run explain(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new QueryLensCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "explain";
        System.arraycopy(args, 0, all, 1, args.length);
        int exit = cli.execute(all);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void aPlanFileIsDrawnWithItsHotNodeAndFindings() {
        Run r = explain(Samples.PLANS.resolve("comments-of-task.json").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Seq Scan on comments"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("Seq Scan on comments") && l.contains("<== most of the time")), r.out());
        assertTrue(r.out().contains("plan-seq-scan-filter"), r.out());
    }

    @Test
    void aStatementIsPlannedOnALiveDatabaseReadOnly() throws Exception {
        String url = pg.getJdbcUrl("postgres", "postgres");
        Run r = explain("--db", url, "--sql", "select * from items where name = 'item 7'", "--analyze");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("statement: select * from items where name = $1"), r.out());
        assertTrue(r.out().contains("actual"), "EXPLAIN ANALYZE ran: " + r.out());
        assertTrue(r.out().contains("plan-seq-scan-filter"), r.out());

        Run write = explain("--db", url, "--sql", "delete from items", "--analyze");
        assertEquals(2, write.exit());
        assertTrue(write.err().contains("read-only"), write.err());
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM items")) {
            rs.next();
            assertEquals(50000, rs.getInt(1), "the read-only session refused the write");
        }
        assertEquals(2, explain().exit());
    }
}
