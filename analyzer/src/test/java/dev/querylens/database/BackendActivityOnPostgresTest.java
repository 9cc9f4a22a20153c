package dev.querylens.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.advisor.PostgresServer;
import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.analysis.ProjectConfig;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.report.Report;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * connections-near-limit on a real PostgreSQL 15 with max_connections = 20 (3 reserved for
 * superusers): the application's real connections, some idle in transaction, read by QueryLens as
 * the least-privilege role docs/safety.md describes, against pg_stat_activity read by the test
 * itself as a superuser.
 */
class BackendActivityOnPostgresTest {
    @TempDir
    static Path dir;
    static PostgresServer pg;
    static RuleCatalog rules;
    private final List<Connection> application = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start("-c max_connections=20");
        rules = RuleCatalog.load();
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE app LOGIN");
            s.execute("CREATE DATABASE shop OWNER app");
            s.execute("CREATE ROLE querylens LOGIN");
            s.execute("GRANT pg_read_all_stats, pg_read_all_data TO querylens");
            s.execute("CREATE ROLE plain LOGIN");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @AfterEach
    void closeApplication() throws Exception {
        for (Connection c : application) {
            c.close();
        }
        application.clear();
    }

    /** The application's connections as role app: {@code idle} idle ones, {@code inTransaction} left idle in a transaction. */
    private void connect(int idle, int inTransaction) throws Exception {
        for (int i = 0; i < idle + inTransaction; i++) {
            Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.port + "/shop?user=app&ApplicationName=shop-api");
            if (i >= idle) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.executeQuery("SELECT 1").close(); // BEGIN, then nothing more: idle in transaction
                }
            }
            application.add(c);
        }
    }

    /**
     * pg_stat_activity's client backends by state, as a superuser sees them, without this session and
     * without QueryLens's (its sessions end as it closes them, which the server may not have finished).
     */
    private static Map<String, Long> activity() throws Exception {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT state, count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
                        + " AND application_name <> 'querylens' GROUP BY state")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    private static List<Finding> judged(String role, ProjectConfig config) throws Exception {
        ConnectionSettings db = ConnectionSettings.parse("postgresql://" + role + "@127.0.0.1:" + pg.port + "/shop");
        Report r = new Analysis(rules, "test", m -> { }).run(new AnalysisRequest(List.of(), List.of(), null, config, null, db));
        return r.findings().stream().filter(f -> f.rule().equals("connections-near-limit")).toList();
    }

    @Test
    void backendsNearTheLimitAndSessionsIdleInTransaction() throws Exception {
        connect(12, 2);
        Thread.sleep(1500);
        ProjectConfig oneSecond = ProjectConfig.read(Files.writeString(dir.resolve("querylens.yaml"),
                "rules:\n  connections-near-limit: { parameters: { maxIdleInTransactionSeconds: 1 } }\n"), rules);
        List<Finding> found = judged("querylens", oneSecond);
        Map<String, Long> seen = activity();
        assertEquals(Map.of("idle", 12L, "idle in transaction", 2L), seen, "the test's own view of the server");
        assertEquals(1, found.size(), found.toString());
        Finding f = found.get(0);
        assertEquals(seen, f.evidence().get("byState"));
        assertEquals(14L, ((Number) f.evidence().get("clientBackends")).longValue());
        assertEquals(20, ((Number) f.evidence().get("maxConnections")).intValue());
        assertEquals(3, ((Number) f.evidence().get("reservedConnections")).intValue());
        double oldest = ((Number) f.evidence().get("oldestIdleInTransactionSeconds")).doubleValue();
        assertTrue(oldest >= 1.4 && oldest < 60, "the oldest transaction opened about 1.5 s before: " + oldest);
        assertTrue(f.message().contains("14 client backends of the 17 connections") && f.message().contains("2 sessions idle in transaction"),
                f.message());
        assertTrue(f.fix().contains("PgBouncer") && f.fix().contains("idle_in_transaction_session_timeout"), f.fix());

        // without pg_read_all_stats the states of other roles' sessions are hidden, but every backend is still counted
        Finding plain = judged("plain", oneSecond).get(0);
        assertEquals(Map.of("", 14L), plain.evidence().get("byState"));
        assertTrue(plain.evidence().get("stateNotVisible").toString().startsWith("14 "), plain.evidence().toString());

        // with the default (60 s) the young transactions are no finding of their own, but the backends near the limit are
        Finding defaults = judged("querylens", ProjectConfig.none()).get(0);
        assertTrue(defaults.message().contains("14 client backends") && !defaults.message().contains("idle in transaction"),
                defaults.message());
    }

    @Test
    void aFewIdleConnectionsAreNoFinding() throws Exception {
        connect(8, 0);
        assertEquals(List.of(), judged("querylens", ProjectConfig.none()));
        assertEquals(Map.of("idle", 8L), activity());
    }
}
