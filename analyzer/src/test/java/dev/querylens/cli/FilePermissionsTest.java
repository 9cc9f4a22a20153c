package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files QueryLens writes honour the umask of the shell that runs it, and the ones that hold bound
 * values (--emit-bench, a report made with --show-literals) are readable by their owner alone. The
 * CLI runs in a child process under a real umask, as {@code sh -c 'umask 077; querylens ...'}.
 */
class FilePermissionsTest {
    @TempDir
    Path dir;

    private void run(String umask, String... args) throws Exception {
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.querylens.cli.QueryLensCommand"));
        java.addAll(List.of(args));
        // sh passes the arguments as "$@": nothing is re-split or interpreted
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "umask " + umask + " && exec \"$@\"", "sh"));
        cmd.addAll(java);
        Path log = dir.resolve("child-" + umask + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(log));
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void reportsFollowTheUmaskAndBoundValuesAreForTheOwnerOnly() throws Exception {
        String input = Samples.TASKBOARD.toAbsolutePath().toString(); // its migrations, logs and plans: findings and index advice

        run("077", "analyze", "-q", input, "-o", dir.resolve("strict.txt").toString(), "--emit-bench", dir.resolve("bench-strict").toString());
        assertEquals("rw-------", mode(dir.resolve("strict.txt")), "umask 077: the report is the owner's alone");
        assertEquals("rw-------", mode(dir.resolve("bench-strict/querylens-bench.json")));

        run("002", "analyze", "-q", input, "--format", "json,text,markdown,html,sarif", "--output-dir", dir.resolve("shared").toString(),
                "--emit-bench", dir.resolve("bench-shared").toString());
        for (String f : List.of("querylens-report.json", "querylens-report.txt", "querylens-report.md", "querylens-report.html", "querylens.sarif")) {
            assertEquals("rw-rw-r--", mode(dir.resolve("shared").resolve(f)), "umask 002 gives the group write: " + f);
        }
        assertEquals("rw-------", mode(dir.resolve("bench-shared/querylens-bench.json")), "bound values: owner only, whatever the umask");
        assertTrue(Files.readString(dir.resolve("bench-shared/querylens-bench.json")).contains("\"params\""));

        // a report with literals replacing one that others could read: it is narrowed, not left readable
        Path literals = Files.writeString(dir.resolve("literals.txt"), "old report\n");
        Files.setPosixFilePermissions(literals, PosixFilePermissions.fromString("rw-r--r--"));
        run("022", "analyze", "-q", input, "--show-literals", "-o", literals.toString());
        assertEquals("rw-------", mode(literals));
        assertTrue(Files.readString(literals).contains("example:"), "the report holds literals");
        run("022", "analyze", "-q", input, "-o", dir.resolve("plain.txt").toString());
        assertEquals("rw-r--r--", mode(dir.resolve("plain.txt")));
    }
}
