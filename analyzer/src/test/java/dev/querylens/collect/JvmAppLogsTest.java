package dev.querylens.collect;

import static dev.querylens.collect.AppLogSamplesTest.analyze;
import static dev.querylens.collect.AppLogSamplesTest.assertSameLoops;
import static dev.querylens.collect.AppLogSamplesTest.detect;
import static dev.querylens.collect.AppLogSamplesTest.findings;
import static dev.querylens.collect.AppLogSamplesTest.workGroups;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.querylens.advisor.PostgresServer;
import dev.querylens.collect.jpa.TaskBoardJdbc;
import dev.querylens.collect.jpa.TaskBoardJpa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Java applications' SQL logs, written here by the real libraries (Hibernate ORM, ...) running the
 * task board on a real PostgreSQL 15 that logs every statement. The server's log of the same run
 * is the oracle. The logs are kept in analyzer/target/app-logs/ (samples/ holds copies).
 */
class JvmAppLogsTest {
    static final Path LOGS = Path.of("target", "app-logs");
    private static PostgresServer pg;

    /**
     * The application logs here have no times (Hibernate's, Spring's as read) or the application's
     * own (p6spy); the server's log has the server's. On a busy machine a GC or scheduling pause in
     * the middle of a loop would end the loop's run in one and not the other, so the comparison does
     * not let pauses split loops: it is about what the logs hold, not about the pause threshold.
     */
    private static String[] samePauses;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(LOGS);
        Path config = Files.writeString(LOGS.resolve("querylens.yaml"), "rules:\n  n-plus-one: { parameters: { maxPauseMs: 60000 } }\n");
        samePauses = new String[] {"--config", config.toString()};
        pg = PostgresServer.start("-c logging_collector=on -c log_directory=log -c log_filename=server.log -c log_file_mode=0644"
                + " -c log_min_duration_statement=0 -c log_line_prefix='%m [%p] %q%u@%d '");
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    /** Runs one workload in a fresh database and returns the server's log of just that run. */
    private static Path serverLogOf(String database, Path serverCopy, Workload workload) throws Exception {
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("set log_min_duration_statement = -1");
            s.execute("create database " + database);
        }
        try (Connection c = pg.connect(database)) {
            TaskBoardJpa.createSchema(c);
        }
        Path log = pg.logDirectory().resolve("server.log");
        long[] before = {-1};
        workload.run(pg.url(database), () -> {
            try {
                Thread.sleep(300); // the logging collector writes asynchronously
                before[0] = Files.size(log);
            } catch (java.io.IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(500); // the logging collector writes asynchronously
        byte[] all = Files.readAllBytes(log);
        return Files.write(serverCopy, java.util.Arrays.copyOfRange(all, (int) before[0], all.length));
    }

    interface Workload {
        /** @param ready to be called once the library has started, when the workload begins */
        void run(String url, Runnable ready) throws Exception;
    }

    @Test
    void hibernatesSqlAndBindLogIsTheServersWorkloadWithItsLoops() throws Exception {
        Path appLog = LOGS.resolve("hibernate-app.log");
        Path serverLog = serverLogOf("hibernate", LOGS.resolve("hibernate-server.log"), (url, ready) -> TaskBoardJpa.run(url, appLog, ready));
        assertEquals(SourceKind.APP_LOG, detect(appLog));
        JsonNode app = analyze(LOGS, appLog, samePauses);
        JsonNode server = analyze(LOGS, serverLog, samePauses);
        assertEquals(workGroups(server), workGroups(app));
        assertEquals(0, app.get("summary").get("diagnostics").asInt(), app.get("diagnostics").toString());
        assertSameLoops(server, app);
        JsonNode nPlusOne = findings(app, "n-plus-one").get(0).get("evidence");
        assertEquals(TaskBoardJpa.BOARDS, nPlusOne.get("episodes").asInt(), nPlusOne.toString());
        assertTrue(nPlusOne.get("parentQuery").asText().contains("from projects"), nPlusOne.toString());
        assertEquals("thread:main", nPlusOne.get("session").asText(), nPlusOne.toString());
    }

    @Test
    void springJdbcTemplatesDebugLogIsTheServersWorkloadWithItsLoops() throws Exception {
        Path appLog = LOGS.resolve("spring-jdbc.log");
        Path serverLog = serverLogOf("spring", LOGS.resolve("spring-jdbc-server.log"), (url, ready) -> {
            String classPath = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                    .filter(e -> !e.contains("slf4j")).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
                    dev.querylens.collect.jpa.TaskBoardSpring.class.getName(), url, appLog.toString())
                    .redirectErrorStream(true).start();
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()));
            StringBuilder said = new StringBuilder();
            for (String line = out.readLine(); line != null && !line.equals("READY"); line = out.readLine()) {
                said.append(line).append('\n');
            }
            ready.run();
            p.getOutputStream().write('\n');
            p.getOutputStream().flush();
            out.lines().forEach(l -> said.append(l).append('\n'));
            assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "the Spring workload ran");
            assertEquals(0, p.exitValue(), said.toString());
        });
        assertEquals(SourceKind.APP_LOG, detect(appLog));
        JsonNode app = analyze(LOGS, appLog, samePauses);
        JsonNode server = analyze(LOGS, serverLog, samePauses);
        assertEquals(workGroups(server), workGroups(app));
        assertEquals(0, app.get("summary").get("diagnostics").asInt(), app.get("diagnostics").toString());
        assertSameLoops(server, app);
        JsonNode nPlusOne = findings(app, "n-plus-one").get(0).get("evidence");
        assertEquals(TaskBoardJpa.BOARDS, nPlusOne.get("episodes").asInt(), nPlusOne.toString());
        assertEquals("thread:main", nPlusOne.get("session").asText(), nPlusOne.toString());
    }

    @Test
    void p6spysLogIsTheServersWorkloadWithItsLoopsTimesAndValues() throws Exception {
        Path appLog = LOGS.resolve("p6spy-spy.log");
        Path serverLog = serverLogOf("p6spy", LOGS.resolve("p6spy-server.log"), (url, ready) -> {
            try (Connection warm = java.sql.DriverManager.getConnection(url)) {
                TaskBoardJdbc.run(warm); // the JIT's first pass before the server's part of the log starts (see TaskBoardJpa)
            }
            ready.run();
            TaskBoardJdbc.runThroughP6spy(url, appLog);
        });
        assertEquals(SourceKind.APP_LOG, detect(appLog));
        JsonNode app = analyze(LOGS, appLog, samePauses);
        JsonNode server = analyze(LOGS, serverLog, samePauses);
        assertEquals(workGroups(server), workGroups(app));
        assertEquals(0, app.get("summary").get("diagnostics").asInt(), app.get("diagnostics").toString());
        assertSameLoops(server, app);
        app.get("statements").forEach(s -> assertEquals(s.get("calls").asLong(), s.get("timedCalls").asLong(), s.toString()));
        JsonNode nPlusOne = findings(app, "n-plus-one").get(0).get("evidence");
        assertEquals(TaskBoardJpa.BOARDS, nPlusOne.get("episodes").asInt(), nPlusOne.toString());
        assertTrue(nPlusOne.get("session").asText().startsWith("connection:"), nPlusOne.toString());
        // the values read back from the SQL p6spy filled in, quotes undone: the same as the server's bound parameters
        List<Execution> read = new ArrayList<>();
        new InputFiles(null, new com.fasterxml.jackson.databind.ObjectMapper()).read(appLog, read::add, d -> { });
        assertTrue(read.stream().anyMatch(e -> e.params().equals(List.of("1", "imported task 12 (it's new)"))), read.toString());
    }
}
