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
 * task board on a real PostgreSQL 15 that logs every statement and has pg_stat_statements loaded.
 * The server's log of the same run and pg_stat_statements' calls are the oracles. The logs are kept
 * in analyzer/target/app-logs/ (samples/ holds copies).
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
        pg = PostgresServer.start("-c shared_preload_libraries=pg_stat_statements -c logging_collector=on -c log_directory=log -c log_filename=server.log -c log_file_mode=0644"
                + " -c log_min_duration_statement=0 -c log_line_prefix='%m [%p] %q%u@%d '");
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("create extension pg_stat_statements");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    /** What the server recorded of one run: its log, and pg_stat_statements' rows as a CSV export. */
    record ServerRun(Path log, Path pgStatStatements) {
    }

    /**
     * Runs one workload in a fresh database and returns the server's log of just that run and
     * pg_stat_statements' rows for it (reset when the workload begins, read from another database).
     */
    private static ServerRun serverLogOf(String database, Path serverCopy, Workload workload) throws Exception {
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
                try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
                    s.execute("set log_min_duration_statement = -1");
                    s.execute("select pg_stat_statements_reset()");
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(500); // the logging collector writes asynchronously
        byte[] all = Files.readAllBytes(log);
        Path pgss = serverCopy.resolveSibling(database + "-pg_stat_statements.csv");
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement();
             java.io.Writer out = Files.newBufferedWriter(pgss)) {
            s.execute("set log_min_duration_statement = -1");
            // the export psql's \copy (SELECT ... FROM pg_stat_statements) writes, for this run's database
            new org.postgresql.copy.CopyManager(c.unwrap(org.postgresql.core.BaseConnection.class)).copyOut(
                    "copy (select query, calls, total_exec_time from pg_stat_statements where toplevel and dbid ="
                            + " (select oid from pg_database where datname = '" + database + "')) to stdout with (format csv, header)", out);
        }
        return new ServerRun(Files.write(serverCopy, java.util.Arrays.copyOfRange(all, (int) before[0], all.length)), pgss);
    }

    /** pg_stat_statements' calls per group equal the application log's, transaction control and SET left out. */
    private static void assertPgStatStatementsCalls(ServerRun run, JsonNode app) throws Exception {
        JsonNode pgss = analyze(LOGS, run.pgStatStatements(), samePauses);
        assertEquals(workGroups(app), workGroups(pgss), "pg_stat_statements' calls, group by group");
    }

    interface Workload {
        /** @param ready to be called once the library has started, when the workload begins */
        void run(String url, Runnable ready) throws Exception;
    }

    @Test
    void hibernatesSqlAndBindLogIsTheServersWorkloadWithItsLoops() throws Exception {
        Path appLog = LOGS.resolve("hibernate-app.log");
        ServerRun run = serverLogOf("hibernate", LOGS.resolve("hibernate-server.log"), (url, ready) -> TaskBoardJpa.run(url, appLog, ready));
        Path serverLog = run.log();
        assertEquals(SourceKind.APP_LOG, detect(appLog));
        JsonNode app = analyze(LOGS, appLog, samePauses);
        JsonNode server = analyze(LOGS, serverLog, samePauses);
        assertEquals(workGroups(server), workGroups(app));
        assertPgStatStatementsCalls(run, app);
        assertEquals(0, app.get("summary").get("diagnostics").asInt(), app.get("diagnostics").toString());
        assertHibernatesBatchSeenAsBatch(server, app, appLog);
        // the IDENTITY inserts as pgjdbc sent them: Hibernate's trace line before each says it asks for the keys
        String identity = "insert into projects(name) values ($1) returning *";
        assertEquals(Long.valueOf(TaskBoardJpa.NEW_PROJECTS), groupsBySql(app).get(identity), groupsBySql(app).toString());
        Path withoutActions = LOGS.resolve("hibernate-app-without-action-trace.log");
        Files.write(withoutActions, Files.readAllLines(appLog).stream().filter(l -> !l.contains("HHH90032015")).toList());
        Map<String, Long> plain = groupsBySql(analyze(LOGS, withoutActions, samePauses));
        assertEquals(null, plain.get(identity), "without org.hibernate.orm.action the log does not say: read as Hibernate shows it");
        assertEquals(Long.valueOf(TaskBoardJpa.NEW_PROJECTS), plain.get("insert into projects(name) values ($1)"), plain.toString());
        assertTimesMatchTheServers(appLog, serverLog);
        JsonNode nPlusOne = findings(app, "n-plus-one").get(0).get("evidence");
        assertEquals(TaskBoardJpa.BOARDS, nPlusOne.get("episodes").asInt(), nPlusOne.toString());
        assertTrue(nPlusOne.get("parentQuery").asText().contains("from projects"), nPlusOne.toString());
        assertEquals("thread:main", nPlusOne.get("session").asText(), nPlusOne.toString());
    }

    @Test
    void springJdbcTemplatesDebugLogIsTheServersWorkloadWithItsLoops() throws Exception {
        Path appLog = LOGS.resolve("spring-jdbc.log");
        ServerRun run = serverLogOf("spring", LOGS.resolve("spring-jdbc-server.log"), (url, ready) -> {
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
        Path serverLog = run.log();
        assertEquals(SourceKind.APP_LOG, detect(appLog));
        JsonNode app = analyze(LOGS, appLog, samePauses);
        JsonNode server = analyze(LOGS, serverLog, samePauses);
        assertEquals(workGroups(server), workGroups(app));
        assertPgStatStatementsCalls(run, app);
        assertEquals(0, app.get("summary").get("diagnostics").asInt(), app.get("diagnostics").toString());
        assertSameLoopsBesidesTheBatch(server, app);
        assertBatchRead(appLog);
        JsonNode nPlusOne = findings(app, "n-plus-one").get(0).get("evidence");
        assertEquals(TaskBoardJpa.BOARDS, nPlusOne.get("episodes").asInt(), nPlusOne.toString());
        assertEquals("thread:main", nPlusOne.get("session").asText(), nPlusOne.toString());
        assertTimesMatchTheServers(appLog, serverLog);
    }

    @Test
    void p6spysLogIsTheServersWorkloadWithItsLoopsTimesAndValues() throws Exception {
        Path appLog = LOGS.resolve("p6spy-spy.log");
        ServerRun run = serverLogOf("p6spy", LOGS.resolve("p6spy-server.log"), (url, ready) -> {
            try (Connection warm = java.sql.DriverManager.getConnection(url)) {
                TaskBoardJdbc.run(warm); // the JIT's first pass before the server's part of the log starts (see TaskBoardJpa)
            }
            ready.run();
            TaskBoardJdbc.runThroughP6spy(url, appLog);
        });
        Path serverLog = run.log();
        assertEquals(SourceKind.APP_LOG, detect(appLog));
        JsonNode app = analyze(LOGS, appLog, samePauses);
        JsonNode server = analyze(LOGS, serverLog, samePauses);
        assertEquals(workGroups(server), workGroups(app));
        assertPgStatStatementsCalls(run, app);
        assertEquals(0, app.get("summary").get("diagnostics").asInt(), app.get("diagnostics").toString());
        assertSameLoopsBesidesTheBatch(server, app);
        assertBatchRead(appLog);
        app.get("statements").forEach(s -> assertEquals(s.get("calls").asLong(), s.get("timedCalls").asLong(), s.toString()));
        JsonNode nPlusOne = findings(app, "n-plus-one").get(0).get("evidence");
        assertEquals(TaskBoardJpa.BOARDS, nPlusOne.get("episodes").asInt(), nPlusOne.toString());
        assertTrue(nPlusOne.get("session").asText().startsWith("connection:"), nPlusOne.toString());
        // the values read back from the SQL p6spy filled in, quotes undone: the same as the server's bound parameters
        List<Execution> read = new ArrayList<>();
        new InputFiles(null, new com.fasterxml.jackson.databind.ObjectMapper()).read(appLog, read::add, d -> { });
        assertTrue(read.stream().anyMatch(e -> e.params().equals(List.of("1", "imported task 12 (it's new)"))), read.toString());
    }

    static Map<String, Long> groupsBySql(JsonNode report) {
        Map<String, Long> calls = new TreeMap<>();
        report.get("statements").forEach(s -> calls.put(s.get("sql").asText().toLowerCase(java.util.Locale.ROOT), s.get("calls").asLong()));
        return calls;
    }

    static final String BATCHED = "values (nextval('tasks_seq'), ?, ?, true)";

    /**
     * The server's log cannot tell a batch's rows from rows sent one by one, so it gets a second
     * unbatched-writes finding for the batch; the application's log knows, and gets only the real one.
     */
    static void assertSameLoopsBesidesTheBatch(JsonNode server, JsonNode app) {
        List<JsonNode> serverWrites = findings(server, "unbatched-writes");
        assertEquals(2, serverWrites.size(), server.get("findings").toString());
        List<JsonNode> appWrites = findings(app, "unbatched-writes");
        assertEquals(1, appWrites.size(), app.get("findings").toString());
        assertEquals(1, serverWrites.stream().filter(f -> f.get("sql").equals(appWrites.get(0).get("sql"))).count(), serverWrites.toString());
        assertTrue(serverWrites.stream().anyMatch(f -> f.get("sql").asText().contains("done) values")), "the batch, to the server's log: " + serverWrites);
        assertEquals(TaskBoardJpa.IMPORTED, appWrites.get(0).get("evidence").get("statements").asInt());
        List<JsonNode> s = findings(server, "n-plus-one");
        List<JsonNode> a = findings(app, "n-plus-one");
        assertEquals(1, s.size());
        assertEquals(1, a.size());
        assertEquals(s.get(0).get("sql"), a.get(0).get("sql"));
        assertEquals(s.get(0).get("evidence").get("executions"), a.get(0).get("evidence").get("executions"));
        assertEquals(s.get(0).get("evidence").get("parentQuery"), a.get(0).get("evidence").get("parentQuery"));
    }

    /**
     * Hibernate's batch has the shape of its row-by-row inserts: to the server's log both are runs of
     * one unbatched-writes finding (2 episodes, 24 rows); the application's log knows the second run
     * was one batch (org.hibernate.orm.jdbc.batch) and counts only the first.
     */
    static void assertHibernatesBatchSeenAsBatch(JsonNode server, JsonNode app, Path appLog) throws Exception {
        JsonNode s = findings(server, "unbatched-writes").get(0);
        JsonNode a = findings(app, "unbatched-writes").get(0);
        assertEquals(s.get("sql"), a.get("sql"));
        assertEquals(2, s.get("evidence").get("episodes").asInt(), s.toString());
        assertEquals(TaskBoardJpa.IMPORTED + TaskBoardJpa.BATCHED, s.get("evidence").get("statements").asInt(), s.toString());
        assertEquals(1, a.get("evidence").get("episodes").asInt(), a.toString());
        assertEquals(TaskBoardJpa.IMPORTED, a.get("evidence").get("statements").asInt(), a.toString());
        assertEquals(findings(server, "n-plus-one").get(0).get("evidence").get("parentQuery"),
                findings(app, "n-plus-one").get(0).get("evidence").get("parentQuery"));
        assertEquals(findings(server, "n-plus-one").get(0).get("evidence").get("executions"),
                findings(app, "n-plus-one").get(0).get("evidence").get("executions"));
        List<Execution> read = new ArrayList<>();
        new InputFiles(null, new com.fasterxml.jackson.databind.ObjectMapper()).read(appLog, read::add, d -> { });
        List<Execution> rows = read.stream().filter(e -> e.batchSize() > 0).toList();
        assertEquals(TaskBoardJpa.BATCHED, rows.size(), rows.toString());
        rows.forEach(r -> assertEquals(TaskBoardJpa.BATCHED, r.batchSize()));
        assertTrue(rows.get(0).params().contains("archived task 1"), rows.get(0).toString());
    }

    /** The batch's rows: one execution each, with its own values, all marked as one batch of BATCHED. */
    static void assertBatchRead(Path appLog) throws Exception {
        List<Execution> read = new ArrayList<>();
        new InputFiles(null, new com.fasterxml.jackson.databind.ObjectMapper()).read(appLog, read::add, d -> { });
        List<Execution> rows = read.stream().filter(e -> e.sql() != null && e.sql().contains("true)")).toList();
        assertEquals(TaskBoardJpa.BATCHED, rows.size(), rows.toString());
        rows.forEach(r -> assertEquals(TaskBoardJpa.BATCHED, r.batchSize(), r.toString()));
        assertEquals(List.of("2", "archived task 1"), rows.get(0).params());
        assertEquals(List.of("2", "archived task " + TaskBoardJpa.BATCHED), rows.get(rows.size() - 1).params());
        read.stream().filter(e -> e.sql() != null && !e.sql().contains("true)")).forEach(e -> assertEquals(0, e.batchSize(), e.toString()));
    }

    /**
     * Each statement's time in the application's log (logged just before it was sent, local time,
     * no zone, with or without a date) against the server's log of the same statement (%m, when it finished): in the same
     * order, never after the server's by more than the clock's millisecond rounding, and close to it.
     */
    static void assertTimesMatchTheServers(Path appLog, Path serverLog) throws Exception {
        List<Execution> app = new ArrayList<>();
        List<Execution> server = new ArrayList<>();
        var files = new InputFiles(null, new com.fasterxml.jackson.databind.ObjectMapper());
        files.read(appLog, app::add, d -> { });
        files.read(serverLog, server::add, d -> { });
        java.util.Set<String> work = new java.util.HashSet<>();
        app.forEach(e -> work.add(e.sql().strip().toLowerCase(java.util.Locale.ROOT).split("\\s+")[0]));
        List<Execution> served = server.stream().filter(e -> e.sql() != null && !e.sql().isBlank()
                && work.contains(e.sql().strip().toLowerCase(java.util.Locale.ROOT).split("\\s+")[0])).toList();
        assertEquals(app.size(), served.size(), "the work statements, in both logs");
        java.time.ZoneOffset local = java.time.ZoneId.systemDefault().getRules().getOffset(java.time.Instant.now());
        for (int i = 0; i < app.size(); i++) {
            java.time.Instant logged = app.get(i).timestamp();
            assertTrue(logged != null, "a time for " + app.get(i));
            // the app's local time read as UTC: shift the server's instant the same way
            java.time.Instant finished = served.get(i).timestamp().plusSeconds(local.getTotalSeconds());
            long ms = java.time.Duration.between(logged, finished).toMillis();
            if (logged.isBefore(java.time.Instant.parse("1971-01-01T00:00:00Z"))) {
                // a time of day alone (log4j2's default pattern): compare the times of day
                ms = Math.floorMod(finished.toEpochMilli() - logged.toEpochMilli(), 86_400_000L);
                ms = ms > 43_200_000L ? ms - 86_400_000L : ms;
            }
            assertTrue(ms >= -1 && ms < 5000, i + ": logged " + logged + ", the server finished it " + finished);
        }
    }
}
