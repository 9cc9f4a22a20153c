package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.Samples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compressed input that does not end as gzip data should, or expands without bound: each stops
 * with a diagnostic that says input was lost (exit 3), and the report has everything read before it.
 */
class CompressedInputLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private JsonNode analyze(Path input, int expectedExit) throws IOException {
        Path report = dir.resolve(input.getFileName() + ".json");
        assertEquals(expectedExit, QueryLensCommand.execute("analyze", "-q", "--format", "json", "-o", report.toString(), input.toString()));
        return JSON.readTree(report.toFile());
    }

    private static List<JsonNode> lost(JsonNode report) {
        List<JsonNode> lost = new ArrayList<>();
        report.get("diagnostics").forEach(d -> {
            if (d.get("inputLost").asBoolean()) {
                lost.add(d);
            }
        });
        return lost;
    }

    @Test
    void bytesAfterTheGzipDataAreLostInputNotSilence() throws Exception {
        byte[] log = Files.readAllBytes(Samples.STDERR_LOG);
        Path clean = Files.write(dir.resolve("clean.log.gz"), gzip(log));
        JsonNode whole = analyze(clean, 0);
        assertTrue(whole.get("summary").get("executions").asLong() > 100);

        // two members (what cat a.gz b.gz gives) are one input, not damage
        byte[] half = java.util.Arrays.copyOf(log, log.length / 2);
        byte[] rest = java.util.Arrays.copyOfRange(log, log.length / 2, log.length);
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        two.write(gzip(half));
        two.write(gzip(rest));
        JsonNode concatenated = analyze(Files.write(dir.resolve("two-members.log.gz"), two.toByteArray()), 0);
        assertEquals(whole.get("summary").get("executions"), concatenated.get("summary").get("executions"));

        byte[] gz = gzip(log);
        ByteArrayOutputStream doctored = new ByteArrayOutputStream();
        doctored.write(gz);
        doctored.write("2026-11-25 08:47:09.000 UTC [1] LOG:  statement: SELECT 'not compressed'\n".getBytes(StandardCharsets.UTF_8));
        JsonNode report = analyze(Files.write(dir.resolve("garbage.log.gz"), doctored.toByteArray()), ExitCode.PARTIAL_REPORT);
        List<JsonNode> lost = lost(report);
        assertEquals(1, lost.size(), report.get("diagnostics").toString());
        assertTrue(lost.get(0).get("message").asText().contains("trailing garbage"), lost.get(0).toString());
        assertTrue(lost.get(0).get("message").asText().contains("at byte " + gz.length), lost.get(0).toString());
        // everything in the gzip data was still read
        assertEquals(whole.get("summary").get("executions"), report.get("summary").get("executions"));
    }

    /**
     * A gzip of the same log line over and over: about 200 MB of text from a few hundred KB, the
     * shape of a decompression bomb. The real CLI in a child JVM, as a user runs it.
     */
    @Test
    void aDecompressionBombStopsQuicklyAtTheCapAndTheRatioWithWhatWasRead() throws Exception {
        Path bomb = dir.resolve("bomb.log.gz");
        byte[] line = "2026-11-25 08:47:09.123 UTC [5301] LOG:  duration: 0.052 ms  statement: SELECT id, title FROM tasks WHERE project_id = 7\n"
                .getBytes(StandardCharsets.UTF_8);
        long lines = 200L * 1024 * 1024 / line.length;
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb), 1 << 16)) {
            byte[] block = new byte[line.length * 1000];
            for (int i = 0; i < 1000; i++) {
                System.arraycopy(line, 0, block, i * line.length, line.length);
            }
            for (long i = 0; i < lines / 1000; i++) {
                out.write(block);
            }
        }
        long compressed = Files.size(bomb);
        assertTrue(compressed < 2 * 1024 * 1024, "a bomb: " + compressed + " bytes");

        // a lowered cap: 4 MiB of text, then stop
        Child capped = run(bomb, "-D" + dev.querylens.collect.InflationLimits.MAX_BYTES_PROPERTY + "=4M");
        assertEquals(ExitCode.PARTIAL_REPORT, capped.exit, capped.stderr);
        List<JsonNode> lost = lost(capped.report);
        assertEquals(1, lost.size(), capped.report.get("diagnostics").toString());
        assertTrue(lost.get(0).get("message").asText().contains("expands to more than 4.0 MiB; the first 4.0 MiB were read"), lost.get(0).toString());
        long perLine = 4L * 1024 * 1024 / line.length;
        long executions = capped.report.get("summary").get("executions").asLong();
        assertTrue(executions >= perLine - 1 && executions <= perLine + 1, executions + " executions from 4 MiB of " + line.length + "-byte lines");
        assertTrue(capped.stderr.contains("lost input"), capped.stderr);

        // the default limits: the ratio (over 100x) stops it after 16 MiB, long before its 200 MB
        Child defaults = run(bomb);
        assertEquals(ExitCode.PARTIAL_REPORT, defaults.exit, defaults.stderr);
        String message = lost(defaults.report).get(0).get("message").asText();
        assertTrue(message.contains("expands more than 100 times"), message);
        long read = defaults.report.get("summary").get("executions").asLong();
        assertTrue(read >= 16L * 1024 * 1024 / line.length - 1 && read < lines / 4, read + " of " + lines + " lines read");
        // and it was quick: far less than reading 200 MB takes (measured, not assumed: the capped run read 4 MiB)
        assertTrue(defaults.seconds < 120, defaults.seconds + " s");
    }

    private record Child(int exit, String stderr, JsonNode report, double seconds) {
    }

    private Child run(Path input, String... jvmOptions) throws Exception {
        Path report = dir.resolve("child-report.json");
        Files.deleteIfExists(report);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        cmd.addAll(List.of(jvmOptions));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.querylens.cli.QueryLensCommand",
                "analyze", "-q", "--format", "json", "-o", report.toString(), input.toString()));
        Path err = dir.resolve("child.err");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(err.toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the run ended");
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Child(p.exitValue(), Files.readString(err), JSON.readTree(report.toFile()), seconds);
    }
}
