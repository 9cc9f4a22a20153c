package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.Samples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same run of the sample workload, logged by PostgreSQL 15 as stderr, csvlog and jsonlog at once. */
class LogFormatsTest {
    static final Path CSV = Samples.ROOT.resolve("formats/taskboard-csvlog.csv");
    static final Path JSON = Samples.ROOT.resolve("formats/taskboard-jsonlog.json");

    @TempDir
    Path dir;

    record Read(SourceKind kind, List<Execution> executions, List<Diagnostic> diagnostics) {
        Map<String, Long> counts() {
            return executions.stream().collect(Collectors.groupingBy(Execution::sql, TreeMap::new, Collectors.counting()));
        }

        /** Each session's statements in order, sessions sorted so different session keys compare. */
        List<String> sequences() {
            Map<String, List<String>> bySession = new LinkedHashMap<>();
            executions.forEach(e -> bySession.computeIfAbsent(e.session(), k -> new ArrayList<>()).add(e.sql() + " " + e.params()));
            return bySession.values().stream().map(Object::toString).sorted().toList();
        }
    }

    static Read read(Path p) {
        List<Execution> ex = new ArrayList<>();
        List<Diagnostic> diags = new ArrayList<>();
        SourceKind kind = new InputFiles(null, new ObjectMapper()).read(p, ex::add, diags::add);
        return new Read(kind, ex, diags);
    }

    @Test
    void stderrCsvAndJsonGiveTheSameGroupsCountsAndSessions() {
        Read stderr = read(Samples.STDERR_LOG);
        Read csv = read(CSV);
        Read json = read(JSON);
        assertEquals(SourceKind.STDERR_LOG, stderr.kind());
        assertEquals(SourceKind.CSV_LOG, csv.kind());
        assertEquals(SourceKind.JSON_LOG, json.kind());
        assertTrue(stderr.executions().size() > 300);
        assertEquals(stderr.counts(), csv.counts());
        assertEquals(stderr.counts(), json.counts());
        assertEquals(stderr.sequences(), csv.sequences());
        assertEquals(stderr.sequences(), json.sequences());
        assertEquals(List.of(), csv.diagnostics());
        assertEquals(List.of(), json.diagnostics());
        // csvlog and jsonlog carry the session id (%c), which a reused pid cannot confuse
        assertTrue(csv.executions().get(0).session().matches("[0-9a-f]+\\.[0-9a-f]+"), csv.executions().get(0).session());
    }

    @Test
    void autoExplainPlansAreAttachedInEveryFormat() {
        for (Path p : List.of(Samples.STDERR_LOG, CSV, JSON)) {
            List<Execution> planned = read(p).executions().stream().filter(e -> e.plan() != null).toList();
            assertFalse(planned.isEmpty(), p.toString());
            assertTrue(planned.stream().allMatch(e -> e.sql().contains("comments where task_id") || e.sql().contains("tasks")),
                    planned.stream().map(Execution::sql).distinct().toList().toString());
            assertTrue(planned.stream().anyMatch(e -> e.plan().walk().anyMatch(n -> "comments".equals(n.relationName()))), p.toString());
        }
    }

    @Test
    void gzipAndTruncatedCsvAreRead() throws IOException {
        Path gz = dir.resolve("postgresql.csv.gz");
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(buffer)) {
            out.write(Files.readAllBytes(CSV));
        }
        Files.write(gz, buffer.toByteArray());
        assertEquals(read(CSV).counts(), read(gz).counts());

        String text = Files.readString(CSV);
        Path truncated = Files.writeString(dir.resolve("truncated.csv"), text.substring(0, text.length() * 2 / 3));
        Read r = read(truncated);
        assertEquals(SourceKind.CSV_LOG, r.kind());
        assertTrue(r.executions().size() > 100);
    }

    @Test
    void brokenJsonLinesAreDiagnosticsAndTheRestIsRead() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(JSON));
        lines.add(100, "{\"timestamp\": \"2026-11-25 08:47:18.343 UTC\", \"error_severity\": ");
        lines.add(200, "garbage");
        Read r = read(Files.write(dir.resolve("damaged.json"), lines));
        assertEquals(2, r.diagnostics().size(), r.diagnostics().toString());
        assertEquals(101, r.diagnostics().get(0).line());
        assertEquals(read(JSON).counts(), r.counts());
    }

    @Test
    void pgStatStatementsExportsFeedGroupsNotSessions() throws IOException {
        Path csv = Files.writeString(dir.resolve("pgss.csv"), """
                userid,dbid,queryid,query,calls,total_exec_time,rows
                10,16384,-4215,"select * from tasks where project_id = $1",1200,3456.5,60000
                10,16384,771,"insert into activity_events (org_id, kind)
                values ($1, $2)",200,10.25,200
                """);
        Read r = read(csv);
        assertEquals(SourceKind.PG_STAT_STATEMENTS, r.kind());
        assertEquals(2, r.executions().size());
        Execution first = r.executions().get(0);
        assertEquals(1200, first.calls());
        assertEquals(3456.5, first.durationMs());
        assertEquals(null, first.session());
        assertTrue(r.executions().get(1).sql().contains("\nvalues"));

        Path json = Files.writeString(dir.resolve("pgss.json"), """
                [{"query": "select 1", "calls": 3, "total_time": 1.5}, {"query": "select 2", "calls": "x"}]
                """);
        Read j = read(json);
        assertEquals(SourceKind.PG_STAT_STATEMENTS, j.kind());
        assertEquals(1, j.executions().size());
        assertEquals(1, j.diagnostics().size());
    }

    @Test
    void jdbcTracesKeepBatchFlagsAndGroupByTest() throws IOException {
        Path trace = Files.writeString(dir.resolve("trace.jsonl"), """
                {"sql":"insert into t (a) values (?)","params":["1"],"connection":"c1","thread":"main","tx":"tx1","batch":3,"startNanos":1,"durationNanos":2000000,"rows":1,"test":"ImportTest.imports"}
                {"sql":"select * from t where a = ?","params":[null],"connection":"c2","thread":"main","durationNanos":500000,"request":"GET /t"}
                not json
                """);
        Read r = read(trace);
        assertEquals(SourceKind.JDBC_TRACE, r.kind());
        assertEquals(2, r.executions().size());
        assertEquals(3, r.executions().get(0).batchSize());
        assertEquals("test:ImportTest.imports", r.executions().get(0).session());
        assertEquals("request:GET /t", r.executions().get(1).session());
        assertEquals(2.0, r.executions().get(0).durationMs());
        assertEquals(java.util.Arrays.asList((String) null), r.executions().get(1).params());
        assertEquals(1, r.diagnostics().size());
        assertEquals(3, r.diagnostics().get(0).line());
    }

    @Test
    void aReusedPidDoesNotMergeTwoSessions() throws IOException {
        // two real sessions of the capture, the second given the first one's pid, as the OS may do
        List<String> lines = Files.readAllLines(Samples.STDERR_LOG);
        Map<String, List<String>> byPid = new HashMap<>();
        for (String l : lines) {
            var m = java.util.regex.Pattern.compile("^\\S+ \\S+ \\S+ \\[(\\d+)\\] app@").matcher(l);
            if (m.find()) {
                byPid.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(l);
            }
        }
        List<String> pids = byPid.keySet().stream().sorted().toList();
        String a = pids.get(0);
        String b = pids.get(1);
        List<String> log = new ArrayList<>(byPid.get(a));
        String stamp = log.get(log.size() - 1).substring(0, 27);
        log.add(stamp + " [" + a + "] app@taskboard LOG:  disconnection: session time: 0:00:01.000 user=app database=taskboard host=127.0.0.1 port=50000");
        log.add(stamp + " [" + a + "] [unknown]@[unknown] LOG:  connection received: host=127.0.0.1 port=50002");
        byPid.get(b).forEach(l -> log.add(l.replace("[" + b + "]", "[" + a + "]")));
        Read r = read(Files.write(dir.resolve("reused.log"), log));
        assertEquals(2, r.executions().stream().map(Execution::session).distinct().count());
        assertNotNull(r.kind());
    }

    @Test
    void otherPrefixesAreRecognised() throws IOException {
        // a capture line rewritten into the RDS/Aurora and pgBadger-style prefixes
        String original = Files.readAllLines(Samples.STDERR_LOG).stream().filter(l -> l.contains("statement: SELECT id, title"))
                .findFirst().orElseThrow();
        String message = original.substring(original.indexOf("LOG:  "));
        String rds = "2026-11-25 08:47:19 UTC:127.0.0.1(50000):app@taskboard:[4242]:" + message;
        String badger = "2026-11-25 08:47:19 UTC [4242]: [7-1] user=app,db=taskboard,app=taskboard,client=127.0.0.1 " + message;
        for (String line : List.of(rds, badger)) {
            Read r = read(Files.writeString(dir.resolve("p.log"), line + "\n" + line + "\n"));
            assertEquals(SourceKind.STDERR_LOG, r.kind(), line);
            assertEquals(2, r.executions().size());
            assertEquals("4242", r.executions().get(0).session());
        }
    }
}
