package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pre-commit hook (.pre-commit-hooks.yaml) run as pre-commit runs it: its entry with the matching staged files. */
class PreCommitHookTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private record Result(int exit, String output) {
    }

    private JsonNode hook() throws Exception {
        JsonNode hooks = new ObjectMapper(new YAMLFactory()).readTree(REPO.resolve(".pre-commit-hooks.yaml").toFile());
        assertEquals(1, hooks.size());
        return hooks.get(0);
    }

    /** pre-commit's way: the entry, then the staged files its `files` pattern matches, from the project's root. */
    private Result commit(Path project, String... staged) throws Exception {
        JsonNode hook = hook();
        Pattern files = Pattern.compile(hook.get("files").asText());
        List<String> command = new ArrayList<>(List.of(hook.get("entry").asText().split(" ")));
        command.set(0, REPO.resolve(command.get(0)).toString()); // language: script runs the entry from the hook repository
        for (String f : staged) {
            if (files.matcher(f).find()) {
                command.add(f);
            }
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true);
        pb.environment().put("QUERYLENS_JAR", ClasspathJar.write(dir).toString());
        pb.environment().put("QUERYLENS_NO_CACHE", "1");
        pb.environment().put("PATH", ClasspathJar.javaBin() + File.pathSeparator + System.getenv("PATH"));
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    @Test
    void theHookIsAScriptOnSqlFiles() throws Exception {
        JsonNode hook = hook();
        assertEquals("querylens-migrations", hook.get("id").asText());
        assertEquals("script", hook.get("language").asText());
        assertTrue(Files.isExecutable(REPO.resolve(hook.get("entry").asText().split(" ")[0])));
        Pattern files = Pattern.compile(hook.get("files").asText());
        assertTrue(files.matcher("db/migrations/0003_add_index.sql").find());
        assertFalse(files.matcher("src/Main.java").find());
        assertFalse(files.matcher("schema.sql.bak").find());
    }

    @Test
    void failsACommitOfAMigrationThatLocksALiveTableAndPassesOtherSql() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        Path migrations = Files.createDirectories(project.resolve("db/migrations"));
        Files.writeString(migrations.resolve("0001_init.sql"), "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n");
        Files.writeString(migrations.resolve("0002_index.sql"), "CREATE INDEX orders_customer_idx ON orders (customer_id);\n");
        Files.createDirectories(project.resolve("queries"));
        Files.writeString(project.resolve("queries/report.sql"), "SELECT id FROM orders WHERE customer_id = 1;\n");

        Result hazard = commit(project, "db/migrations/0001_init.sql", "db/migrations/0002_index.sql", "README.md");
        assertEquals(1, hazard.exit(), hazard.output());
        assertTrue(hazard.output().contains("db/migrations/0002_index.sql:1: warning index-without-concurrently"), hazard.output());

        Result safe = commit(project, "db/migrations/0001_init.sql");
        assertEquals(0, safe.exit(), "a new table is not a live one: " + safe.output());

        Result noMigration = commit(project, "queries/report.sql", "src/Main.java");
        assertEquals(0, noMigration.exit(), "no migration among the staged files: nothing to lint: " + noMigration.output());
        assertEquals("", noMigration.output());
    }
}
