package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export shapes ManagedLogFormatsTest does not cover, read without flags: CloudWatch Logs as
 * the AWS CLI prints it (the get-log-events document, aws logs tail's text lines) and Azure
 * Database for PostgreSQL's PostgreSQLLogs records. Each is the sample's real PostgreSQL 15 run
 * wrapped as the provider documents it (see ProviderWrapping for the sources of each shape), and
 * must give exactly what its stderr log gives.
 *
 * <p>Sources of the shapes: https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_GetLogEvents.html
 * and aws-cli's awscli/examples/logs/get-log-events.rst (the document);
 * https://docs.aws.amazon.com/cli/latest/reference/logs/tail.html and aws-cli's
 * awscli/customizations/logs/tail.py (the detailed and short lines);
 * https://learn.microsoft.com/en-us/azure/postgresql/flexible-server/concepts-logging,
 * https://github.com/darold/pgbadger/issues/752 and pganalyze/collector's
 * input/system/azure tests (the PostgreSQLLogs records).
 */
class ManagedLogExportsTest {
    @TempDir
    Path dir;

    private static boolean isStatement(Execution e) {
        return !e.endsSession() && e.connection() == null;
    }

    private LogFormatsTest.Read write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return LogFormatsTest.read(p);
    }

    private static List<Diagnostic> lost(LogFormatsTest.Read r) {
        return r.diagnostics().stream().filter(Diagnostic::inputLost).toList();
    }

    private static double durations(LogFormatsTest.Read r) {
        return r.executions().stream().mapToDouble(Execution::durationMs).filter(d -> !Double.isNaN(d)).sum();
    }

    /** Same statement groups, counts, per-session sequences (with parameters), sessions, plans and durations. */
    static void assertSameRun(LogFormatsTest.Read plain, LogFormatsTest.Read r) {
        String what = String.valueOf(r.kind());
        assertEquals(List.of(), lost(r), what);
        assertEquals(plain.counts(), r.counts(), what);
        assertEquals(plain.sequences(), r.sequences(), what);
        assertEquals(plain.executions().stream().map(Execution::session).distinct().count(),
                r.executions().stream().map(Execution::session).distinct().count(), "sessions " + what);
        assertEquals(plain.executions().stream().filter(Execution::endsSession).count(),
                r.executions().stream().filter(Execution::endsSession).count(), "session ends " + what);
        assertEquals(plain.executions().stream().filter(e -> e.plan() != null).count(),
                r.executions().stream().filter(e -> e.plan() != null).count(), "auto_explain plans " + what);
        assertEquals(durations(plain), durations(r), 1e-6, "durations " + what);
    }

    @Test
    void committedSamplesAreTheWrappingOfTheRealRun() throws IOException {
        String stderr = Files.readString(Samples.STDERR_LOG);
        String[][] expected = {
            {"formats/taskboard-cloudwatch-get-log-events.json", ProviderWrapping.cloudWatchDocument(stderr)},
            {"formats/taskboard-cloudwatch-tail.log", ProviderWrapping.cloudWatchTail(stderr, true)},
            {"formats/taskboard-azure-postgresqllogs.json", ProviderWrapping.azureStorage(stderr)},
            {"formats/taskboard-supabase-postgres-logs.json", ProviderWrapping.supabaseJson(Files.readString(LogFormatsTest.JSON), true)}};
        for (String[] e : expected) {
            Path p = Samples.ROOT.resolve(e[0]);
            if (Boolean.getBoolean("samples.write")) {
                Files.writeString(p, e[1], StandardCharsets.UTF_8);
            }
            assertEquals(e[1], Files.readString(p), e[0] + " (regenerate with -Dsamples.write=true)");
            assertSameRun(LogFormatsTest.read(Samples.STDERR_LOG), LogFormatsTest.read(p));
        }
    }

    @Test
    void cloudWatchGetLogEventsDocumentReadsAsItsStderrLog() throws IOException {
        String stderr = Files.readString(Samples.STDERR_LOG);
        LogFormatsTest.Read plain = LogFormatsTest.read(Samples.STDERR_LOG);
        assertTrue(plain.executions().stream().filter(ManagedLogExportsTest::isStatement).count() > 300);
        String doc = ProviderWrapping.cloudWatchDocument(stderr);
        assertTrue(doc.startsWith("{\n    \"nextForwardToken\""), doc.substring(0, 40)); // the CLI's layout, tokens first
        LogFormatsTest.Read r = write("get-log-events.json", doc);
        assertEquals(SourceKind.CLOUDWATCH, r.kind());
        assertSameRun(plain, r);
        assertTrue(r.diagnostics().stream().anyMatch(d -> d.message().contains("'%m [%p] %q%u@%d '")), r.diagnostics().toString());
        // pages appended to one file by a --next-token loop: each document's events, in order
        String[] lines = doc.split("\n");
        int half = lines.length / 2;
        while (!lines[half].equals("        },")) {
            half++;
        }
        String first = String.join("\n", java.util.Arrays.copyOfRange(lines, 0, half)) + "\n        }\n    ]\n}\n";
        String second = "{\n    \"events\": [\n" + String.join("\n", java.util.Arrays.copyOfRange(lines, half + 1, lines.length)) + "\n";
        LogFormatsTest.Read pages = write("pages.json", first + second);
        assertEquals(SourceKind.CLOUDWATCH, pages.kind());
        assertSameRun(plain, pages);
    }

    @Test
    void awsLogsTailLinesReadAsTheirStderrLog() throws IOException {
        String stderr = Files.readString(Samples.STDERR_LOG);
        LogFormatsTest.Read plain = LogFormatsTest.read(Samples.STDERR_LOG);
        LogFormatsTest.Read detailed = write("tail.log", ProviderWrapping.cloudWatchTail(stderr, true));
        LogFormatsTest.Read shortForm = write("tail-short.log", ProviderWrapping.cloudWatchTail(stderr, false));
        assertEquals(SourceKind.CLOUDWATCH_TAIL, detailed.kind());
        assertEquals(SourceKind.CLOUDWATCH_TAIL, shortForm.kind());
        assertSameRun(plain, detailed);
        assertSameRun(plain, shortForm);
        // the plain stderr log is not taken for tail lines, nor tail lines for a stderr log
        assertEquals(SourceKind.STDERR_LOG, plain.kind());
    }

    @Test
    void azurePostgreSqlLogsReadAsTheirStderrLog() throws IOException {
        String stderr = Files.readString(Samples.STDERR_LOG);
        LogFormatsTest.Read plain = LogFormatsTest.read(Samples.STDERR_LOG);
        LogFormatsTest.Read storage = write("PT1H.json", ProviderWrapping.azureStorage(stderr));
        LogFormatsTest.Read eventHub = write("eventhub.json", ProviderWrapping.azureEventHub(stderr));
        assertEquals(SourceKind.AZURE, storage.kind());
        assertEquals(SourceKind.AZURE, eventHub.kind());
        assertSameRun(plain, storage);
        assertSameRun(plain, eventHub);
        // bound parameters come from properties.detail
        assertTrue(storage.executions().stream().anyMatch(e -> e.params() != null && !e.params().isEmpty()));
    }

    @Test
    void azureSingleServerRecordsPutPrefixAndLevelApart() throws IOException {
        // the retired single server's shape, as pganalyze collector's tests hold it (prefix '%t-%c-')
        String records = """
                {"time":"2023-02-27T23:21:40Z","category":"PostgreSQLLogs","operationName":"LogEvent","properties":{"prefix":"2023-02-27 23:21:40 UTC-63fd3b04.cf0-","message":"duration: 0.120 ms  statement: select count(*) from pgbench_branches","detail":"","errorLevel":"LOG","domain":"postgres-11"}}
                {"time":"2023-02-27T23:21:40Z","category":"PostgreSQLLogs","operationName":"LogEvent","properties":{"prefix":"2023-02-27 23:21:40 UTC-63fd3b04.cfc-","message":"duration: 0.310 ms  execute <unnamed>: UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2;","detail":"parameters: $1 = '353', $2 = '9001050'","errorLevel":"LOG","domain":"postgres-11"}}
                """;
        LogFormatsTest.Read r = write("single.json", records);
        assertEquals(SourceKind.AZURE, r.kind());
        assertEquals(List.of(), lost(r));
        List<Execution> ex = r.executions().stream().filter(ManagedLogExportsTest::isStatement).toList();
        assertEquals(2, ex.size());
        assertEquals(List.of("353", "9001050"), ex.get(1).params());
        assertEquals("63fd3b04.cfc", ex.get(1).session());
        assertEquals(0.43, durations(r), 1e-9);
    }

    @Test
    void damagedExportsAreDiagnosticsWithLineAndOffsetAndTheRestIsRead() throws IOException {
        String stderr = Files.readString(Samples.STDERR_LOG);
        long all = LogFormatsTest.read(Samples.STDERR_LOG).executions().stream().filter(ManagedLogExportsTest::isStatement).count();
        // a storage blob with one broken record in the middle: that line only, not echoed
        String[] lines = ProviderWrapping.azureStorage(stderr).split("\n");
        int middle = lines.length / 2;
        while (lines[middle].contains("\"LOG\"") && lines[middle].contains("statement:")) {
            middle++; // a record that is no statement, so the count says exactly what was lost
        }
        lines[middle] = "{\"properties\":{\"message\":\"password=secret";
        LogFormatsTest.Read azure = write("damaged.json", String.join("\n", lines) + "\n");
        assertEquals(SourceKind.AZURE, azure.kind());
        assertEquals(1, lost(azure).size(), lost(azure).toString());
        assertEquals(middle + 1, lost(azure).get(0).line());
        assertTrue(lost(azure).get(0).offset() > 0);
        assertTrue(!lost(azure).get(0).message().contains("secret"), lost(azure).get(0).message());
        // a get-log-events document cut short: reading stops with the line and keeps what came before
        String doc = ProviderWrapping.cloudWatchDocument(stderr);
        LogFormatsTest.Read cut = write("cut.json", doc.substring(0, doc.length() / 2));
        assertEquals(SourceKind.CLOUDWATCH, cut.kind());
        assertEquals(1, lost(cut).size(), cut.diagnostics().toString());
        assertTrue(lost(cut).get(0).line() > 10 && lost(cut).get(0).offset() > 0, lost(cut).toString());
        long kept = cut.executions().stream().filter(ManagedLogExportsTest::isStatement).count();
        assertTrue(kept > all / 3 && kept < all, kept + " of " + all);
        // a line in a tail file that is neither an event nor a continuation
        String tail = ProviderWrapping.cloudWatchTail(stderr, true);
        int at = tail.indexOf('\n', tail.length() / 2) + 1;
        LogFormatsTest.Read tailed = write("tail.log", tail.substring(0, at) + "garbage token=secret\n" + tail.substring(at));
        assertEquals(1, lost(tailed).size(), lost(tailed).toString());
        assertTrue(lost(tailed).get(0).offset() == at && !lost(tailed).get(0).message().contains("secret"), lost(tailed).toString());
    }

    /**
     * Moves the next line of another backend in between a message's first chunk and its
     * continuation chunks: what syslog delivers when two backends log at once, since each chunk is
     * its own syslog call. Each backend's own lines keep their order; only a line from at most ten
     * lines further on is moved, as a real interleaving would be.
     */
    static String interleaved(String syslog, int[] moved) {
        java.util.regex.Pattern pid = java.util.regex.Pattern.compile("postgres\\[(\\d+)\\]: (?:\\[\\d+-(\\d+)\\] )?(#011)?");
        List<String> lines = new java.util.ArrayList<>(List.of(syslog.split("\n")));
        for (int i = 0; i + 1 < lines.size(); i++) {
            java.util.regex.Matcher first = pid.matcher(lines.get(i));
            if (!first.find() || first.group(3) != null) {
                continue;
            }
            int j = i + 1;
            while (j < lines.size() && lines.get(j).contains("postgres[" + first.group(1) + "]: ") && lines.get(j).contains("#011")) {
                j++;
            }
            int k = j;
            while (k < lines.size() && lines.get(k).contains("postgres[" + first.group(1) + "]: ")) {
                k++; // the same backend's next messages: the first other backend's line comes after them
            }
            java.util.regex.Matcher next = k < lines.size() ? pid.matcher(lines.get(k)) : null;
            if (j > i + 1 && k - j <= 10 && next != null && next.find() && next.group(3) == null) {
                lines.add(i + 1, lines.remove(k));
                moved[0]++;
                i = j;
            }
        }
        return String.join("\n", lines) + "\n";
    }

    @Test
    void syslogChunksAfterAnotherBackendsLineJoinTheirOwnMessage() throws IOException {
        String stderr = Files.readString(Samples.STDERR_LOG);
        LogFormatsTest.Read plain = LogFormatsTest.read(Samples.STDERR_LOG);
        for (boolean numbered : new boolean[] {true, false}) {
            int[] moved = {0};
            String text = interleaved(ProviderWrapping.syslog(stderr, numbered), moved);
            assertTrue(moved[0] >= 3, "messages interleaved: " + moved[0]);
            LogFormatsTest.Read r = write("interleaved.log", text);
            assertEquals(SourceKind.SYSLOG, r.kind());
            assertSameRun(plain, r);
        }
    }

    @Test
    void pgBadgerTimezonesFixtureWithOneSpaceAfterTheLevel() {
        // pgBadger's t/fixtures/pg-timezones.log: "LOG: duration: ..." with one space, prefix %t:%h:%u@%d:[%p]:
        LogFormatsTest.Read r = LogFormatsTest.read(ManagedLogFormatsTest.PGBADGER.resolve("pg-timezones.log"));
        assertEquals(SourceKind.STDERR_LOG, r.kind());
        assertEquals(List.of(), lost(r));
        List<Execution> ex = r.executions().stream().filter(ManagedLogExportsTest::isStatement).toList();
        assertEquals(List.of("SELECT * FROM t1;", "UPDATE t1 SET c1=1;"), ex.stream().map(Execution::sql).toList());
        assertEquals(List.of(0.054, 0.060), ex.stream().map(Execution::durationMs).toList());
        assertEquals(List.of("24743", "19003"), ex.stream().map(Execution::session).toList());
        // t/03_consistency.t reads it with --log-timezone +5 as 12:00:00 to 12:46:39: the log's own times are UTC 17:00 to 17:46:39
        assertEquals(List.of(java.time.Instant.parse("2021-05-27T17:00:00Z"), java.time.Instant.parse("2021-05-27T17:46:39Z")),
                ex.stream().map(Execution::timestamp).toList());
    }

    /** Same groups, counts, per-session sequences, the same session keys, plans and durations as the run's jsonlog. */
    private static void assertSameAsJsonlog(LogFormatsTest.Read jsonlog, LogFormatsTest.Read r) {
        assertSameRun(jsonlog, r);
        assertEquals(jsonlog.executions().stream().map(Execution::session).distinct().sorted().toList(),
                r.executions().stream().map(Execution::session).distinct().sorted().toList());
    }

    @Test
    void supabaseLogsExplorerExportsReadAsTheRunsJsonlog() throws IOException {
        String json = Files.readString(LogFormatsTest.JSON);
        LogFormatsTest.Read jsonlog = LogFormatsTest.read(LogFormatsTest.JSON);
        LogFormatsTest.Read nested = write("supabase-logs.json", ProviderWrapping.supabaseJson(json, true));
        LogFormatsTest.Read flat = write("supabase-flat.json", ProviderWrapping.supabaseJson(json, false));
        LogFormatsTest.Read csv = write("supabase_logs.csv", ProviderWrapping.supabaseCsv(json));
        for (LogFormatsTest.Read r : List.of(nested, flat, csv)) {
            assertEquals(SourceKind.SUPABASE, r.kind());
            assertSameAsJsonlog(jsonlog, r);
        }
        // the explorer's default query selects no session: the counts hold, the sessions are one, and a note says so
        List<com.fasterxml.jackson.databind.node.ObjectNode> rows = ProviderWrapping.supabaseRows(json, false);
        rows.forEach(r -> r.remove(List.of("session_id", "user_name")));
        LogFormatsTest.Read sessionless = write("default-query.json", new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(rows));
        assertEquals(jsonlog.counts(), sessionless.counts());
        assertTrue(sessionless.diagnostics().stream().anyMatch(d -> !d.inputLost() && d.message().contains("parsed.session_id")),
                sessionless.diagnostics().toString());
    }

    @Test
    void damagedSupabaseCsvRowIsADiagnosticAndTheRestIsRead() throws IOException {
        String csv = ProviderWrapping.supabaseCsv(Files.readString(LogFormatsTest.JSON));
        String[] lines = csv.split("\n", -1);
        int middle = lines.length / 2;
        while (lines[middle].contains("statement: ") || lines[middle].contains("execute ") || !lines[middle].startsWith("\"")) {
            middle++;
        }
        lines[middle] = "\"1795596430000000\",\"password=secret";
        LogFormatsTest.Read r = write("supabase_logs.csv", String.join("\n", java.util.Arrays.copyOfRange(lines, 0, middle)) + "\n"
                + lines[middle] + "\"\n" + String.join("\n", java.util.Arrays.copyOfRange(lines, middle + 1, lines.length)));
        assertEquals(SourceKind.SUPABASE, r.kind());
        assertEquals(1, lost(r).size(), lost(r).toString());
        assertEquals(middle + 1, lost(r).get(0).line());
        assertTrue(lost(r).get(0).offset() > 0 && !lost(r).get(0).message().contains("secret"), lost(r).toString());
    }
}
