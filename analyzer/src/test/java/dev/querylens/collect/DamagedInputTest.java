package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.Samples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13: damaged input never crashes a reader and never loses what was readable. Each test
 * is one reported failure, read through {@link InputFiles} as the CLI reads a file.
 */
class DamagedInputTest {
    private static final String PREFIX = "2026-11-25 08:47:17.857 UTC [5323] app@taskboard ";

    @TempDir
    Path dir;

    private static LogFormatsTest.Read read(Path p) {
        return LogFormatsTest.read(p);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private Path write(String name, String text) throws IOException {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Diagnostic> lost(LogFormatsTest.Read r) {
        return r.diagnostics().stream().filter(Diagnostic::inputLost).toList();
    }

    private static String execute(String sql) {
        return PREFIX + "LOG:  duration: 0.100 ms  execute <unnamed>: " + sql + "\n";
    }

    @Test
    void aParameterNumberedInTheBillionsIsSkippedNotAllocated() throws Exception {
        Path log = write("huge-param.log", execute("select * from t where a = $1")
                + PREFIX + "DETAIL:  parameters: $1000000000 = '1'\n"
                + execute("select * from t where a = $1")
                + PREFIX + "DETAIL:  parameters: $1 = '2'\n");
        LogFormatsTest.Read r = read(log);
        assertEquals(2, r.executions().size());
        assertEquals(List.of(), r.executions().get(0).params());
        assertEquals(List.of("2"), r.executions().get(1).params());
        assertEquals(1, lost(r).size(), r.diagnostics().toString());
        assertEquals(2, lost(r).get(0).line());
    }

    @Test
    void anAutoExplainTextPlan700LevelsDeepIsCutWithADiagnostic() throws Exception {
        StringBuilder plan = new StringBuilder(PREFIX + "LOG:  duration: 1.000 ms  plan:\n\tQuery Text: select 1\n");
        for (int depth = 0; depth < 700; depth++) {
            plan.append('\t').append("  ".repeat(depth * 3)).append(depth == 0 ? "" : "->  ")
                    .append("Nested Loop  (cost=0.00..1.00 rows=1 width=4)\n");
        }
        Path log = write("deep-plan.log", plan + PREFIX + "LOG:  duration: 1.000 ms  statement: select 1\n");
        LogFormatsTest.Read r = read(log);
        assertEquals(1, r.executions().size(), r.diagnostics().toString());
        assertNotNull(r.executions().get(0).plan(), "the plan is kept, cut at its depth limit");
        assertEquals(1, lost(r).size(), r.diagnostics().toString());
        assertTrue(lost(r).get(0).message().contains("deeper nodes left out"), lost(r).toString());
    }

    @Test
    void anExplainJsonPlan600LevelsDeepKeepsItsFirst128Levels() throws Exception {
        String node = "{\"Node Type\": \"Seq Scan\", \"Total Cost\": 1.0, \"Plan Rows\": 1}";
        for (int i = 0; i < 600; i++) {
            node = "{\"Node Type\": \"Nested Loop\", \"Total Cost\": 1.0, \"Plan Rows\": 1, \"Plans\": [" + node + "]}";
        }
        LogFormatsTest.Read r = read(write("deep-plan.json", "[{\"Plan\": " + node + "}]"));
        assertEquals(1, r.executions().size(), r.diagnostics().toString());
        assertEquals(dev.querylens.plan.PlanNode.MAX_DEPTH, r.executions().get(0).plan().walk().count());
        assertEquals(1, lost(r).size(), r.diagnostics().toString());
        assertTrue(lost(r).get(0).message().contains((601 - dev.querylens.plan.PlanNode.MAX_DEPTH) + " deeper nodes"), lost(r).toString());
    }

    @Test
    void anExplainFileDamagedAfterItsFirstPlanKeepsThatPlan() throws Exception {
        String plan = Files.readString(Samples.PLANS.resolve("comments-of-task.json")).strip();
        String damaged = plan + "\n" + plan.substring(0, plan.length() / 2);
        LogFormatsTest.Read r = read(write("two-plans.json", damaged));
        assertEquals(1, r.executions().size(), r.diagnostics().toString());
        Diagnostic d = lost(r).get(0);
        assertTrue(d.offset() > plan.length(), d.toString());
        assertFalse(d.message().contains("task_id"), d.toString());
    }

    @Test
    void anAutoExplainJsonPlanWithNoPlanIsADiagnostic() throws Exception {
        LogFormatsTest.Read r = read(write("empty-plan.log", PREFIX + "LOG:  duration: 1.000 ms  plan:\n\t[]\n"
                + PREFIX + "LOG:  duration: 1.000 ms  statement: select 1\n"));
        assertEquals(1, r.executions().size());
        assertEquals(1, lost(r).size(), r.diagnostics().toString());
        assertTrue(lost(r).get(0).message().contains("no plan"), r.diagnostics().toString());
    }

    @Test
    void aThousandCommentLinesAtTheTopOfANonSqlFileStillReadAsSql() throws Exception {
        Path f = write("queries.txt", "-- generated, do not edit\n".repeat(1000) + "select 1;\nselect 2;\n");
        LogFormatsTest.Read r = read(f);
        assertEquals(SourceKind.SQL_FILE, r.kind(), r.diagnostics().toString());
        assertEquals(2, r.executions().size());
    }

    @Test
    void aCommentHeaderLongerThanTheProbeStillReadsAsSql() throws Exception {
        Path f = write("queries.txt", "-- licence text, line after line of it\n".repeat(3000) + "select 1;\n");
        LogFormatsTest.Read r = read(f);
        assertEquals(SourceKind.SQL_FILE, r.kind(), r.diagnostics().toString());
        assertEquals(1, r.executions().size());
    }

    @Test
    void aTruncatedGzipKeepsEverythingBeforeTheDamageAndSaysWhere() throws Exception {
        byte[] log = Files.readAllBytes(Samples.STDERR_LOG);
        byte[] gz = gzip(log);
        Path cut = write("cut.log.gz", Arrays.copyOf(gz, gz.length * 9 / 10));
        LogFormatsTest.Read whole = read(Samples.STDERR_LOG);
        LogFormatsTest.Read r = read(cut);
        assertEquals(SourceKind.STDERR_LOG, r.kind());
        assertTrue(r.executions().size() > whole.executions().size() / 2,
                r.executions().size() + " of " + whole.executions().size() + " kept");
        Diagnostic d = lost(r).stream().filter(x -> x.message().contains("damaged")).findFirst()
                .orElseThrow(() -> new AssertionError(r.diagnostics().toString()));
        assertTrue(d.line() > 100, d.toString());
        assertTrue(d.offset() > 0, d.toString());
    }

    @Test
    void aCorruptGzipKeepsWhatDecompressedBeforeTheCorruption() throws Exception {
        byte[] gz = gzip(Files.readAllBytes(Samples.STDERR_LOG));
        for (int i = gz.length * 3 / 4; i < gz.length * 3 / 4 + 64; i++) {
            gz[i] ^= (byte) 0x5A;
        }
        LogFormatsTest.Read r = read(write("corrupt.log.gz", gz));
        assertEquals(SourceKind.STDERR_LOG, r.kind());
        assertTrue(r.executions().size() > 100, String.valueOf(r.executions().size()));
        assertFalse(lost(r).isEmpty(), r.diagnostics().toString());
    }

    @Test
    void oneNulByteIsRepairedOnItsLineNotABinaryFile() throws Exception {
        byte[] log = Files.readAllBytes(Samples.STDERR_LOG);
        int at = indexOf(log, "select id, name, plan from organizations");
        log[at + 3] = 0;
        log[at + 10] = (byte) 0xC3; // an invalid UTF-8 sequence too
        LogFormatsTest.Read whole = read(Samples.STDERR_LOG);
        LogFormatsTest.Read r = read(write("nul.log", log));
        assertEquals(SourceKind.STDERR_LOG, r.kind(), r.diagnostics().toString());
        assertEquals(whole.executions().size(), r.executions().size());
        List<Diagnostic> repairs = r.diagnostics().stream().filter(d -> d.message().contains("U+FFFD")).toList();
        assertEquals(1, repairs.size(), r.diagnostics().toString());
        assertTrue(repairs.get(0).message().startsWith("2 "), repairs.toString());
        assertEquals(lineOf(log, at + 3), repairs.get(0).line());
        assertEquals(at + 3, repairs.get(0).offset());
    }

    @Test
    void aUtf8ByteOrderMarkIsSkippedInEveryFormat() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        for (Path sample : List.of(LogFormatsTest.CSV, LogFormatsTest.JSON, Samples.PLANS.resolve("comments-of-task.json"),
                Samples.STDERR_LOG)) {
            LogFormatsTest.Read plain = read(sample);
            LogFormatsTest.Read r = read(write("bom-" + sample.getFileName(), concat(bom, Files.readAllBytes(sample))));
            assertEquals(plain.kind(), r.kind(), sample + ": " + r.diagnostics());
            assertEquals(plain.executions().size(), r.executions().size(), sample.toString());
        }
        LogFormatsTest.Read trace = read(write("bom-trace.jsonl", concat(bom,
                "{\"sql\":\"select 1\",\"connection\":\"c1\"}\n".getBytes(StandardCharsets.UTF_8))));
        assertEquals(SourceKind.JDBC_TRACE, trace.kind(), trace.diagnostics().toString());
        LogFormatsTest.Read pgss = read(write("bom-pgss.json", concat(bom,
                "[{\"query\":\"select 1\",\"calls\":3,\"total_exec_time\":1.5}]".getBytes(StandardCharsets.UTF_8))));
        assertEquals(SourceKind.PG_STAT_STATEMENTS, pgss.kind(), pgss.diagnostics().toString());
        assertEquals(1, pgss.executions().size());
    }

    @Test
    void utf16WithAByteOrderMarkIsDecoded() throws Exception {
        String text = Files.readString(Samples.STDERR_LOG);
        LogFormatsTest.Read whole = read(Samples.STDERR_LOG);
        byte[] le = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, text.getBytes(StandardCharsets.UTF_16LE));
        LogFormatsTest.Read r = read(write("utf16.log", le));
        assertEquals(SourceKind.STDERR_LOG, r.kind(), r.diagnostics().toString());
        assertEquals(whole.executions().size(), r.executions().size());
        LogFormatsTest.Read be = read(write("utf16be.sql", concat(new byte[] {(byte) 0xFE, (byte) 0xFF},
                "select 1;\nselect 2;\n".getBytes(StandardCharsets.UTF_16BE))));
        assertEquals(2, be.executions().size(), be.diagnostics().toString());
    }

    @Test
    void utf16WithoutAByteOrderMarkIsNamed() throws Exception {
        LogFormatsTest.Read r = read(write("utf16-nobom.log", Files.readString(Samples.STDERR_LOG).getBytes(StandardCharsets.UTF_16LE)));
        assertEquals(1, lost(r).size(), r.diagnostics().toString());
        assertTrue(lost(r).get(0).message().contains("UTF-16"), r.diagnostics().toString());
    }

    @Test
    void aCsvlogWhoseQuotedFieldNeverClosesSaysWhereItOpened() throws Exception {
        List<String> lines = Files.readAllLines(LogFormatsTest.CSV);
        int cut = 400;
        int quote = lines.get(cut).indexOf(",\"") + 2; // a file cut inside the record's quoted message
        assertTrue(quote > 2);
        String damaged = String.join("\n", lines.subList(0, cut)) + "\n" + lines.get(cut).substring(0, quote) + "select 1\nfrom t\n";
        LogFormatsTest.Read r = read(write("stray-quote.csv", damaged));
        LogFormatsTest.Read prefix = read(write("prefix.csv", String.join("\n", lines.subList(0, cut)) + "\n"));
        assertTrue(r.executions().size() >= prefix.executions().size());
        assertTrue(lost(r).stream().anyMatch(d -> d.line() == cut + 1 && d.message().contains("never closed")), r.diagnostics().toString());
    }

    @Test
    void aPgStatStatementsJsonArrayDamagedInTheMiddleKeepsTheRowsBefore() throws Exception {
        StringBuilder rows = new StringBuilder("[\n");
        for (int i = 0; i < 50; i++) {
            rows.append("  {\"query\": \"select ").append(i).append(" from t where a = $1\", \"calls\": 3, \"total_exec_time\": 1.5},\n");
        }
        rows.append("  {\"query\": \"select broken\", \"calls\": 3, tot");
        LogFormatsTest.Read r = read(write("pgss.json", rows.toString()));
        assertEquals(SourceKind.PG_STAT_STATEMENTS, r.kind());
        assertEquals(50, r.executions().size(), r.diagnostics().toString());
        assertEquals(1, lost(r).size(), r.diagnostics().toString());
    }

    @Test
    void aTraceWhoseFirstLineIsLongerThanTheProbeIsRecognised() throws Exception {
        String longSql = "select " + "1, ".repeat(40_000) + "1";
        Path trace = write("trace.out", "{\"sql\":\"" + longSql + "\",\"connection\":\"c1\"}\n{\"sql\":\"select 2\",\"connection\":\"c1\"}\n");
        LogFormatsTest.Read r = read(trace);
        assertEquals(SourceKind.JDBC_TRACE, r.kind(), r.diagnostics().toString());
        assertEquals(2, r.executions().size());
    }

    @Test
    void crOnlyAndCrlfLineEndingsSplitSqlFiles() throws Exception {
        String script = "-- reports\nselect 1;\n-- second\nselect 2;\n";
        for (String ending : List.of("\r", "\r\n")) {
            LogFormatsTest.Read r = read(write("cr" + ending.length() + ".sql", script.replace("\n", ending)));
            assertEquals(2, r.executions().size(), r.diagnostics().toString());
            assertEquals(4, r.executions().get(1).location().line());
        }
        LogFormatsTest.Read log = read(write("cr.log", Files.readString(Samples.STDERR_LOG).replace("\n", "\r")));
        assertEquals(read(Samples.STDERR_LOG).executions().size(), log.executions().size());
    }

    @Test
    void anUnterminatedCommentStringOrDollarQuoteIsReportedAtItsOpening() throws Exception {
        for (String opener : List.of("/* forgot to close", "'never closed", "$body$ never closed", "\"never closed")) {
            LogFormatsTest.Read r = read(write("unclosed.sql", "select 1;\nselect 2;\nselect " + opener + ";\nselect 3;\n"));
            assertTrue(r.executions().size() >= 2, opener + ": " + r.executions());
            assertEquals(1, lost(r).size(), opener + ": " + r.diagnostics());
            Diagnostic d = lost(r).get(0);
            assertEquals(3, d.line(), d.toString());
            assertEquals("select 1;\nselect 2;\nselect ".length(), d.offset(), d.toString());
            assertTrue(d.message().startsWith("unterminated "), d.toString());
        }
    }

    @Test
    void bzip2XzAndZstdAreRead() throws Exception {
        byte[] log = Files.readAllBytes(Samples.STDERR_LOG);
        int expected = read(Samples.STDERR_LOG).executions().size();
        for (String suffix : List.of("bz2", "xz", "zst")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (OutputStream c = switch (suffix) {
                case "bz2" -> new BZip2CompressorOutputStream(out);
                case "xz" -> new XZCompressorOutputStream(out);
                default -> new ZstdCompressorOutputStream(out);
            }) {
                c.write(log);
            }
            LogFormatsTest.Read r = read(write("log." + suffix, out.toByteArray()));
            assertEquals(SourceKind.STDERR_LOG, r.kind(), suffix + ": " + r.diagnostics());
            assertEquals(expected, r.executions().size(), suffix);
            byte[] cut = Arrays.copyOf(out.toByteArray(), out.size() / 2);
            LogFormatsTest.Read half = read(write("cut.log." + suffix, cut));
            assertFalse(lost(half).isEmpty(), suffix + " cut in half: " + half.diagnostics());
        }
    }

    @Test
    void diagnosticsNeverEchoTheLinesTheyCouldNotRead() throws Exception {
        String secret = "password=hunter2 carol@example.org";
        Path log = write("secret.log", execute("select 1") + secret + "\n" + execute("select 2"));
        Path json = write("secret.json", "{\"error_severity\":\"LOG\",\"message\":\"x\"}\n{" + secret + "\n");
        Path csv = write("secret.csv", "2026-11-25 08:47:08.694 UTC,,,5279,,6b06a08c.149f,1,,2026-11-25 08:47:08 UTC,,0,LOG,00000,"
                + "\"x\",,,,,,,,,\"\",\"postmaster\",,0\n" + "2026-11-25 08:47:08.694 UTC," + secret + "\n");
        Path trace = write("secret.jsonl", "{\"sql\":\"select 1\"}\n{\"sql\":" + secret + "}\n");
        Path plan = write("secret-plan.json", "[{\"Plan\": {\"Node Type\": " + secret + "}}]");
        Path pgss = write("secret-pgss.json", "[{\"query\":\"select 1\",\"calls\":\"" + secret + "\"}, {" + secret + "}]");
        for (Path p : List.of(log, json, csv, trace, plan, pgss)) {
            LogFormatsTest.Read r = read(p);
            assertFalse(r.diagnostics().isEmpty(), p.toString());
            for (Diagnostic d : r.diagnostics()) {
                assertFalse(d.message().contains("hunter2") || d.message().contains("carol"), p + ": " + d);
            }
            assertTrue(r.diagnostics().stream().anyMatch(Diagnostic::inputLost), p + ": " + r.diagnostics());
        }
    }

    @Test
    void aFileOfUnreadableLinesGivesAHundredDiagnosticsAndACount() throws Exception {
        Path log = write("noise.log", execute("select 1") + "not a log line\n".repeat(5000) + execute("select 2"));
        List<Execution> executions = new java.util.ArrayList<>();
        List<Diagnostic> diagnostics = new java.util.ArrayList<>();
        SourceKind kind = new InputFiles(null, new com.fasterxml.jackson.databind.ObjectMapper(), SourceKind.STDERR_LOG)
                .read(log, executions::add, diagnostics::add); // as --source-format stderr-log reads it
        LogFormatsTest.Read r = new LogFormatsTest.Read(kind, executions, diagnostics);
        assertEquals(2, r.executions().size());
        assertEquals(FileDiagnostics.LISTED + 1, r.diagnostics().size());
        Diagnostic last = r.diagnostics().get(r.diagnostics().size() - 1);
        assertTrue(last.inputLost() && last.message().startsWith((5000 - FileDiagnostics.LISTED) + " more"), last.toString());
        assertEquals(FileDiagnostics.LISTED + 2, last.line());
        Diagnostic first = r.diagnostics().get(0);
        assertEquals(2, first.line());
        assertEquals(execute("select 1").length(), first.offset(), "byte offset of the unreadable line");
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int indexOf(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int k = 0; k < n.length; k++) {
                if (haystack[i + k] != n[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not in the sample: " + needle);
    }

    private static long lineOf(byte[] bytes, int offset) {
        long line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
