package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.cli.QueryLensCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Applications' own SQL logs, read from the samples the real programs wrote (samples/README.md
 * says how each was produced). The same run's server log is the oracle: what the application
 * logged must group into the statements, with the counts, the server executed, and the sequence
 * rules must find the same loops in both.
 */
class AppLogSamplesTest {
    static final Path SAMPLES = Path.of("..", "samples");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path out;

    static JsonNode analyze(Path dir, Path log, String... options) throws Exception {
        Path report = dir.resolve(log.getFileName() + ".json");
        StringWriter err = new StringWriter();
        var cli = QueryLensCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("analyze", "-q", "--format", "json", "-o", report.toString()));
        args.addAll(List.of(options));
        args.add(log.toString());
        assertEquals(0, cli.execute(args.toArray(String[]::new)), err.toString());
        return JSON.readTree(report.toFile());
    }

    static List<JsonNode> findings(JsonNode report, String rule) {
        List<JsonNode> found = new ArrayList<>();
        report.get("findings").forEach(f -> {
            if (f.get("rule").asText().equals(rule)) {
                found.add(f);
            }
        });
        return found;
    }

    /** Executions per fingerprint. */
    static Map<String, Long> groups(JsonNode report) {
        Map<String, Long> calls = new TreeMap<>();
        report.get("statements").forEach(s -> calls.put(s.get("fingerprint").asText(), s.get("calls").asLong()));
        return calls;
    }

    /** Calls per fingerprint, leaving out transaction control, which no ORM logs as SQL. */
    static Map<String, Long> workGroups(JsonNode report) {
        Map<String, Long> calls = new TreeMap<>();
        report.get("statements").forEach(s -> {
            String sql = s.get("sql").asText().toLowerCase(java.util.Locale.ROOT);
            if (!sql.matches("(begin|commit|rollback|start transaction|set |show )\\b.*")) {
                calls.put(s.get("fingerprint").asText() + " " + sql, s.get("calls").asLong());
            }
        });
        return calls;
    }

    static void assertSameLoops(JsonNode server, JsonNode app) {
        for (String rule : List.of("n-plus-one", "unbatched-writes")) {
            List<JsonNode> s = findings(server, rule);
            List<JsonNode> a = findings(app, rule);
            assertEquals(1, s.size(), rule + " in the server log: " + server.get("findings"));
            assertEquals(1, a.size(), rule + " in the application's log: " + app.get("findings"));
            assertEquals(s.get(0).get("sql"), a.get(0).get("sql"), rule);
            String count = rule.equals("n-plus-one") ? "executions" : "statements";
            assertEquals(s.get(0).get("evidence").get(count), a.get(0).get("evidence").get(count), rule);
        }
        assertEquals(findings(server, "n-plus-one").get(0).get("evidence").get("parentQuery"),
                findings(app, "n-plus-one").get(0).get("evidence").get("parentQuery"));
    }

    @Test
    void drizzlesOwnLogIsTheServersWorkloadWithItsLoops() throws Exception {
        Path appLog = SAMPLES.resolve("drizzle/drizzle-app.log");
        assertEquals(SourceKind.APP_LOG, detect(appLog));
        JsonNode app = analyze(out, appLog);
        JsonNode server = analyze(out, SAMPLES.resolve("drizzle/drizzle-server.log"));
        assertEquals(groups(server), groups(app));
        assertEquals(groups(app), groups(analyze(out, SAMPLES.resolve("drizzle/drizzle-pg_stat_statements.csv"))), "pg_stat_statements' calls");
        assertEquals(0, app.get("summary").get("diagnostics").asInt(), "the app's own messages are skipped silently: " + app.get("diagnostics"));
        // 3 boards of 6 projects, 12 inserts, two report queries written on several lines
        assertEquals(3 + 3 * 6 + 12 + 2, app.get("summary").get("executions").asInt());
        List<String> sql = new ArrayList<>();
        app.get("statements").forEach(s -> sql.add(s.get("sql").asText()));
        assertTrue(sql.stream().anyMatch(s -> s.contains("left join tasks") && s.endsWith("order by p.name")), sql.toString());
        assertTrue(sql.stream().anyMatch(s -> s.contains("from tasks") && s.endsWith("limit $1")), sql.toString());
        assertSameLoops(server, app);
        JsonNode nPlusOne = findings(app, "n-plus-one").get(0).get("evidence");
        assertTrue(nPlusOne.get("parentQuery").asText().contains("from projects order by"), nPlusOne.toString());
        assertEquals(3, nPlusOne.get("episodes").asInt(), nPlusOne.toString());
    }

    @Test
    void theQueryLensDrizzleLoggerWritesATraceWithRequestsAndTimes() throws Exception {
        Path trace = SAMPLES.resolve("drizzle/drizzle-trace.jsonl");
        assertEquals(SourceKind.JDBC_TRACE, detect(trace));
        JsonNode report = analyze(out, trace);
        assertEquals(groups(analyze(out, SAMPLES.resolve("drizzle/drizzle-app.log"))), groups(report));
        JsonNode nPlusOne = findings(report, "n-plus-one").get(0).get("evidence");
        assertEquals(3, nPlusOne.get("episodes").asInt(), "one per GET /board request: " + nPlusOne);
        assertTrue(nPlusOne.get("parentQuery").asText().contains("from projects order by"), nPlusOne.toString());
        assertEquals(1, findings(report, "unbatched-writes").size(), report.get("findings").toString());
        report.get("statements").forEach(s -> assertEquals(s.get("calls").asLong(), s.get("timedCalls").asLong(), s.toString()));
    }

    /**
     * The committed copies of what JvmAppLogsTest writes: each pair, read with the default settings,
     * agrees, and so do the calls of the same run's pg_stat_statements. Each run also sends rows in a
     * JDBC batch, which only the application's log can tell from a loop.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "hibernate/hibernate-app.log, hibernate/hibernate-server.log, hibernate/hibernate-pg_stat_statements.csv, hibernate",
            "spring-jdbc/spring-jdbc.log, spring-jdbc/spring-jdbc-server.log, spring-jdbc/spring-pg_stat_statements.csv, jdbc",
            "p6spy/p6spy-spy.log, p6spy/p6spy-server.log, p6spy/p6spy-pg_stat_statements.csv, jdbc"})
    void eachJavaSampleAgreesWithItsServerLog(String appLog, String serverLog, String pgStatStatements, String batch) throws Exception {
        assertEquals(SourceKind.APP_LOG, detect(SAMPLES.resolve(appLog)));
        JsonNode app = analyze(out, SAMPLES.resolve(appLog));
        JsonNode server = analyze(out, SAMPLES.resolve(serverLog));
        assertEquals(workGroups(server), workGroups(app));
        assertEquals(workGroups(app), workGroups(analyze(out, SAMPLES.resolve(pgStatStatements))));
        if (batch.equals("jdbc")) {
            JvmAppLogsTest.assertSameLoopsBesidesTheBatch(server, app);
            JvmAppLogsTest.assertBatchRead(SAMPLES.resolve(appLog));
        } else {
            JvmAppLogsTest.assertHibernatesBatchSeenAsBatch(server, app, SAMPLES.resolve(appLog));
        }
        assertEquals(3 * 6, findings(app, "n-plus-one").get(0).get("evidence").get("executions").asInt(), "3 boards of 6 projects");
        assertEquals(12, findings(app, "unbatched-writes").get(0).get("evidence").get("statements").asInt());
    }

    /**
     * Prisma's stdout query log has the statements without their values: the same groups and calls
     * as the server's log and pg_stat_statements, and the row-by-row inserts; but neither the N+1
     * (its loop is over values the log does not show) nor, falsely, a repetition of identical reads.
     * The query events, written as QueryLens's trace, have the values and times: the N+1 too.
     */
    @Test
    void prismasQueryLogAndItsQueryEvents() throws Exception {
        Path appLog = SAMPLES.resolve("prisma/prisma-app.log");
        assertEquals(SourceKind.APP_LOG, detect(appLog));
        JsonNode app = analyze(out, appLog);
        JsonNode server = analyze(out, SAMPLES.resolve("prisma/prisma-server.log"));
        assertEquals(groups(server), groups(app));
        assertEquals(groups(app), groups(analyze(out, SAMPLES.resolve("prisma/prisma-pg_stat_statements.csv"))), "pg_stat_statements' calls");
        assertEquals(0, app.get("summary").get("diagnostics").asInt(), app.get("diagnostics").toString());
        assertEquals(3 + 3 * 6 + 12, app.get("summary").get("executions").asInt());
        assertEquals(findings(server, "unbatched-writes").get(0).get("evidence").get("statements"),
                findings(app, "unbatched-writes").get(0).get("evidence").get("statements"));
        assertEquals(List.of(), findings(app, "n-plus-one"));
        assertEquals(List.of(), findings(app, "repeated-identical-query"), "the values are unknown, not the same");
        assertEquals(1, findings(server, "n-plus-one").size());

        JsonNode trace = analyze(out, SAMPLES.resolve("prisma/prisma-trace.jsonl"));
        assertEquals(groups(server), groups(trace));
        assertSameLoops(server, trace);
        assertEquals(3, findings(trace, "n-plus-one").get(0).get("evidence").get("episodes").asInt());
        trace.get("statements").forEach(st -> assertEquals(st.get("calls").asLong(), st.get("timedCalls").asLong(), st.toString()));
    }

    static SourceKind detect(Path file) throws Exception {
        String head = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8);
        InputKind.Detected d = InputKind.detect(file.getFileName().toString(), head.substring(0, Math.min(head.length(), 65536)), null, JSON);
        return d == null ? null : d.kind();
    }
}
