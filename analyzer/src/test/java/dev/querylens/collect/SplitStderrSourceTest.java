package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.Samples;
import dev.querylens.cli.QueryLensCommand;
import dev.querylens.sql.Fingerprint;
import dev.querylens.workload.PgbenchLogs;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 30: a stderr log cut into byte ranges and read on several threads must give exactly what
 * one reader gives: the same executions (with the same fingerprints, worked out ahead or not) and
 * diagnostics, in the same order, and the same report, stdout, stderr and exit code. Inputs: every
 * stderr log among the samples (the ORM captures included), pgBadger's own test logs, a pgbench log
 * with auto_explain plans, logs pgbench writes on a real PostgreSQL here in all three protocols, and
 * damaged versions of them (lost lines, a log_line_prefix that changes and changes back, NUL bytes,
 * invalid UTF-8, CRLF, tabs expanded, blank lines, truncation, a BOM). Each is read in 2, 3 and 7
 * ranges, and cut at every entry there is (more ranges than entries asked for, so ranges start at
 * the very first and the very last entry).
 */
class SplitStderrSourceTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path PGBENCH = Path.of("src/test/resources/corpus/logs/pgbench/pgbench-tpcb-auto-explain.log");
    private static final Path PGBADGER = Path.of("src/test/resources/corpus/logs/pgbadger");

    @TempDir
    static Path dir;
    private static PgbenchLogs server;
    private static List<Path> logs;

    @BeforeAll
    static void inputs() throws Exception {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> walk = Stream.concat(Files.walk(Samples.ROOT), Files.walk(PGBADGER))) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                Path plain = p;
                if (p.toString().endsWith(".gz")) {
                    plain = dir.resolve(p.toString().replaceAll("[^A-Za-z0-9.]+", "_").replaceAll("\\.gz$", ""));
                    try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
                        Files.write(plain, in.readAllBytes());
                    }
                }
                if (new InputFiles(null, MAPPER).kindOf(plain) == SourceKind.STDERR_LOG) {
                    found.add(plain);
                }
            }
        }
        found.add(PGBENCH);
        server = PgbenchLogs.start(Files.createDirectories(dir.resolve("pgbench")));
        for (PgbenchLogs.Mode mode : PgbenchLogs.Mode.values()) {
            found.add(server.run(PgbenchLogs.Script.tpcb, mode).stderr());
        }
        found.add(server.run(PgbenchLogs.Script.loop, PgbenchLogs.Mode.extended).stderr());
        logs = found;
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** Everything a read gives the consumer, in order: executions with their statements' fingerprints as asked, and diagnostics. */
    private static List<String> read(InputFiles files, Path log) {
        FingerprintsAhead ahead = new FingerprintsAhead();
        List<String> seen = new ArrayList<>();
        SourceKind kind = files.read(log, e -> {
            StringBuilder b = new StringBuilder(e.toString());
            List<String> statements = ahead.statementsOf(e);
            for (String statement : statements == null ? List.of(e.sql() == null ? "" : e.sql()) : statements) {
                List<String> constants = e.session() != null && e.params().isEmpty() ? new ArrayList<>() : null;
                Fingerprint f = ahead.fingerprint(statement, constants);
                b.append("\n  fingerprint ").append(f).append(' ').append(constants);
            }
            seen.add(b.toString());
        }, d -> seen.add("diagnostic " + d), ahead);
        seen.add("read as " + kind);
        return seen;
    }

    private static long lines(Path log) throws IOException {
        try (Stream<String> l = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return l.count();
        }
    }

    /** The single reader's result against the split reader's: 2, 3 and 7 ranges, and one at every entry. */
    private static void splitReadsAsOne(Path log) throws IOException {
        List<String> single = read(new InputFiles(null, MAPPER).readingIn(1, 0), log);
        for (int ranges : new int[] {2, 3, 7, (int) lines(log) + 10}) {
            List<String> split = read(new InputFiles(null, MAPPER).readingIn(Math.min(ranges, 3), ranges), log);
            assertEquals(single.size(), split.size(), log + " in " + ranges + " ranges");
            for (int i = 0; i < single.size(); i++) {
                assertEquals(single.get(i), split.get(i), log + " in " + ranges + " ranges, item " + i);
            }
        }
    }

    @Test
    void everyRealStderrLogReadInRangesGivesWhatOneReaderGives() throws IOException {
        assertTrue(logs.size() >= 20, "the samples' and pgBadger's stderr logs were found: " + logs);
        for (Path log : logs) {
            splitReadsAsOne(log);
        }
    }

    @Test
    void theLogsAreReallyCutAtEntriesAndAtEveryEntryWhenAskedForMoreRangesThanThereAre() throws IOException {
        LogLinePrefix prefix = LogLinePrefix.compile("%m [%p] %q%u@%d ");
        byte[] bytes = Files.readAllBytes(PGBENCH);
        long entries = 0;
        for (int i = 0; i < bytes.length; i++) {
            if ((i == 0 || bytes[i - 1] == '\n') && bytes[i] == '2') {
                entries++;
            }
        }
        try (FileChannel channel = FileChannel.open(PGBENCH)) {
            for (int n : new int[] {2, 3, 7}) {
                long[] starts = LogRanges.cut(channel, bytes.length, n, prefix);
                assertEquals(n, starts.length, "ranges");
                for (long s : starts) {
                    assertTrue(s == 0 || bytes[(int) s - 1] == '\n' && bytes[(int) s] == '2', "a cut at an entry: " + s);
                }
            }
            long[] every = LogRanges.cut(channel, bytes.length, bytes.length, prefix);
            assertEquals(entries, every.length, "a range per entry, however many more were asked for");
        }
    }

    /**
     * The workers' reading is what is used, not a second reading on the interpreting thread: only the
     * ranges where log_line_prefix changed (and one after a range that ended on another prefix) are
     * read again; on a clean log none is.
     */
    @Test
    void onlyRangesWhoseLinesLeaveTheFirstPrefixAreReadAgain() throws IOException {
        LogLinePrefix prefix = LogLinePrefix.compile("%m [%p] %q%u@%d ");
        Path changed = Files.write(dir.resolve("prefix-changes.log"), damage(Files.readAllBytes(PGBENCH), 2, new Random(1)));
        long[] again = new long[2];
        List<Path> inputs = List.of(PGBENCH, changed);
        for (int i = 0; i < 2; i++) {
            Path log = inputs.get(i);
            try (FileChannel channel = FileChannel.open(log)) {
                long[] starts = LogRanges.cut(channel, Files.size(log), 12, prefix);
                // no cut falls where the lines have the other prefix: about a third of the cuts are not made
                assertTrue(i == 0 ? starts.length == 12 : starts.length >= 7 && starts.length <= 10, "ranges: " + starts.length);
                SplitStderrSource split = new SplitStderrSource(log.toString(), channel, Files.size(log), starts, prefix, 3, true, null);
                List<Execution> executions = new ArrayList<>();
                split.read(executions::add, d -> { });
                assertTrue(executions.size() > 1500, "executions: " + executions.size());
                again[i] = split.readAgain();
            }
        }
        assertEquals(0, again[0], "a clean log: every range as its worker read it");
        // the lines with the other prefix lie in the one or two ranges around them (no cut falls among them)
        assertTrue(again[1] >= 1 && again[1] <= 2, "ranges read again: " + again[1]);
    }

    /** Damage of every kind the single reader reports, at places ranges start and end, in logs of three prefixes. */
    @Test
    void damagedLogsReadInRangesGiveTheSameDiagnosticsAtTheSameLinesAndOffsets() throws IOException {
        List<Path> bases = List.of(PGBENCH, Samples.STDERR_LOG, PGBADGER.resolve("multiline_param.log"), logs.get(logs.size() - 3));
        int made = 0;
        for (Path base : bases) {
            byte[] bytes = Files.readAllBytes(base);
            for (int variant = 0; variant < 12; variant++) {
                Random random = new Random(variant * 7919L + base.getFileName().hashCode());
                Path damaged = Files.write(dir.resolve("damaged-" + made++ + ".log"), damage(bytes, variant, random));
                splitReadsAsOne(damaged);
            }
        }
    }

    /** The whole run, through the CLI: report, stdout, stderr and exit code as one reader gives them. */
    @Test
    void theReportsStdoutStderrAndExitCodeAreByteIdentical() throws Exception {
        byte[] base = Files.readAllBytes(PGBENCH);
        List<Path> inputs = new ArrayList<>(List.of(PGBENCH, Samples.STDERR_LOG, logs.get(logs.size() - 3), logs.get(logs.size() - 1),
                Files.write(dir.resolve("damaged-prefix.log"), damage(base, 11, new Random(3))),
                Files.write(dir.resolve("damaged-lost.log"), damage(base, 0, new Random(4)))));
        for (Path input : inputs) {
            Path out = dir.resolve("report.json");
            Run single = run(null, input, out);
            for (String readers : new String[] {"2", "3", "7"}) {
                Run split = run(readers, input, out);
                assertEquals(single.exit(), split.exit(), input + " readers " + readers);
                assertEquals(single.out(), split.out(), input + " readers " + readers);
                assertEquals(single.err(), split.err(), input + " readers " + readers);
                assertArrayEquals(single.report(), split.report(), input + " readers " + readers + ": the JSON report");
            }
            assertTrue(new String(single.report(), StandardCharsets.UTF_8).contains("\"statements\""), "a report was written");
        }
    }

    private record Run(int exit, String out, String err, byte[] report) {
    }

    private static Run run(String readers, Path input, Path out) throws IOException {
        Files.deleteIfExists(out);
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        var cli = QueryLensCommand.commandLine();
        cli.setOut(new PrintWriter(stdout));
        cli.setErr(new PrintWriter(stderr));
        String before = System.getProperty("querylens.readers");
        try {
            if (readers != null) {
                System.setProperty("querylens.readers", readers);
            } else {
                System.clearProperty("querylens.readers");
            }
            int exit = cli.execute("analyze", "--format", "json", "-o", out.toString(), input.toString());
            return new Run(exit, stdout.toString(), stderr.toString(), Files.readAllBytes(out));
        } finally {
            if (before == null) {
                System.clearProperty("querylens.readers");
            } else {
                System.setProperty("querylens.readers", before);
            }
        }
    }

    private static final Pattern PREFIX = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d)\\.\\d+ (\\w+) \\[(\\d+)\\] ");

    /** One kind of damage (variant 11: all of them) at random places, seeded. */
    private static byte[] damage(byte[] bytes, int variant, Random random) {
        List<String> lines = new ArrayList<>(List.of(new String(bytes, StandardCharsets.ISO_8859_1).split("\n", -1)));
        boolean all = variant == 11;
        if (variant == 0 || all) { // lines that fit no prefix: lost, with a diagnostic
            for (int i = 0; i < 25; i++) {
                lines.add(random.nextInt(lines.size()), "garbage " + i + ": not a log line");
            }
        }
        if (variant == 1 || all) { // entry lines deleted: continuations without their entry, at places a range may start
            for (int i = 0; i < 25 && lines.size() > 2; i++) {
                lines.remove(random.nextInt(lines.size()));
            }
        }
        if (variant == 2 || all) { // log_line_prefix changes in the middle and changes back
            int from = lines.size() / 3;
            int to = 2 * lines.size() / 3;
            for (int i = from; i < to; i++) {
                Matcher m = PREFIX.matcher(lines.get(i));
                if (m.find()) {
                    lines.set(i, m.replaceFirst("$1 $2 [$3]: "));
                }
            }
        }
        if (variant == 3 || all) { // continuation tabs expanded to spaces
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("\t") && random.nextBoolean()) {
                    lines.set(i, "    " + lines.get(i).substring(1));
                }
            }
        }
        if (variant == 4 || all) { // blank lines
            for (int i = 0; i < 25; i++) {
                lines.add(random.nextInt(lines.size()), random.nextBoolean() ? "" : "   ");
            }
        }
        if (variant == 5 || all) { // CRLF endings on some lines
            for (int i = 0; i < lines.size(); i++) {
                if (random.nextInt(3) == 0) {
                    lines.set(i, lines.get(i) + "\r");
                }
            }
        }
        byte[] out = String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
        if (variant == 6 || all) { // NUL bytes and invalid UTF-8 (never a line feed)
            for (int i = 0; i < 40; i++) {
                int at = random.nextInt(out.length);
                if (out[at] != '\n') {
                    out[at] = (byte) (i % 3 == 0 ? 0 : i % 3 == 1 ? 0xC3 : 0xFF);
                }
            }
        }
        if (variant == 7 || all) { // truncated anywhere, inside an entry or a UTF-8 sequence
            out = java.util.Arrays.copyOf(out, 1 + random.nextInt(out.length - 1));
        }
        if (variant == 8) { // a byte order mark
            byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
            byte[] with = new byte[out.length + 3];
            System.arraycopy(bom, 0, with, 0, 3);
            System.arraycopy(out, 0, with, 3, out.length);
            out = with;
        }
        if (variant == 9) { // lone CRs on half the lines: those are line ends too, but no range starts after one
            String text = new String(out, StandardCharsets.ISO_8859_1);
            StringBuilder b = new StringBuilder();
            for (String line : text.split("\n", -1)) {
                b.append(line).append(random.nextBoolean() ? "\r" : "\n");
            }
            out = b.toString().getBytes(StandardCharsets.ISO_8859_1);
        }
        if (variant == 10) { // a line longer than the window a cut looks at
            String text = new String(out, StandardCharsets.ISO_8859_1);
            int at = text.indexOf("\n", text.length() / 2) + 1;
            out = (text.substring(0, at) + text.substring(at, text.indexOf('\n', at)) + " " + "x".repeat(70_000)
                    + text.substring(text.indexOf('\n', at))).getBytes(StandardCharsets.ISO_8859_1);
        }
        return out;
    }
}
