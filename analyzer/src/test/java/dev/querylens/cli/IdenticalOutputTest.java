package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.querylens.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same input gives the same bytes in every format, run after run. Each run is its own JVM:
 * Map.of's iteration order is salted per JVM, so two runs in one JVM would hide that kind of drift.
 */
class IdenticalOutputTest {
    private static final List<String> FILES = List.of("querylens-report.json", "querylens.sarif", "querylens-report.md",
            "querylens-report.html", "querylens-report.txt");

    @TempDir
    Path dir;

    private Path run(String name) throws Exception {
        Path out = dir.resolve(name);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                QueryLensCommand.class.getName(), "analyze", "-q", Samples.TASKBOARD.toString(),
                "--format", "json,sarif,markdown,html,text", "--output-dir", out.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        p.waitFor(120, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve(name + ".log")));
        return out;
    }

    @Test
    void twoRunsOfTheSamplesWriteTheSameBytesInEveryFormat() throws Exception {
        Path first = run("first");
        Path second = run("second");
        for (String f : FILES) {
            List<String> a = Files.readAllLines(first.resolve(f));
            List<String> b = Files.readAllLines(second.resolve(f));
            for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                assertEquals(a.get(i), b.get(i), f + " line " + (i + 1));
            }
            assertArrayEquals(Files.readAllBytes(first.resolve(f)), Files.readAllBytes(second.resolve(f)), f);
        }
    }
}
