package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.Samples;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a newcomer's first mistakes print: a suggestion, the next step, and nothing they did not ask for. */
class NewcomerMessagesTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = QueryLensCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void aMistypedCommandGetsTheNearestCommand() {
        Run r = run("anlyze", Samples.TASKBOARD.toString());
        assertEquals(2, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("did you mean analyze?"), r.err());

        Run far = run("frobnicate");
        assertEquals(2, far.exit());
        assertFalse(far.err().contains("did you mean"), "no suggestion is better than a wrong one: " + far.err());
    }

    @Test
    void aMistypedRuleIdGetsTheNearestRuleIds() {
        Run r = run("rules", "n-plus-on");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("did you mean n-plus-one?"), r.err());
        Run swapped = run("rules", "misisng-index");
        assertTrue(swapped.err().contains("did you mean missing-index"), swapped.err());
    }

    @Test
    void noArgumentsPrintsTheUsageOnStderrAndExitsTwo() {
        Run r = run();
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("Usage: querylens") && r.err().contains("analyze"), r.err());
        assertEquals("", r.out(), "usage that was not asked for is not output");
    }

    @Test
    void aMissingBaselinePointsAtWriteBaseline() {
        Path missing = dir.resolve("missing.json");
        for (String command : List.of("check", "migrations")) {
            Run r = run(command, "--baseline", missing.toString(), Samples.TASKBOARD.toString());
            assertEquals(2, r.exit(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains("--write-baseline " + missing), r.err());
            assertFalse(r.err().contains("NoSuchFile") || r.err().contains("Exception"), r.err());
        }
    }

    @Test
    void quietPrintsNothingButErrors() throws Exception {
        Path out = dir.resolve("r.json");
        Path bench = dir.resolve("bench");
        Run quiet = run("analyze", "-q", "--format", "json", "-o", out.toString(), "--emit-bench", bench.toString(),
                Samples.TASKBOARD.toString());
        assertEquals(0, quiet.exit(), quiet.err());
        assertEquals("", quiet.err());
        assertTrue(Files.size(out) > 0);

        Run loud = run("analyze", "--format", "json", "-o", out.toString(), Samples.TASKBOARD.toString());
        assertTrue(loud.err().contains("report written to " + out), "without -q the file is named: " + loud.err());

        Run gate = run("check", "-q", "-o", dir.resolve("c.txt").toString(), Samples.TASKBOARD.toString());
        assertEquals(1, gate.exit(), "the samples have an error-level finding: " + gate.err());
        assertTrue(gate.err().contains("new error"), "a failing gate still says why, with -q: " + gate.err());
    }

    @Test
    void withoutATerminalProgressIsALineEveryFewSecondsOnlyOnceTheRunIsLong() {
        StringWriter text = new StringWriter();
        AtomicLong now = new AtomicLong(0);
        Progress p = new Progress(new PrintWriter(text, true), false, false, now::get);
        p.accept("reading a.log");
        now.set(TimeUnit.SECONDS.toNanos(3));
        p.accept("reading a.log 10%");
        assertEquals("", text.toString(), "a short run stays silent");
        now.set(TimeUnit.SECONDS.toNanos(11));
        p.accept("reading a.log 40%");
        now.set(TimeUnit.SECONDS.toNanos(15));
        p.accept("reading a.log 60%");
        now.set(TimeUnit.SECONDS.toNanos(22));
        p.accept("judging");
        p.clear();
        assertEquals(List.of("querylens: reading a.log 40% (11 s)", "querylens: judging (22 s)"), text.toString().lines().toList());
        assertFalse(text.toString().contains("\r") || text.toString().contains("\033"), "no terminal codes in a log file");

        StringWriter silent = new StringWriter();
        Progress q = new Progress(new PrintWriter(silent, true), true, false, now::get);
        now.set(TimeUnit.SECONDS.toNanos(100));
        q.accept("judging");
        assertEquals("", silent.toString(), "-q silences progress too");
    }

    @Test
    void nearestNamesAllowAboutAThirdOfTheWordInEdits() {
        assertEquals(List.of("analyze"), NearestNames.of("anlyze", List.of("analyze", "advise", "check")));
        assertEquals(List.of("check"), NearestNames.of("chekc", List.of("analyze", "advise", "check")));
        assertEquals(List.of(), NearestNames.of("xyz", List.of("analyze", "advise", "check")));
    }
}
