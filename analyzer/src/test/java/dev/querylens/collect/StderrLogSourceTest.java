package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.Samples;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Reads logs a real PostgreSQL 15 wrote (samples/capture/capture.sh), and damaged copies of them. */
class StderrLogSourceTest {
    private static final String ROW_BY_ROW_INSERT = "insert into activity_events (org_id, actor_id, kind, payload) values ($1, $2, $3, $4::jsonb)";
    private static final String COUNT_PER_PROJECT = "select count(*) from tasks where project_id = $1 and status <> 'done'";

    private record Read(List<Execution> executions, List<Diagnostic> diagnostics) {
        Map<String, Long> countsBySql() {
            return executions.stream().collect(Collectors.groupingBy(Execution::sql, Collectors.counting()));
        }
    }

    private static Read read(String text) throws IOException {
        List<Execution> ex = new ArrayList<>();
        List<Diagnostic> diags = new ArrayList<>();
        new StderrLogSource("test.log", new BufferedReader(new StringReader(text)), LogLinePrefix.compile(LogLinePrefix.DEBIAN_DEFAULT))
                .read(ex::add, diags::add);
        return new Read(ex, diags);
    }

    @Test
    void extendedProtocolCountsExecuteStepsOnlyWithTheirParameters() throws IOException {
        Read r = read(Samples.read(Samples.STDERR_LOG));
        Map<String, Long> counts = r.countsBySql();
        assertEquals(200, counts.get(ROW_BY_ROW_INSERT));
        assertEquals(27, counts.get(COUNT_PER_PROJECT));
        Execution first = r.executions().stream().filter(e -> e.sql().equals(COUNT_PER_PROJECT)).findFirst().orElseThrow();
        assertEquals(1, first.params().size());
        assertTrue(first.hasDuration());
        assertNotNull(first.timestamp());
        assertNotNull(first.session());
        Execution insert = r.executions().stream().filter(e -> e.sql().equals(ROW_BY_ROW_INSERT)).findFirst().orElseThrow();
        assertEquals(List.of("1", "1", "task.created", "{\"n\": 0}"), insert.params());
        assertTrue(r.diagnostics().isEmpty(), r.diagnostics().toString());
    }

    @Test
    void simpleProtocolAndMultiLineStatementsAreJoined() throws IOException {
        Read r = read(Samples.read(Samples.STDERR_LOG));
        Execution multi = r.executions().stream().filter(e -> e.sql().startsWith("SELECT p.name")).findFirst().orElseThrow();
        assertTrue(multi.sql().contains("\nFROM projects p\nJOIN tasks t ON t.project_id = p.id\n"), multi.sql());
        assertTrue(multi.sql().endsWith("ORDER BY open_tasks DESC"), multi.sql());
        assertTrue(multi.params().isEmpty());
        assertEquals(3, r.executions().stream().filter(e -> e.sql().startsWith("SELECT id, title FROM tasks WHERE project_id = ")).count());
    }

    @Test
    void failedStatementsAndAutoExplainPlansAreNotExecutions() throws IOException {
        String log = Samples.read(Samples.STDERR_LOG);
        assertTrue(log.contains("ERROR:  division by zero") && log.contains("plan:"), "sample must hold both");
        Read r = read(log);
        assertFalse(r.executions().stream().anyMatch(e -> e.sql().contains("1/0")));
        assertFalse(r.executions().stream().anyMatch(e -> e.sql().startsWith("plan:") || e.sql().contains("Query Text")));
    }

    @Test
    void sessionsAreKeptApartWhenTheyInterleave() throws IOException {
        Read r = read(Samples.read(Samples.STDERR_LOG));
        Map<String, Long> sessionsPerSql = r.executions().stream()
                .collect(Collectors.groupingBy(Execution::sql, Collectors.mapping(Execution::session, Collectors.counting())));
        List<String> insertSessions = r.executions().stream().filter(e -> e.sql().equals(ROW_BY_ROW_INSERT))
                .map(Execution::session).distinct().toList();
        List<String> countSessions = r.executions().stream().filter(e -> e.sql().equals(COUNT_PER_PROJECT))
                .map(Execution::session).distinct().toList();
        assertEquals(1, insertSessions.size());
        assertEquals(1, countSessions.size());
        assertFalse(insertSessions.equals(countSessions));
        assertNotNull(sessionsPerSql);
    }

    @Test
    void logStatementAllGivesTheSameCountsAndAttachesTheBareDurationLine() throws IOException {
        Read withDurations = read(Samples.read(Samples.STDERR_LOG));
        Read statementAll = read(Samples.read(Samples.STATEMENT_ALL_LOG));
        Map<String, Long> a = withDurations.countsBySql();
        Map<String, Long> b = statementAll.countsBySql();
        assertEquals(a.get(ROW_BY_ROW_INSERT), b.get(ROW_BY_ROW_INSERT));
        assertEquals(a.get(COUNT_PER_PROJECT), b.get(COUNT_PER_PROJECT));
        assertTrue(statementAll.executions().stream().filter(e -> e.sql().equals(COUNT_PER_PROJECT)).allMatch(Execution::hasDuration));
        Execution insert = statementAll.executions().stream().filter(e -> e.sql().equals(ROW_BY_ROW_INSERT)).findFirst().orElseThrow();
        assertEquals(4, insert.params().size());
    }

    @Test
    void junkBinaryAndTruncatedLinesBecomeDiagnosticsAndReadingGoesOn() throws IOException {
        List<String> lines = Samples.read(Samples.STDERR_LOG).lines().toList();
        List<String> damaged = new ArrayList<>(lines);
        damaged.add(40, "\u0000\u0007\u00ff garbage from a disk error");
        damaged.add(80, "this is not a log line at all");
        damaged.add(120, "x".repeat(10_000_000));
        String last = damaged.get(damaged.size() - 1);
        damaged.set(damaged.size() - 1, last.substring(0, last.length() / 2)); // truncated mid-line
        Read r = read(String.join("\n", damaged));
        assertEquals(3, r.diagnostics().size(), r.diagnostics().toString());
        assertEquals(41, r.diagnostics().get(0).line());
        assertTrue(r.diagnostics().get(2).message().length() < 200, "a huge line is previewed, not copied");
        Map<String, Long> counts = r.countsBySql();
        assertEquals(200, counts.get(ROW_BY_ROW_INSERT));
        assertEquals(27, counts.get(COUNT_PER_PROJECT));
    }

    @Test
    void parameterValuesWithQuotesCommasAndNulls() {
        assertEquals(java.util.Arrays.asList("it's, here", null, "42"),
                ParameterList.parse("$1 = 'it''s, here', $2 = NULL, $3 = '42'"));
    }

    @Test
    void prefixesCompileFromTheServerSetting() {
        LogLinePrefix rds = LogLinePrefix.compile("%t:%r:%u@%d:[%p]:");
        var line = rds.match("2026-11-25 08:44:24 UTC:10.0.0.5(53422):app@taskboard:[4337]:LOG:  statement: select 1");
        assertNotNull(line);
        assertEquals("4337", line.pid());
        assertEquals("statement: select 1", line.message());
        LogLinePrefix withSession = LogLinePrefix.compile("%m [%p] %c %q%u@%d ");
        var s = withSession.match("2026-11-25 08:44:24.830 UTC [4337] 6b069fdf.10c5 app@db LOG:  statement: select 1");
        assertEquals("6b069fdf.10c5", s.session());
        Function<String, LogLinePrefix.LogLine> debian = LogLinePrefix.compile(LogLinePrefix.DEBIAN_DEFAULT)::match;
        assertNotNull(debian.apply("2026-11-25 08:44:15.724 UTC [4293] LOG:  database system is ready to accept connections"));
    }
}
