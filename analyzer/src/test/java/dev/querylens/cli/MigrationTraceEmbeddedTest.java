package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --trace} without --db, as a user runs it: the CLI starts the embedded PostgreSQL itself
 * (zonky's 16.x binaries; these tests run as root, which it must survive), traces each statement
 * committed there, lists per statement what PostgreSQL locked, and the traced-blocking-lock
 * findings reach check's SARIF at the statement's file and line, obey an inline suppression and a
 * baseline; the server's directory is gone afterwards.
 */
class MigrationTraceEmbeddedTest {
    @TempDir
    Path dir;

    private Path history() throws Exception {
        Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(dir.resolve("migrations/0001_init.sql"), """
                CREATE TABLE parents (id integer PRIMARY KEY, name text);
                CREATE TABLE items (id integer PRIMARY KEY, parent_id integer, qty integer, title varchar(10));
                INSERT INTO parents SELECT g, 'p' || g FROM generate_series(1, 10) g;
                INSERT INTO items SELECT g, 1 + g % 10, g, 't' FROM generate_series(1, 1000) g;
                """);
        Files.writeString(dir.resolve("migrations/0002_change.sql"), """
                SET lock_timeout = '5s';
                ALTER TABLE items ALTER COLUMN qty TYPE bigint;
                ALTER TABLE items ALTER COLUMN title TYPE varchar(20);
                CREATE INDEX parents_name_idx ON parents (name);
                CREATE INDEX CONCURRENTLY items_title_idx ON items (title);
                ALTER TABLE items ADD CONSTRAINT items_parent_fk FOREIGN KEY (parent_id) REFERENCES parents (id);
                -- querylens:ignore traced-blocking-lock ten rows, read by nobody yet
                ALTER TABLE parents ADD COLUMN note text;
                """);
        return dir.resolve("migrations");
    }

    private record Run(int exit, String err) {
    }

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        var cli = QueryLensCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return new Run(cli.execute(args), err.toString());
    }

    /** The trace's line for each statement of 0002_change.sql, by line number. */
    private static Map<Integer, String> traced(String err) {
        Map<Integer, String> out = new TreeMap<>();
        err.lines().dropWhile(l -> !l.contains(": trace on ")).skip(1).takeWhile(l -> l.startsWith("  "))
                .filter(l -> l.contains("0002_change.sql:")).forEach(l -> {
            String rest = l.substring(l.indexOf("0002_change.sql:") + "0002_change.sql:".length());
            out.put(Integer.parseInt(rest.substring(0, rest.indexOf(':'))), rest);
        });
        return out;
    }

    private static List<Path> traceDirectories() throws Exception {
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return tmp.filter(p -> p.getFileName().toString().startsWith("querylens-trace-")).toList();
        }
    }

    /**
     * The throwaway server's directory is removed: no trace directory beyond {@code before} stays. Another
     * process's trace (a parallel CLI run, another engineer's tests) may have one in the shared temp folder
     * meanwhile, which its own end removes; so a new directory fails the test only if it outlives two minutes,
     * far longer than a trace takes, and one this run left never goes.
     */
    private static void assertNoneLeftBeside(List<Path> before) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
        List<Path> left;
        do {
            left = traceDirectories().stream().filter(p -> !before.contains(p)).toList();
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        assertEquals(List.of(), left, "the throwaway server's directory is removed");
    }

    @Test
    void theEmbeddedServerTracesWhatEachStatementLocksAndTheFindingsReachSarif() throws Exception {
        Path migrations = history();
        List<Path> before = traceDirectories();
        Path sarif = dir.resolve("out.sarif");
        Run r = run("check", "-q", "--trace", "--format", "sarif", "-o", sarif.toString(), "--fail-on", "warning", migrations.toString());
        assertTrue(r.err().contains("trace on a throwaway PostgreSQL 16."), r.err());
        Map<Integer, String> at = traced(r.err());
        assertTrue(at.get(2).contains("public.items") && at.get(2).contains("ACCESS EXCLUSIVE (blocks reads and writes)")
                && at.get(2).contains("rewrote public.items, public.items_pkey"), "bigint rewrites: " + at.get(2));
        assertTrue(at.get(3).contains("public.items ACCESS EXCLUSIVE (blocks reads and writes); no rewrite"), "varchar widening: " + at.get(3));
        assertTrue(at.get(4).contains("public.parents SHARE (blocks writes); no rewrite"), "plain CREATE INDEX: " + at.get(4));
        assertTrue(at.get(5).contains("public.items SHARE UPDATE EXCLUSIVE (blocks neither reads nor writes)"), "CONCURRENTLY: " + at.get(5));
        assertTrue(at.get(6).matches(".*public\\.items [A-Z +]*SHARE ROW EXCLUSIVE \\(blocks writes\\), public\\.parents [A-Z +]*SHARE ROW"
                + " EXCLUSIVE \\(blocks writes\\).*"), "foreign key: " + at.get(6));
        assertEquals(1, r.exit(), r.err());

        JsonNode results = new ObjectMapper().readTree(sarif.toFile()).path("runs").get(0).path("results");
        Map<Integer, String> findings = new TreeMap<>();
        for (JsonNode result : results) {
            if (result.path("ruleId").asText().equals("traced-blocking-lock")) {
                JsonNode physical = result.path("locations").get(0).path("physicalLocation");
                assertTrue(physical.path("artifactLocation").path("uri").asText().endsWith("migrations/0002_change.sql"), physical.toString());
                findings.put(physical.path("region").path("startLine").asInt(), result.path("level").asText());
            }
        }
        // a rewrite under ACCESS EXCLUSIVE is an error; the other blocking locks warnings; CONCURRENTLY and the suppressed line nothing
        assertEquals(Map.of(2, "error", 3, "warning", 4, "warning", 6, "warning"), findings, results.toString());
        assertNoneLeftBeside(before);

        Path baseline = dir.resolve("baseline.json");
        assertEquals(0, run("check", "-q", "--trace", "-o", dir.resolve("r.txt").toString(), "--write-baseline", baseline.toString(),
                migrations.toString()).exit());
        Run again = run("check", "-q", "--trace", "-o", dir.resolve("r.txt").toString(), "--fail-on", "warning", "--baseline",
                baseline.toString(), migrations.toString());
        assertEquals(0, again.exit(), "every traced finding is in the baseline, durations aside: " + again.err());
    }

    @Test
    void theSampleSupabaseHistoryTracesToTheEndWithTheSetupItExpects() {
        Path sample = Path.of("..", "samples", "taskboard");
        Run without = run("migrations", "-q", "--trace", "-o", dir.resolve("a.txt").toString(), sample.toString());
        // the roles its policies name are created for the trace as plain roles; Supabase's auth schema is not
        assertTrue(without.err().contains("failed: ERROR: schema \"auth\" does not exist (the trace stops here)"), without.err());
        Run with = run("migrations", "-q", "--trace", "--trace-setup", Path.of("..", "samples", "capture", "supabase-stub.sql").toString(),
                "-o", dir.resolve("b.txt").toString(), sample.toString());
        assertTrue(!with.err().contains("failed:") && with.err().contains("supabase-stub.sql:3: "), with.err());
        assertTrue(with.err().lines().anyMatch(l -> l.contains("0001_activity_and_rls.sql:12: ")
                && l.contains("public.organizations ACCESS EXCLUSIVE (blocks reads and writes)")), "ENABLE ROW LEVEL SECURITY: " + with.err());
    }

    @Test
    void migrationsHelpSaysWhatTheTraceDoes() {
        StringWriter out = new StringWriter();
        var cli = QueryLensCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.execute("migrations", "--help");
        String help = out.toString().replaceAll("\\s+", "");
        for (String said : List.of("throwaway PostgreSQL 16", "rolled back", "querylens:disposable", "CONCURRENTLY", "reads, writes, or both",
                "traced-blocking-lock", "versions")) {
            assertTrue(help.contains(said.replace(" ", "")), "--help says " + said + ": " + out);
        }
    }
}
