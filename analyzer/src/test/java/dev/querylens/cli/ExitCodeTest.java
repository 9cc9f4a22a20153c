package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.Samples;
import dev.querylens.collect.Diagnostic;
import dev.querylens.report.Report;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exit code tells a partial run from a clean one, and a usage error from both, in one line. */
class ExitCodeTest {
    /** Nothing listens on port 1: the connection is refused at once, so the database's workload is lost. */
    private static final String UNREACHABLE = "postgresql://querylens@127.0.0.1:1/nowhere";

    @TempDir
    Path dir;

    private record Run(int exit, String err) {
        List<String> lines(String containing) {
            return err.lines().filter(l -> l.contains(containing)).toList();
        }
    }

    private static Run run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = QueryLensCommand.execute(args);
            return new Run(exit, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    private static Report reportWith(List<Diagnostic> diagnostics) {
        return new Report("test", List.of(), 0, List.of(), List.of(), List.of(), List.of(), diagnostics, 0, 0, List.of());
    }

    @Test
    void lostInputMapsToExitThreeAndOneLineOnlyWhenSomethingWasLost() {
        StringWriter text = new StringWriter();
        PrintWriter err = new PrintWriter(text, true);
        Report clean = reportWith(List.of(new Diagnostic("a.sql", 3, "could not parse statement")));
        assertEquals(0, LostInput.exitCode(clean, "advise", err));
        assertEquals("", text.toString(), "a diagnostic that lost nothing is no reason to speak");

        Report partial = reportWith(List.of(new Diagnostic("a.sql", 3, "note"),
                Diagnostic.lost("logs/a.log.gz", 17, 1234, "truncated gzip stream"), Diagnostic.lost("b.log", 2, -1, "bad line")));
        assertEquals(3, LostInput.exitCode(partial, "advise", err));
        assertEquals("querylens advise: report written, but 2 diagnostics lost input"
                + " (first: logs/a.log.gz:17 (byte 1234): truncated gzip stream)" + System.lineSeparator(), text.toString());
    }

    @Test
    void aLongListOfLostInputIsCutShortOnStderr() {
        List<Diagnostic> many = new java.util.ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            many.add(Diagnostic.lost("big.log", i, -1, "malformed line"));
        }
        StringWriter text = new StringWriter();
        LostInput.of(reportWith(many)).list(new PrintWriter(text, true));
        List<String> lines = text.toString().lines().toList();
        assertEquals(21, lines.size());
        assertEquals("  lost big.log:1: malformed line", lines.get(0));
        assertEquals("  ... and 5 more (all are in the report's diagnostics)", lines.get(20));
    }

    @Test
    void analyzeStopsWhenTheDatabaseCannotBeUsedUnlessPartialInputIsAccepted() throws Exception {
        Path out = dir.resolve("report.json");
        Run refused = run("analyze", "-q", Samples.TASKBOARD.toString(), "--db", UNREACHABLE, "--format", "json", "-o", out.toString());
        assertEquals(2, refused.exit(), "the user asked for the database; an offline report is not that: " + refused.err());
        assertFalse(Files.exists(out), "no report stands in for the one asked for");
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
        assertTrue(refused.err().contains("connection refused") && refused.err().contains("--accept-partial-input"), refused.err());

        Run r = run("analyze", "-q", "--accept-partial-input", Samples.TASKBOARD.toString(), "--db", UNREACHABLE,
                "--format", "json", "-o", out.toString());
        assertEquals(3, r.exit(), r.err());
        var report = new ObjectMapper().readTree(out.toFile());
        assertTrue(report.get("findings").size() > 0, "the files that were read are still judged");
        List<String> said = r.lines("lost input");
        assertEquals(1, said.size(), r.err());
        assertTrue(said.get(0).startsWith("querylens analyze: report written, but 1 diagnostic lost input (first: db "), said.get(0));
        assertFalse(r.err().contains("secret"), "no password in the message");
    }

    @Test
    void checkRefusesToJudgeOrBaselinePartialInputUnlessAccepted() throws Exception {
        Path out = dir.resolve("report.txt");
        Path baseline = dir.resolve("baseline.json");
        Files.writeString(baseline, "{\"version\": 1, \"tool\": \"querylens\", \"findings\": []}");
        String before = Files.readString(baseline);

        Run gate = run("check", "-q", Samples.TASKBOARD.toString(), "--db", UNREACHABLE, "-o", out.toString());
        assertEquals(2, gate.exit(), "the samples alone fail with 1; with the database lost the gate must not judge: " + gate.err());
        assertTrue(Files.size(out) > 0, "the report, with its diagnostics, is still written");
        assertEquals(1, gate.lines("not judging partial input").size(), gate.err());

        Run write = run("check", "-q", Samples.TASKBOARD.toString(), "--db", UNREACHABLE, "-o", out.toString(),
                "--write-baseline", baseline.toString());
        assertEquals(2, write.exit(), write.err());
        assertEquals(before, Files.readString(baseline), "no baseline is written from partial input");
        assertTrue(write.err().contains("nor writing " + baseline), write.err());

        Run accepted = run("check", "-q", Samples.TASKBOARD.toString(), "--db", UNREACHABLE, "-o", out.toString(),
                "--accept-partial-input");
        assertEquals(1, accepted.exit(), "judged what was read: the samples have an error-level finding; " + accepted.err());
        assertEquals(1, accepted.lines("  lost db ").size(), "says what was lost: " + accepted.err());

        Run written = run("check", "-q", Samples.TASKBOARD.toString(), "--db", UNREACHABLE, "-o", out.toString(),
                "--accept-partial-input", "--write-baseline", baseline.toString());
        assertEquals(0, written.exit(), written.err());
        assertTrue(Files.readString(baseline).contains("missing-index"));
    }

    @Test
    void usageErrorsAreOneLineWithExitTwoAndNoStackTrace() throws Exception {
        Run unknownOption = run("check", "--baselin", "x.json", Samples.TASKBOARD.toString());
        assertEquals(2, unknownOption.exit());
        assertEquals(1, unknownOption.err().strip().lines().count(), unknownOption.err());
        assertTrue(unknownOption.err().startsWith("querylens check: Unknown option: '--baselin'"), unknownOption.err());
        assertTrue(unknownOption.err().contains("did you mean --baseline"), unknownOption.err());

        Run badNumber = run("check", "--max-new", "lots", Samples.TASKBOARD.toString());
        assertEquals(2, badNumber.exit());
        assertEquals(1, badNumber.err().strip().lines().count(), badNumber.err());

        Path typo = Files.writeString(dir.resolve("querylens.yaml"), "rule:\n  n-plus-one: { enabled: false }\n");
        Run config = run("analyze", "-q", "--config", typo.toString(), Samples.TASKBOARD.toString());
        assertEquals(2, config.exit());
        assertEquals(List.of("querylens analyze: " + typo + ":1:1: unknown key 'rule'; did you mean 'rules'? (known: rules, ignore, supabase, roundTripMs, allowFunctions, logFormats)"), config.err().lines().toList());

        for (Run r : List.of(unknownOption, badNumber, config)) {
            assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
            assertFalse(r.err().contains("Usage:"), "the usage text would bury the one line that matters");
        }
    }

    @Test
    void everyOwnHelpDocumentsTheExitCodes() {
        for (String command : List.of("analyze", "check")) {
            PrintStream saved = System.out;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            try {
                assertEquals(0, QueryLensCommand.execute(command, "--help"));
            } finally {
                System.setOut(saved);
            }
            String help = out.toString(StandardCharsets.UTF_8);
            assertTrue(help.contains("Exit codes:") && help.contains("  2  "), help);
            assertEquals(command.equals("analyze"), help.contains("  3  report written, but some input was lost"), help);
            assertTrue(help.contains("--accept-partial-input"), help);
        }
    }
}
