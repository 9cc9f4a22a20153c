package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.Samples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CI gate end to end on a copy of the samples. */
class CheckCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String err) {
    }

    private static Run check(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            // not -q: the gate's summary line, which these tests read, is information -q leaves out when the gate passes
            String[] all = Stream.concat(Stream.of("check"), Stream.of(args)).toArray(String[]::new);
            int exit = QueryLensCommand.execute(all);
            return new Run(exit, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    private Path copyOfSamples() throws IOException {
        Path copy = dir.resolve("taskboard");
        try (Stream<Path> files = Files.walk(Samples.TASKBOARD)) {
            for (Path p : files.toList()) {
                Path target = copy.resolve(Samples.TASKBOARD.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return copy;
    }

    @Test
    void failsOnTheSamplesPassesWithTheirBaselineAndFailsAgainOnlyOnANewQuery() throws IOException {
        Path app = copyOfSamples();
        Path out = dir.resolve("out.txt");
        Run first = check(app.toString(), "-o", out.toString());
        assertEquals(1, first.exit(), first.err());
        assertTrue(first.err().contains("33 new findings (1 error, 22 warnings, 10 info), 0 baselined, 0 fixed"), first.err());

        Path baseline = dir.resolve("querylens-baseline.json");
        assertEquals(0, check(app.toString(), "-o", out.toString(), "--write-baseline", baseline.toString()).exit());
        Run accepted = check(app.toString(), "-o", out.toString(), "--baseline", baseline.toString(), "--fail-on", "info");
        assertEquals(0, accepted.exit(), accepted.err());
        assertTrue(accepted.err().contains("0 new findings (0 errors, 0 warnings, 0 info), 33 baselined, 0 fixed"), accepted.err());

        // moving code (new lines above every statement) does not make baselined findings new
        Path reports = app.resolve("queries/reports.sql");
        Files.writeString(reports, "-- moved down\n\n\n" + Files.readString(reports));
        // one new bad query, and the assignee query fixed
        Files.writeString(reports, Files.readString(reports).replace("WHERE assignee_id = $1", "WHERE id = $1")
                + "\nSELECT id FROM projects WHERE name = $1;\n");
        Run again = check(app.toString(), "-o", out.toString(), "--baseline", baseline.toString(), "--fail-on", "warning");
        assertEquals(1, again.exit(), again.err());
        assertTrue(again.err().contains("1 new finding (0 errors, 1 warning, 0 info), 32 baselined, 1 fixed"), again.err());
        List<String> named = again.err().lines().filter(l -> l.startsWith("  new ")).toList();
        assertEquals(List.of("  new warning missing-index: select id from projects where name = $1 ("
                + reports + ":" + lineOf(reports, "SELECT id FROM projects") + ")"), named);

        // the default threshold is error: a new warning alone passes; --max-new tolerates a count
        assertEquals(0, check(app.toString(), "-o", out.toString(), "--baseline", baseline.toString()).exit());
        assertEquals(0, check(app.toString(), "-o", out.toString(), "--baseline", baseline.toString(), "--fail-on", "warning",
                "--max-new", "1").exit());
    }

    private static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        return -1;
    }

    @Test
    void inputAndUsageErrorsExitTwoWithOneLine() throws IOException {
        Path broken = Files.writeString(dir.resolve("baseline.json"), "{\"not\": \"a baseline\"}");
        Run badBaseline = check(Samples.TASKBOARD.toString(), "--baseline", broken.toString());
        assertEquals(2, badBaseline.exit());
        assertTrue(badBaseline.err().startsWith("querylens check: cannot read baseline"), badBaseline.err());
        assertEquals(1, badBaseline.err().strip().lines().count());
        assertEquals(2, check(dir.resolve("nothing-here").toString()).exit());
        assertEquals(2, check(Samples.TASKBOARD.toString(), "--fail-on", "fatal").exit());
        assertEquals(2, check(Samples.TASKBOARD.toString(), "--format", "json,sarif").exit(), "several formats need --output-dir");
    }

    @Test
    void severalFormatsAtOnce() throws IOException {
        Path out = dir.resolve("reports");
        check(Samples.TASKBOARD.toString(), "--format", "json,sarif,markdown,html,text", "--output-dir", out.toString());
        for (String f : List.of("querylens-report.json", "querylens.sarif", "querylens-report.md", "querylens-report.html", "querylens-report.txt")) {
            assertTrue(Files.size(out.resolve(f)) > 1000, f);
        }
    }
}
