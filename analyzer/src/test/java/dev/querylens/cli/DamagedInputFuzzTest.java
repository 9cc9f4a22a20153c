package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13 end to end: the sample inputs of every format, damaged at random (seeded), through the
 * real CLI. Nothing may escape (no Error, no stack trace, an exit code the command documents), the
 * JSON report must be valid, and damage after byte N must keep at least the executions of the
 * file cut at the last complete line before N. Transformations that lose nothing (CR or CRLF line
 * endings, a BOM, UTF-16, compression) must keep every execution.
 *
 * <p>About 300 cases run by default; {@code -Dfuzz.cases=5000} runs more and {@code -Dfuzz.seed=N}
 * replays a seed; {@code -Dfuzz.only=N} replays case N alone. A failure names its case (seed, input, mutation) so it can be replayed.
 */
class DamagedInputFuzzTest {
    private static final int CASES = Integer.getInteger("fuzz.cases", 300);
    private static final long SEED = Long.getLong("fuzz.seed", 13L);
    /** {@code -Dfuzz.only=2516} replays one case of a long run in seconds: earlier cases are generated (same random draws) but not run. */
    private static final int ONLY = Integer.getInteger("fuzz.only", -1);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private enum Mutation {
        TRUNCATE, FLIP_BYTES, NUL_BYTES, INVALID_UTF8, LONG_LINE, DEEP_NESTING, UNTERMINATED, GZIP_DAMAGED,
        // the ones below lose nothing
        CR_ENDINGS, CRLF_ENDINGS, UTF8_BOM, UTF16, GZIP, BZIP2, XZ, ZSTD;

        boolean losesNothing() {
            return ordinal() >= CR_ENDINGS.ordinal();
        }
    }

    /** One damaged input and what it must keep. */
    private record Case(int number, FuzzSeeds.Seed seed, Mutation mutation, byte[] bytes, long damageAt, boolean stdin,
                        boolean everyFormat) {
        @Override
        public String toString() {
            return "case " + number + " (seed " + SEED + "): " + mutation + " of " + seed.name() + " after byte " + damageAt
                    + (stdin ? " via stdin" : "") + (everyFormat ? ", every report format" : "");
        }
    }

    /** What one CLI run gave. */
    private record Run(int exit, String stderr, JsonNode report) {
        long executions() {
            return report == null ? 0 : report.get("summary").get("executions").asLong();
        }
    }

    @Test
    void damagedSamplesNeverCrashAndKeepTheirIntactPrefix() throws Exception {
        Set<Integer> documented = documentedExitCodes();
        List<FuzzSeeds.Seed> seeds = FuzzSeeds.load();
        Random random = new Random(SEED);
        java.util.Map<String, Long> wholeCounts = new java.util.HashMap<>();
        for (int i = 0; i < CASES; i++) {
            FuzzSeeds.Seed seed = seeds.get(random.nextInt(seeds.size()));
            Case c = mutate(i, seed, random);
            if (ONLY >= 0 && i != ONLY) {
                continue;
            }
            if (ONLY >= 0) {
                // the damaged bytes, to replay with the CLI itself
                Path kept = Path.of("target", "fuzz-case-" + i + "-" + seed.name());
                Files.write(kept, c.bytes());
                System.out.println(c + ": bytes written to " + kept.toAbsolutePath());
            }
            Run run = run(c.bytes(), seed.name(), c.stdin(), c, c.everyFormat());
            assertTrue(documented.contains(run.exit()), c + ": exit " + run.exit() + " is not documented " + documented + "\n" + run.stderr());
            assertFalse(run.stderr().contains("\tat ") || run.stderr().contains("Exception") || run.stderr().contains("Error:")
                    || run.stderr().lines().anyMatch(DamagedInputFuzzTest::escapedException), c + ": something escaped\n" + run.stderr());
            if (run.report() != null) {
                for (JsonNode d : run.report().get("diagnostics")) {
                    // a catch-all that had to name an unexpected exception means a reader failed in a way nobody foresaw
                    assertFalse(d.get("message").asText().contains("internal error"), c + ": " + d);
                    assertTrue(d.get("line").asLong() >= 0 && d.hasNonNull("file"), c + ": " + d);
                }
            }
            if (c.mutation().losesNothing()) {
                long whole = wholeCounts.computeIfAbsent(seed.name() + c.stdin(), k -> run(seed.bytes(), seed.name(), c.stdin(), c, false).executions());
                assertEquals(whole, run.executions(), c + ": a transformation that loses nothing lost executions");
                continue;
            }
            Run prefix = run(FuzzSeeds.lastCompleteLineBefore(seed.bytes(), c.damageAt()), seed.name(), c.stdin(), c, false);
            assertTrue(run.executions() >= prefix.executions(), c + ": kept " + run.executions() + " executions, the intact prefix has "
                    + prefix.executions());
        }
    }

    private Case mutate(int number, FuzzSeeds.Seed seed, Random random) throws Exception {
        Mutation m = Mutation.values()[random.nextInt(Mutation.values().length)];
        byte[] b = seed.bytes();
        int n = random.nextInt(b.length + 1);
        boolean stdin = random.nextInt(10) == 0;
        byte[] out = switch (m) {
            case TRUNCATE -> java.util.Arrays.copyOf(b, n);
            case FLIP_BYTES -> {
                byte[] c = b.clone();
                for (int k = 0, flips = 1 + random.nextInt(8); k < flips && n < c.length; k++) {
                    int at = n + random.nextInt(c.length - n);
                    c[at] = (byte) (c[at] ^ (1 << random.nextInt(8)));
                }
                yield c;
            }
            case NUL_BYTES -> FuzzSeeds.insert(b, n, new byte[1 + random.nextInt(4)]);
            case INVALID_UTF8 -> FuzzSeeds.insert(b, n, List.of(new byte[] {(byte) 0xC3}, new byte[] {(byte) 0xFF, (byte) 0xFE},
                    new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xF0, (byte) 0x9F}).get(random.nextInt(4)));
            case LONG_LINE -> FuzzSeeds.insert(b, n, ascii(List.of("a", "x, ", "'", "\t", ", 1").get(random.nextInt(5))
                    .repeat(random.nextInt(4) == 0 ? 400_000 : 30_000 + random.nextInt(100_000)))); // some past the 1 MiB statement limit
            case DEEP_NESTING -> FuzzSeeds.insert(b, n, ascii(List.of("(", "[", "{\"Plans\":[", "/*", "\n\t  ->  Nested Loop  (cost=0.00..1.00 rows=1 width=4)  ")
                    .get(random.nextInt(5)).repeat(2_000 + random.nextInt(4_000))));
            case UNTERMINATED -> FuzzSeeds.insert(b, n, ascii(List.of("'", "/*", "$$", "\"", "E'\\", "$body$").get(random.nextInt(6))));
            case GZIP_DAMAGED -> {
                byte[] gz = FuzzSeeds.gzip(b);
                int at = 10 + random.nextInt(Math.max(1, gz.length - 10));
                byte[] damaged = random.nextBoolean() ? java.util.Arrays.copyOf(gz, at) : flip(gz, at, random);
                n = (int) intactGzipPrefix(damaged, b);
                yield damaged;
            }
            case CR_ENDINGS -> ascii(new String(b, StandardCharsets.UTF_8).replace("\n", "\r"));
            case CRLF_ENDINGS -> ascii(new String(b, StandardCharsets.UTF_8).replace("\n", "\r\n"));
            case UTF8_BOM -> FuzzSeeds.insert(b, 0, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            case UTF16 -> random.nextBoolean()
                    ? FuzzSeeds.insert(new String(b, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16LE), 0, new byte[] {(byte) 0xFF, (byte) 0xFE})
                    : FuzzSeeds.insert(new String(b, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16BE), 0, new byte[] {(byte) 0xFE, (byte) 0xFF});
            case GZIP, BZIP2, XZ, ZSTD -> FuzzSeeds.compress(m.name(), b);
        };
        return new Case(number, seed, m, out, m.losesNothing() ? 0 : n, stdin, random.nextInt(5) == 0);
    }

    private static byte[] flip(byte[] data, int at, Random random) {
        byte[] c = data.clone();
        for (int k = 0; k < 16 && at + k < c.length; k++) {
            c[at + k] = (byte) random.nextInt(256);
        }
        return c;
    }

    /**
     * How many bytes of the original a damaged gzip still gives intact: what the JDK's reader
     * yields before it fails, as far as it matches the original (a flipped bit in deflate data
     * can decode to wrong bytes before any check fails).
     */
    private static long intactGzipPrefix(byte[] gz, byte[] original) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            byte[] chunk = new byte[1];
            while (in.read(chunk) > 0) {
                out.write(chunk[0]);
            }
        } catch (Exception e) {
            // damaged: what came out before it is in out
        }
        byte[] got = out.toByteArray();
        int n = 0;
        while (n < got.length && n < original.length && got[n] == original[n]) {
            n++;
        }
        return Math.max(0, n - 512); // QueryLens pulls 512 bytes at a time; the call that meets the damage loses its bytes
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** @param everyFormat write every report format (--output-dir), not only JSON, so every writer meets the damage */
    private Run run(byte[] input, String name, boolean stdin, Case c, boolean everyFormat) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream savedErr = System.err;
        InputStream savedIn = System.in;
        try {
            Path file = dir.resolve(name);
            Files.write(file, input);
            Path outDir = dir.resolve("reports");
            Path out = everyFormat ? outDir.resolve("querylens-report.json") : dir.resolve("report.json");
            Files.deleteIfExists(out);
            for (String f : List.of("querylens-report.txt", "querylens.sarif", "querylens-report.md", "querylens-report.html")) {
                Files.deleteIfExists(outDir.resolve(f));
            }
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            if (stdin) {
                System.setIn(new ByteArrayInputStream(input));
            }
            int exit;
            try {
                exit = everyFormat
                        ? QueryLensCommand.execute("analyze", "--format", "json,text,sarif,markdown,html", "-q", "--output-dir",
                                outDir.toString(), stdin ? "-" : file.toString())
                        : QueryLensCommand.execute("analyze", "--format", "json", "-q", "-o", out.toString(), stdin ? "-" : file.toString());
            } catch (Throwable t) {
                throw new AssertionError(c + ": " + t + " escaped the CLI", t);
            }
            JsonNode report = null;
            if (Files.exists(out) && Files.size(out) > 0) {
                try {
                    report = JSON.readTree(out.toFile());
                } catch (java.io.IOException e) {
                    fail(c + ": the JSON report is not valid JSON: " + e.getMessage());
                }
            } else {
                assertTrue(exit != 0, c + ": exit 0 without a report");
            }
            if (everyFormat && report != null) {
                try {
                    JSON.readTree(outDir.resolve("querylens.sarif").toFile());
                } catch (java.io.IOException e) {
                    fail(c + ": the SARIF report is not valid JSON: " + e.getMessage());
                }
                assertTrue(Files.readString(outDir.resolve("querylens-report.html")).strip().endsWith("</html>"), c + ": html cut short");
                assertTrue(Files.size(outDir.resolve("querylens-report.md")) > 0 && Files.size(outDir.resolve("querylens-report.txt")) > 0,
                        c + ": empty markdown or text report");
            }
            return new Run(exit, err.toString(StandardCharsets.UTF_8), report);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            System.setErr(savedErr);
            System.setIn(savedIn);
        }
    }

    /** The CLI's last-resort handler prints an exception that reached it as "querylens: message"; its own notes say what they wrote. */
    private static boolean escapedException(String line) {
        return line.startsWith("querylens: ") && !line.matches("querylens: .* written to .*");
    }

    /** The exit codes `analyze --help` documents, so this test follows the documentation, whatever it becomes. */
    private static Set<Integer> documentedExitCodes() {
        ByteArrayOutputStream help = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        try {
            System.setOut(new PrintStream(help, true, StandardCharsets.UTF_8));
            QueryLensCommand.execute("analyze", "--help");
        } finally {
            System.setOut(saved);
        }
        String text = help.toString(StandardCharsets.UTF_8);
        int at = text.indexOf("Exit codes:");
        assertTrue(at >= 0, "analyze --help documents its exit codes");
        Set<Integer> codes = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![\\w.])(\\d)(?= )").matcher(text.substring(at));
        while (m.find()) {
            codes.add(Integer.parseInt(m.group(1)));
        }
        assertFalse(codes.isEmpty(), text.substring(at));
        return codes;
    }
}
