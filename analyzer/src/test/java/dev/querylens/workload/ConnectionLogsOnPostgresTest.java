package dev.querylens.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.analysis.ProjectConfig;
import dev.querylens.collect.InputFiles;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connection facts and connection-churn on logs a real PostgreSQL 15 wrote (log_connections,
 * log_disconnections, log_min_duration_statement = 0) while the real pgbench ran, in stderr, csvlog
 * and jsonlog. The server's own count of the sessions (pg_stat_database.sessions and session_time,
 * PostgreSQL 14+) is the oracle, read apart from the logs.
 */
class ConnectionLogsOnPostgresTest {
    @TempDir
    static Path dir;
    static PgbenchLogs logs;
    static RuleCatalog rules;

    @BeforeAll
    static void start() throws Exception {
        logs = PgbenchLogs.start(dir);
        rules = RuleCatalog.load();
    }

    @AfterAll
    static void stop() throws Exception {
        if (logs != null) {
            logs.close();
        }
    }

    /** pg_stat_database's sessions and session_time (ms) of the bench database, read from another database. */
    private static double[] benchSessions() throws Exception {
        Thread.sleep(200); // a backend adds its session to the statistics as it exits
        try (Connection c = logs.server().connect("postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sessions, session_time FROM pg_stat_database WHERE datname = 'bench'")) {
            rs.next();
            return new double[] {rs.getLong(1), rs.getDouble(2)};
        }
    }

    private static LogSessions factsOf(Path log) {
        Workload w = new Workload(e -> { });
        List<String> diagnostics = new ArrayList<>();
        new InputFiles(null, new ObjectMapper(), null).read(log, w::add, d -> diagnostics.add(d.toString()));
        assertTrue(diagnostics.isEmpty(), log + ": " + diagnostics);
        return w.logSessions();
    }

    private static List<Finding> churn(Path log, ProjectConfig config) {
        Report r = new Analysis(rules, "test", m -> { }).run(new AnalysisRequest(List.of(log), List.of(), null, config));
        return r.findings().stream().filter(f -> f.rule().equals("connection-churn")).toList();
    }

    @Test
    void aNewConnectionPerTransactionIsChurnInEveryLogFormat() throws Exception {
        double[] before = benchSessions();
        PgbenchLogs.ConnectionRun run = logs.runSelectOnly("churn", "-C", "-c", "2", "-t", "75");
        double[] after = benchSessions();
        long opened = (long) (after[0] - before[0]); // 150 transactions, one connection each, and pgbench's first
        double meanMs = (after[1] - before[1]) / opened;
        assertTrue(opened >= 150, "pg_stat_database counted " + opened + " sessions; pgbench said: " + run.pgbenchOutput());
        for (Path log : run.logs().files()) {
            LogSessions s = factsOf(log);
            assertEquals(opened, s.newSessions(), log + ": new sessions against pg_stat_database.sessions");
            // the test's own session to read the statistics may end just inside the cut: it is another client
            assertTrue(s.disconnections() >= opened && s.disconnections() <= opened + 1, log + ": disconnections " + s.disconnections());
            ClientSessions c = s.clients().get(0);
            assertEquals(List.of("postgres", "bench", "pgbench"), List.of(c.user(), c.database(), c.application()), log + ": " + s.clients());
            assertEquals(opened, c.newSessions(), log.toString());
            assertEquals(opened, c.disconnections(), log.toString());
            assertTrue(s.clients().stream().skip(1).allMatch(o -> o.newSessions() == 0 && !"bench".equals(o.database())), s.clients().toString());
            // the log rounds each session to the millisecond; the statistics count the same span from the backend's start
            assertTrue(Math.abs(s.meanSessionMs() - meanMs) <= 1 + 0.2 * meanMs,
                    log + ": mean session " + s.meanSessionMs() + " ms from the log, " + meanMs + " ms from pg_stat_database");
            assertTrue(s.medianSessionMs() > 0 && s.medianSessionMs() <= s.p90SessionMs(), log + ": " + s);
            assertTrue(s.spanSeconds() > 0 && Math.abs(s.newSessionsPerSecond() * s.spanSeconds() - opened) < 1e-6, log.toString());

            List<Finding> found = churn(log, ProjectConfig.none());
            assertEquals(1, found.size(), log + ": " + found);
            Finding f = found.get(0);
            assertEquals(opened, ((Number) f.evidence().get("newSessions")).longValue());
            assertTrue(f.message().contains("postgres@bench application_name=pgbench"), f.message());
            assertTrue(f.fix().contains("pool_mode = transaction") && f.fix().contains("prepareThreshold=0")
                    && f.fix().contains("max_prepared_statements") && f.fix().contains("prepare: false"), f.fix());
            assertEquals(log.toString(), f.locations().get(0).file());
        }

        // the same log as a server with log_disconnections = off writes it: no lengths, so no finding, and the report says why
        Path noDisconnections = Files.write(dir.resolve("churn-no-disconnections.log"), Files.readAllLines(run.logs().stderr()).stream()
                .filter(l -> !l.contains("disconnection: session time")).toList());
        Report r = new Analysis(rules, "test", m -> { }).run(new AnalysisRequest(List.of(noDisconnections), List.of(), null, ProjectConfig.none()));
        assertEquals(List.of(), r.findings().stream().filter(f -> f.rule().equals("connection-churn")).toList());
        assertTrue(r.diagnostics().stream().anyMatch(d -> d.toString().contains("set log_disconnections = on")), r.diagnostics().toString());
    }

    @Test
    void connectionsKeptOpenStaySilentBecauseTheyAreFewAndLong() throws Exception {
        double[] before = benchSessions();
        PgbenchLogs.ConnectionRun run = logs.runSelectOnly("pooled", "-c", "4", "-T", "2");
        double[] after = benchSessions();
        long opened = (long) (after[0] - before[0]);
        Path lowered = Files.writeString(dir.resolve("querylens.yaml"),
                "rules:\n  connection-churn: { parameters: { minNewSessions: 1, minNewSessionsPerSecond: 0.1 } }\n");
        for (Path log : run.logs().files()) {
            LogSessions s = factsOf(log);
            assertEquals(opened, s.newSessions(), log + ": " + run.pgbenchOutput());
            assertTrue(s.medianSessionMs() > 1000, log + ": four clients held their connections for the 2 s run: " + s);
            assertEquals(List.of(), churn(log, ProjectConfig.none()), log.toString());
            // with the count and rate thresholds out of the way, the sessions' length alone keeps it silent
            assertEquals(List.of(), churn(log, ProjectConfig.read(lowered, rules)), log.toString());
        }
    }
}
