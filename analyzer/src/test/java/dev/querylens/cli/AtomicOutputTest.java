package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.Samples;
import dev.querylens.report.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed while writing, or racing another run for the same file, never leaves a damaged
 * report or baseline: the previous file stays whole until the new one replaces it at once.
 */
class AtomicOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Many tables and distinct statements, so the report and baseline take a while to write. */
    private Path workload(String name, int tables) throws IOException {
        StringBuilder sql = new StringBuilder();
        for (int t = 0; t < tables; t++) {
            sql.append("CREATE TABLE t").append(t).append(" (id bigint PRIMARY KEY, a bigint, b text, c timestamptz);\n");
        }
        for (int t = 0; t < tables; t++) {
            sql.append("SELECT id FROM t").append(t).append(" WHERE a = $1;\n");
            sql.append("SELECT id, b FROM t").append(t).append(" WHERE b LIKE '%' || $1;\n");
            sql.append("SELECT * FROM t").append(t).append(" ORDER BY c LIMIT 10 OFFSET $1;\n");
        }
        Path file = dir.resolve(name);
        Files.writeString(file, sql.toString());
        return file;
    }

    private static Process child(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.querylens.cli.QueryLensCommand"));
        cmd.addAll(Arrays.asList(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private boolean writing(Path... targets) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .anyMatch(n -> Arrays.stream(targets).anyMatch(t -> n.startsWith("." + t.getFileName() + ".") && n.endsWith(".tmp")));
        }
    }

    @Test
    void killMinusNineMidWriteLeavesThePreviousReportAndBaselineWhole() throws Exception {
        Path small = workload("small.sql", 300);
        Path large = workload("large.sql", 1500);
        Path report = dir.resolve("report.json");
        Path baseline = dir.resolve("baseline.json");
        assertEquals(0, QueryLensCommand.execute("check", "-q", small.toString(), "--format", "json", "-o", report.toString(),
                "--write-baseline", baseline.toString()));
        byte[] oldReport = Files.readAllBytes(report);
        byte[] oldBaseline = Files.readAllBytes(baseline);

        int killedMidWrite = 0;
        for (int attempt = 0; attempt < 8 && killedMidWrite < 3; attempt++) {
            Process p = child(dir.resolve("child-" + attempt + ".log"), "check", "-q", large.toString(), "--format", "json",
                    "-o", report.toString(), "--write-baseline", baseline.toString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            boolean seen = false;
            while (p.isAlive() && System.nanoTime() < deadline && !(seen = writing(report, baseline))) {
                Thread.onSpinWait();
            }
            if (seen) {
                Thread.sleep(attempt % 3 * 5L); // kill at different points of the write
            }
            p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            boolean intact = Arrays.equals(oldReport, Files.readAllBytes(report)) && Arrays.equals(oldBaseline, Files.readAllBytes(baseline));
            if (seen && p.exitValue() == 137 && intact) {
                killedMidWrite++;
            }
            // whatever the moment of the kill, each file is the old one or a complete new one
            JsonNode r = JSON.readTree(report.toFile());
            assertTrue(Arrays.equals(oldReport, Files.readAllBytes(report)) || r.path("statements").size() == 4500,
                    "report is neither the old one nor the complete new one");
            JsonNode b = JSON.readTree(baseline.toFile());
            assertTrue(Arrays.equals(oldBaseline, Files.readAllBytes(baseline)) || b.path("findings").size() > 1500 * 3,
                    "baseline is neither the old one nor the complete new one");
            // put the old files back for the next attempt when a kill came after the rename
            Files.write(report, oldReport);
            Files.write(baseline, oldBaseline);
        }
        assertTrue(killedMidWrite >= 3, "only " + killedMidWrite + " runs were killed while writing");
        try (Stream<Path> files = Files.list(dir)) {
            // a temporary file a kill left behind is hidden and never read as a report or baseline
            files.filter(f -> f.getFileName().toString().endsWith(".tmp"))
                    .forEach(f -> assertTrue(f.getFileName().toString().startsWith("."), f.toString()));
        }
        assertArrayEquals(oldBaseline, Files.readAllBytes(baseline));
        // and the next gate still reads the baseline: the small workload is entirely accepted
        assertEquals(0, QueryLensCommand.execute("check", "-q", small.toString(), "-o", dir.resolve("next.txt").toString(),
                "--baseline", baseline.toString(), "--fail-on", "info"));
    }

    @Test
    void concurrentRunsWritingTheSameOutputLeaveOneCompleteReport() throws Exception {
        Path report = dir.resolve("shared.json");
        List<Path> extras = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // reports of different lengths: interleaved or truncated writes would show as invalid JSON or mixed inputs
            StringBuilder sql = new StringBuilder();
            for (int s = 0; s < 1 + 60 * i; s++) {
                sql.append("SELECT id FROM tasks WHERE title = $1 AND position > ").append(s).append(" AND c").append(s).append(" = $2;\n");
            }
            extras.add(Files.writeString(dir.resolve("extra-" + i + ".sql"), sql.toString()));
        }
        // separate processes, as two CI jobs sharing a workspace would be
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < extras.size(); i++) {
            processes.add(child(dir.resolve("run-" + i + ".log"), "analyze", "-q", Samples.TASKBOARD.toString(), extras.get(i).toString(),
                    "--format", "json", "-o", report.toString()));
        }
        for (Process p : processes) {
            assertTrue(p.waitFor(180, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
        }
        assertOneCompleteReport(report, extras);

        // and threads in one JVM, several rounds
        ExecutorService pool = Executors.newFixedThreadPool(extras.size());
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<Integer>> runs = new ArrayList<>();
                for (Path extra : extras) {
                    runs.add(pool.submit(() -> QueryLensCommand.execute("analyze", "-q", Samples.TASKBOARD.toString(), extra.toString(),
                            "--format", "json", "-o", report.toString())));
                }
                for (Future<Integer> f : runs) {
                    assertEquals(0, f.get(180, TimeUnit.SECONDS));
                }
                assertOneCompleteReport(report, extras);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertOneCompleteReport(Path report, List<Path> extras) throws IOException {
        JsonNode r = JSON.readTree(report.toFile()); // a torn or interleaved file would not parse
        Set<String> files = new java.util.HashSet<>();
        r.get("inputs").forEach(i -> files.add(i.get("file").asText()));
        List<Path> present = extras.stream().filter(e -> files.contains(e.toString())).toList();
        assertEquals(1, present.size(), "the inputs of exactly one run: " + files);
        assertTrue(r.get("statements").size() > 10);
    }

    @Test
    void atomicFileReplacesContentKeepsPermissionsAndLeavesNothingOnFailure() throws Exception {
        Path file = dir.resolve("out.sql");
        AtomicFile.write(file, "first\n");
        assertEquals("first\n", Files.readString(file));
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw----"));
        AtomicFile.write(file, w -> {
            w.write("second ");
            w.close(); // Jackson closes its target; the content must still reach the disk
        });
        assertEquals("second ", Files.readString(file));
        assertEquals("rw-rw----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        IOException failure = new IOException("disk full");
        IOException thrown = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> AtomicFile.write(file, w -> {
            w.write("third, half written");
            throw failure;
        }));
        assertEquals(failure, thrown);
        assertEquals("second ", Files.readString(file), "a failed write leaves the previous content");
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(Set.of("out.sql"), left.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
        }
        // -o /dev/stdout or a pipe is written in place: there is nothing to rename over
        AtomicFile.write(Path.of("/dev/null"), "discarded");
        assertTrue(Files.exists(Path.of("/dev/null")) && !Files.isRegularFile(Path.of("/dev/null")));
        Path nested = dir.resolve("a/b/new.txt");
        AtomicFile.write(nested, "x");
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(nested)));
    }

    @Test
    void writersThatOverlapInTimeLeaveExactlyOneWritersContent() throws Exception {
        Path file = dir.resolve("raced.txt");
        int writers = 4;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 5; round++) {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    char mark = (char) ('a' + w);
                    int chunks = 50 + 30 * w; // different lengths, so a torn file cannot pass for a whole one
                    done.add(pool.submit(() -> {
                        start.await();
                        AtomicFile.write(file, out -> {
                            for (int c = 0; c < chunks; c++) {
                                out.write(String.valueOf(mark).repeat(1000));
                                out.flush();
                                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // keep every writer mid-write at once
                            }
                        });
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
                String content = Files.readString(file);
                char mark = content.charAt(0);
                boolean whole = content.equals(String.valueOf(mark).repeat(1000 * (50 + 30 * (mark - 'a'))));
                assertTrue(whole, "round " + round + ": " + content.length() + " characters, not one writer's complete content");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
