package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * check on a repository with JSON files that are no input (a translation table, an OpenAPI
 * description): found by the walk, they are skipped and counted in one note, so the gate judges
 * the migrations; a JSON file that is not one complete document (cut short) may be a damaged plan
 * or log and stays lost input, and so does any JSON file named on the command line.
 */
class ForeignJsonInRepositoryTest {
    @TempDir
    Path dir;

    private record Run(int exit, String err) {
    }

    private Run check(String... paths) {
        StringWriter err = new StringWriter();
        var cli = QueryLensCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        String[] args = new String[paths.length + 4];
        args[0] = "check";
        args[1] = "-q";
        args[2] = "-o";
        args[3] = dir.resolve("report-" + System.nanoTime() + ".txt").toString();
        System.arraycopy(paths, 0, args, 4, paths.length);
        return new Run(cli.execute(args), err.toString());
    }

    @Test
    void jsonDocumentsFoundInARepositoryAreNoLostInputButNamedOrDamagedOnesAre() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Files.createDirectories(repo.resolve("migrations"));
        Files.writeString(repo.resolve("migrations/0001_init.sql"), "CREATE TABLE items (id bigint PRIMARY KEY, title text);\n");
        Files.createDirectories(repo.resolve("locales"));
        Files.writeString(repo.resolve("locales/en.json"), "{\"hello\": \"Hello\", \"items\": {\"one\": \"item\", \"other\": \"items\"}}\n");
        Files.createDirectories(repo.resolve("docs"));
        Files.writeString(repo.resolve("docs/openapi.json"), "[{\"path\": \"/items\", \"methods\": [\"GET\"]}]");

        Run clean = check(repo.toString());
        assertEquals(0, clean.exit(), clean.err());
        Path report = Files.list(dir).filter(p -> p.getFileName().toString().startsWith("report-")).findFirst().orElseThrow();
        assertTrue(Files.readString(report).contains("skipped 2 JSON file(s) found in the directories given"), Files.readString(report));

        Run named = check(repo.resolve("locales/en.json").toString(), repo.resolve("migrations/0001_init.sql").toString());
        assertEquals(2, named.exit(), "a named file that is no input is lost input: " + named.err());

        Files.writeString(repo.resolve("docs/cut.json"), "{\"items\": [1, 2, ");
        Run damaged = check(repo.toString());
        assertEquals(2, damaged.exit(), "a JSON file cut short may be a damaged input: " + damaged.err());
        assertTrue(damaged.err().contains("cut.json"), damaged.err());
    }
}
