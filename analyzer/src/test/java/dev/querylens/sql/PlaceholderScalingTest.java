package dev.querylens.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.cli.QueryLensCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One statement with {@code IN ($1, ..., $100000)} (about 790 KB) took 295 s: every $n counted the
 * folded parameters below it one by one, so the work grew with the square of the placeholders.
 * Near-linear means one statement of 100,000 placeholders costs about what ten statements of
 * 10,000 cost together (quadratic work makes it ten times that). Both are timed on the same
 * machine, interleaved, best of several rounds: a ratio, so a slow or busy machine does not fail it
 * and a fast one does not hide a regression.
 */
class PlaceholderScalingTest {
    private static final int ROUNDS = 7;
    /** Linear work gives about 1; quadratic gives about 10. */
    private static final double BOUND = 4;

    @TempDir
    Path dir;

    private static String inList(String table, int n) {
        return "SELECT id, title FROM " + table + " WHERE id IN ("
                + IntStream.rangeClosed(1, n).mapToObj(i -> "$" + i).collect(Collectors.joining(", ")) + ") AND owner = $" + (n + 1);
    }

    /** Best times of {@code one} and {@code ten}, measured in turns; returns best(one) / best(ten). */
    private static double ratio(Runnable one, Runnable ten, String what) {
        one.run();
        ten.run(); // warm up: class loading, JIT
        long bestOne = Long.MAX_VALUE;
        long bestTen = Long.MAX_VALUE;
        for (int i = 0; i < ROUNDS; i++) {
            long t = System.nanoTime();
            one.run();
            bestOne = Math.min(bestOne, System.nanoTime() - t);
            t = System.nanoTime();
            ten.run();
            bestTen = Math.min(bestTen, System.nanoTime() - t);
        }
        double ratio = (double) bestOne / Math.max(1, bestTen);
        System.out.printf("%s: 100,000 placeholders %.1f ms, 10 x 10,000 %.1f ms, ratio %.2f%n", what, bestOne / 1e6, bestTen / 1e6, ratio);
        return ratio;
    }

    @Test
    void normalizingGrowsLinearlyInPlaceholders() {
        Fingerprinter f = new Fingerprinter();
        String large = inList("tasks", 100_000);
        String small = inList("tasks", 10_000);
        assertEquals("select id, title from tasks where id in ($1 /*, ... */) and owner = $2", f.normalize(large));
        assertEquals("SELECT id, title FROM tasks WHERE id IN ($1 /*, ... */) AND owner = $2", f.displayText(large));
        double ratio = ratio(() -> {
            f.normalize(large);
            f.displayText(large);
        }, () -> {
            for (int i = 0; i < 10; i++) {
                f.normalize(small);
                f.displayText(small);
            }
        }, "Fingerprinter");
        assertTrue(ratio < BOUND, String.format("one statement of 100,000 placeholders took %.1fx as long as ten of 10,000", ratio));
    }

    @Test
    void analyzingTheStatementGrowsLinearlyToo() throws Exception {
        Path large = Files.writeString(dir.resolve("large.sql"), inList("tasks", 100_000) + ";\n");
        StringBuilder ten = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            ten.append(inList("tasks" + i, 10_000)).append(";\n"); // ten shapes, so none is a repeat the fingerprinter remembers
        }
        Path small = Files.writeString(dir.resolve("ten.sql"), ten.toString());
        Path out = dir.resolve("report.json");
        double ratio = ratio(
                () -> assertEquals(0, QueryLensCommand.execute("analyze", "-q", "--format", "json", "-o", out.toString(), large.toString())),
                () -> assertEquals(0, QueryLensCommand.execute("analyze", "-q", "--format", "json", "-o", out.toString(), small.toString())),
                "analyze");
        assertTrue(ratio < BOUND, String.format("one statement of 100,000 placeholders took %.1fx as long as ten of 10,000", ratio));
        assertTrue(Files.readString(out).contains("in ($1 /*, ... */) and owner = $2"));
    }
}
