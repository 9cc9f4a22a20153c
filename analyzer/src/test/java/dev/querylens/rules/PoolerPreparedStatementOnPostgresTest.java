package dev.querylens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.advisor.PgBouncer;
import dev.querylens.advisor.PostgresServer;
import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.analysis.ProjectConfig;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.report.Report;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pooler-prepared-statement on logs a real PostgreSQL 15 wrote (stderr, csvlog and jsonlog) while
 * real clients went through a real transaction pooler: Debian's PgBouncer 1.18 in transaction mode
 * with one server connection, two pgjdbc connections through it. The clients' own errors (their
 * SQLSTATEs) are the oracle for what the log must show.
 */
class PoolerPreparedStatementOnPostgresTest {
    @TempDir
    static Path dir;
    static PostgresServer pg;
    static PgBouncer bouncer;
    static RuleCatalog rules;
    static int runs;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start("-c logging_collector=on -c log_destination=stderr,csvlog,jsonlog -c log_directory=log"
                + " -c log_filename=server.log -c log_file_mode=0644 -c log_min_duration_statement=0 -c log_connections=on"
                + " -c log_line_prefix='%m [%p] %q%u@%d '");
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE shop");
        }
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL)");
            s.execute("INSERT INTO orders SELECT g, g % 10 FROM generate_series(1, 100) g");
        }
        bouncer = PgBouncer.start(pg, "shop", 1);
        rules = RuleCatalog.load();
    }

    @AfterAll
    static void stop() throws Exception {
        if (bouncer != null) {
            bouncer.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    /** The three log files as they grew during one run: what the server logged while {@code run} ran, nothing before. */
    private static List<Path> logged(String name, SqlRun run) throws Exception {
        List<String> files = List.of("server.log", "server.csv", "server.json");
        long[] before = new long[files.size()];
        for (int i = 0; i < files.size(); i++) {
            Path f = pg.logDirectory().resolve(files.get(i));
            before[i] = Files.exists(f) ? Files.size(f) : 0;
        }
        run.run();
        // a statement straight to the server marks the end; the logging collector has written the run once it is there
        String marker = "end of run " + (++runs);
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement()) {
            s.execute("SELECT '" + marker + "'");
        }
        Path stderr = pg.logDirectory().resolve("server.log");
        for (int i = 0; i < 200 && !Files.readString(stderr).contains(marker); i++) {
            Thread.sleep(50);
        }
        Thread.sleep(200);
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path f = pg.logDirectory().resolve(files.get(i));
            String ext = files.get(i).substring(files.get(i).indexOf('.'));
            out.add(Files.write(dir.resolve(name + ext), tail(f, before[i])));
        }
        return out;
    }

    private static byte[] tail(Path f, long from) throws IOException {
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "r")) {
            byte[] b = new byte[(int) (r.length() - from)];
            r.seek(from);
            r.readFully(b);
            return b;
        }
    }

    interface SqlRun {
        void run() throws Exception;
    }

    /**
     * Two application connections through the pooler, each with its own prepared statements run in
     * turn, in autocommit (each statement its own transaction, after which PgBouncer takes the server
     * connection back). Returns the SQLSTATEs the clients got, counted.
     */
    private static Map<String, Integer> twoClients(String properties) throws SQLException {
        Map<String, Integer> states = new TreeMap<>();
        String url = bouncer.url("shop", properties);
        try (Connection a = DriverManager.getConnection(url); Connection b = DriverManager.getConnection(url)) {
            PreparedStatement[] statements = {
                    a.prepareStatement("SELECT id FROM orders WHERE customer_id = ?"),
                    b.prepareStatement("SELECT count(*) FROM orders WHERE id > ?"),
                    a.prepareStatement("SELECT max(id) FROM orders WHERE customer_id = ?"),
            };
            for (int i = 0; i < 4; i++) {
                for (PreparedStatement p : statements) {
                    try {
                        p.setLong(1, i);
                        p.executeQuery().close();
                    } catch (SQLException e) {
                        states.merge(e.getSQLState(), 1, Integer::sum);
                    }
                }
            }
        }
        return states;
    }

    private static List<Finding> findings(Path log) {
        Report r = new Analysis(rules, "test", m -> { }).run(new AnalysisRequest(List.of(log), List.of(), null, ProjectConfig.none()));
        return r.findings().stream().filter(f -> f.rule().equals("pooler-prepared-statement")).toList();
    }

    @Test
    void pgjdbcNamedStatementsThroughTransactionPoolingAreFoundWithThePgjdbcFix() throws Exception {
        Map<String, Integer>[] seen = new Map[1];
        List<Path> logs = logged("named", () -> seen[0] = twoClients("prepareThreshold=1"));
        Map<String, Integer> states = seen[0];
        assertFalse(states.isEmpty(), "the clients saw no error through the pooler");
        assertTrue(states.keySet().stream().allMatch(s -> s.equals("26000") || s.equals("42P05")), states.toString());
        for (Path log : logs) {
            List<Finding> found = findings(log);
            assertEquals(1, found.size(), log + ": " + found);
            Finding f = found.get(0);
            long missing = ((Number) f.evidence().get("doesNotExist26000")).longValue();
            long existing = ((Number) f.evidence().get("alreadyExists42P05")).longValue();
            // every error a client saw the server logged (pgjdbc also closes statements, whose errors it does not raise)
            assertTrue(missing >= states.getOrDefault("26000", 0) && existing >= states.getOrDefault("42P05", 0),
                    log + ": log " + missing + "/" + existing + ", clients " + states);
            assertTrue(existing > 0, log + ": two clients naming S_1 on one server connection: " + f.evidence());
            @SuppressWarnings("unchecked")
            Map<String, Long> names = (Map<String, Long>) f.evidence().get("statementNames");
            assertTrue(!names.isEmpty() && names.keySet().stream().allMatch(n -> n.matches("S_[0-9]+")), names.toString());
            assertEquals(missing + existing, names.values().stream().mapToLong(Long::longValue).sum(), names.toString());
            assertEquals(List.of("pgjdbc (Java)"), f.evidence().get("drivers"));
            assertTrue(f.fix().startsWith("pgjdbc: add prepareThreshold=0"), f.fix());
            assertTrue(f.fix().contains("max_prepared_statements") && f.fix().contains("prepare: false") && f.fix().contains("pgbouncer=true"), f.fix());
            assertEquals(1, f.fix().split("prepareThreshold=0", -1).length - 1, "pgjdbc's switch once: " + f.fix());
            assertTrue(f.message().contains("\"S_1\""), f.message());
            // names only: the statements' text (which the log's STATEMENT lines carry) is never in the finding
            String shown = f.message() + f.evidence() + f.fix();
            assertFalse(shown.contains("orders"), shown);
            assertEquals(log.toString(), f.locations().get(0).file());
        }
    }

    @Test
    void unnamedStatementsThroughTheSamePoolerStaySilent() throws Exception {
        Map<String, Integer>[] seen = new Map[1];
        List<Path> logs = logged("unnamed", () -> seen[0] = twoClients("prepareThreshold=0"));
        assertEquals(Map.of(), seen[0], "prepareThreshold=0 through a transaction pooler");
        for (Path log : logs) {
            assertTrue(Files.readString(log).contains("orders"), log + " holds the run's statements");
            assertEquals(List.of(), findings(log), log.toString());
        }
    }

    /**
     * Generalisation (expected written before the first run): SQL-level PREPARE in one transaction and
     * EXECUTE in the next, through the same pooler, in simple-protocol text. Expected before the first
     * run: one finding with one 42P05 and one 26000, the name "lookup", no driver inferred (no driver
     * names statements so), and the fix leading with the general list. The first run found two 26000
     * lines in the log (pgjdbc resent the failed EXECUTE): the finding was right, the count expected was not.
     */
    @Test
    void sqlLevelPrepareThroughThePoolerIsFoundWithoutADriver() throws Exception {
        List<Path> logs = logged("sql-prepare", () -> {
            try (Connection a = DriverManager.getConnection(bouncer.url("shop", "preferQueryMode=simple"));
                 Connection b = DriverManager.getConnection(bouncer.url("shop", "preferQueryMode=simple"));
                 Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
                sa.execute("PREPARE lookup(bigint) AS SELECT id FROM orders WHERE customer_id = $1");
                // b's transaction gets the one server connection, where a prepared lookup: b's own PREPARE clashes
                try {
                    sb.execute("PREPARE lookup(bigint) AS SELECT count(*) FROM orders WHERE id > $1");
                } catch (SQLException expected) {
                    assertEquals("42P05", expected.getSQLState());
                }
                sb.execute("DEALLOCATE lookup");
                try {
                    sa.execute("EXECUTE lookup(3)");
                } catch (SQLException expected) {
                    assertEquals("26000", expected.getSQLState());
                }
            }
        });
        // the first run showed pgjdbc sending the failed EXECUTE twice (the server logged 26000 twice, the client saw one
        // error): the stderr log's own ERROR lines, counted apart from QueryLens, are the oracle for all three formats
        String stderr = Files.readString(logs.get(0));
        long missingLines = stderr.lines().filter(l -> l.endsWith("ERROR:  prepared statement \"lookup\" does not exist")).count();
        long existingLines = stderr.lines().filter(l -> l.endsWith("ERROR:  prepared statement \"lookup\" already exists")).count();
        assertTrue(missingLines >= 1 && existingLines == 1, stderr);
        for (Path log : logs) {
            List<Finding> found = findings(log);
            assertEquals(1, found.size(), log + ": " + found);
            Finding f = found.get(0);
            assertEquals(Map.of("lookup", missingLines + existingLines), f.evidence().get("statementNames"), log.toString());
            assertEquals(missingLines, ((Number) f.evidence().get("doesNotExist26000")).longValue());
            assertEquals(existingLines, ((Number) f.evidence().get("alreadyExists42P05")).longValue());
            assertEquals(List.of(), f.evidence().get("drivers"));
            assertTrue(f.fix().startsWith("Make the driver send unnamed statements"), f.fix());
        }
    }
}
