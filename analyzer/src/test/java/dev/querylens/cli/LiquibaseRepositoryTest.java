package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spring Boot repository with Liquibase formatted-SQL changelogs at first contact (the layout of
 * vov4ik89/autoservice-angular, 3295229f: db/changelog/db.changelog-master.yaml including changes/*.sql by
 * classpath path; the SQL is ours). Before, none of it was a migration ({@code migrations} exited 2, "no
 * migration file"); now the history is Liquibase's: its fixes, its runInTransaction:false, its --rollback lines.
 */
class LiquibaseRepositoryTest {
    @TempDir
    Path dir;
    @TempDir
    Path work;

    private final RepositoryRun cli = new RepositoryRun();
    private final java.io.StringWriter err = cli.err;

    private static void write(Path file, String text) throws Exception {
        RepositoryRun.write(file, text);
    }

    private int run(String... args) {
        return cli.run(args);
    }

    private Path changes(String indexChangeset) throws Exception {
        Path changelog = dir.resolve("backend/src/main/resources/db/changelog");
        write(dir.resolve("backend/pom.xml"), "<project><artifactId>autoservice</artifactId></project>\n");
        write(dir.resolve("backend/src/main/resources/application.properties"),
                "spring.liquibase.change-log=classpath:db/changelog/db.changelog-master.yaml\n");
        write(changelog.resolve("db.changelog-master.yaml"), "databaseChangeLog:\n"
                + "  - include:\n      file: /db/changelog/changes/create-owners-table.sql\n"
                + "  - include:\n      file: /db/changelog/changes/create-cars-table.sql\n"
                + "  - include:\n      file: /db/changelog/changes/index-cars.sql\n");
        Path changes = changelog.resolve("changes");
        write(changes.resolve("create-owners-table.sql"), "--liquibase formatted sql\n--changeset <postgres>:<create-owners-table>\n"
                + "CREATE TABLE IF NOT EXISTS owners (id bigserial PRIMARY KEY, name varchar(255));\n--rollback DROP TABLE owners;\n");
        write(changes.resolve("create-cars-table.sql"), "--liquibase formatted sql\n--changeset <postgres>:<create-cars-table>\n"
                + "CREATE TABLE IF NOT EXISTS cars (id bigserial PRIMARY KEY, model varchar(255),"
                + " owner_id bigint CONSTRAINT cars_fk REFERENCES owners);\n--rollback DROP TABLE cars;\n");
        write(changes.resolve("index-cars.sql"), "--liquibase formatted sql\n" + indexChangeset + "\n"
                + "CREATE INDEX CONCURRENTLY cars_owner_idx ON cars (owner_id);\n--rollback DROP INDEX CONCURRENTLY cars_owner_idx;\n\n"
                + "--changeset ann:4\nALTER TABLE cars DROP COLUMN model;\n");
        return changes;
    }

    private JsonNode report(String name, int expectedExit, String... args) throws Exception {
        Path out = work.resolve(name);
        String[] all = new String[args.length + 4];
        all[0] = args[0];
        all[1] = "-q";
        all[2] = "--format=json";
        all[3] = "-o";
        all[4] = out.toString();
        System.arraycopy(args, 1, all, 5, args.length - 1);
        int exit = run(all);
        assertTrue(Files.isRegularFile(out), "exit " + exit + ": " + err);
        JsonNode report = new ObjectMapper().readTree(out.toFile());
        assertEquals(expectedExit, exit, err + report.path("diagnostics").toPrettyString());
        return report;
    }

    private static JsonNode finding(JsonNode report, String rule) {
        for (JsonNode f : report.path("findings")) {
            if (f.path("rule").asText().equals(rule)) {
                return f;
            }
        }
        return null;
    }

    @Test
    void aChangesetThatOptsOutOfTheTransactionMayBuildConcurrentlyAndTheRepositoryLosesNoInput() throws Exception {
        changes("--changeset ann:3 runInTransaction:false");
        JsonNode report = report("ok.json", ExitCode.OK, "check", dir.toString());
        assertEquals(null, finding(report, "concurrently-in-transaction"), report.toPrettyString());
        assertFalse(report.path("diagnostics").toString().contains("no migration file"), report.path("diagnostics").toString());
        JsonNode irreversible = finding(report, "irreversible-step");
        assertTrue(irreversible != null && irreversible.path("fix").asText().contains("--rollback"),
                "the changeset without --rollback is the one liquibase rollback cannot undo: " + irreversible);
    }

    @Test
    void aChangesetInItsTransactionFailsOnConcurrentlyAndTheFixIsLiquibases() throws Exception {
        changes("--changeset ann:3");
        JsonNode report = report("fail.json", ExitCode.GATE_FAILED, "migrations", dir.toString());
        JsonNode concurrently = finding(report, "concurrently-in-transaction");
        assertTrue(concurrently != null && concurrently.path("fix").asText().contains("runInTransaction:false"),
                "Liquibase runs each changeset in a transaction unless its line opts out: " + report.toPrettyString());
        assertEquals(null, finding(report, "unindexed-foreign-key"), "owners exists before cars references it");
    }
}
