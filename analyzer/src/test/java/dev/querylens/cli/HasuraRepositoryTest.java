package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository as Hasura projects are at first contact (andrewMacmurray/realworld-hasura's shape): a
 * Hasura project with metadata/ and migrations/default/, actions written in PureScript and Dhall, a
 * coverage file the server wrote, a package manager's crash log. Walked, the files of kinds no input
 * has are counted in notes, not lost; a .log QueryLens cannot read and any file named on the command
 * line still are. The migrations are Hasura's: its fixes, its downs, every column of a UNIQUE's key.
 * A statement with a long string literal (a seed, a function body) is read like any other.
 */
class HasuraRepositoryTest {
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

    private Path repository() throws Exception {
        Path hasura = dir.resolve("backend/hasura");
        write(hasura.resolve("config.yaml"), "version: 3\nendpoint: http://localhost:8080\nmetadata_directory: metadata\n");
        write(hasura.resolve("metadata/databases/default/tables/public_likes.yaml"), "table:\n  name: likes\n  schema: public\n");
        write(hasura.resolve("metadata/actions.graphql"), "type Mutation { login(username: String!): Token }\n");
        Path m = hasura.resolve("migrations/default");
        write(m.resolve("1590346274456_create_table_public_likes/up.sql"),
                "CREATE TABLE \"public\".\"likes\"(\"id\" serial NOT NULL, \"user_id\" integer NOT NULL, \"article_id\" integer NOT NULL,"
                        + " PRIMARY KEY (\"id\"));\n");
        write(m.resolve("1590346274456_create_table_public_likes/down.sql"), "DROP TABLE \"public\".\"likes\";\n");
        write(m.resolve("1591123476154_alter_table_public_likes_add_unique_user_id_article_id/up.sql"),
                "alter table \"public\".\"likes\" add constraint \"likes_user_id_article_id_key\" unique (\"user_id\", \"article_id\");\n");
        write(m.resolve("1591123476154_alter_table_public_likes_add_unique_user_id_article_id/down.sql"),
                "alter table \"public\".\"likes\" drop constraint \"likes_user_id_article_id_key\";\n");
        write(m.resolve("1592000000000_likes_index/up.sql"), "CREATE INDEX CONCURRENTLY likes_article_idx ON likes (article_id);\n");
        // a literal of 200,000 characters (under the parse limit): the regular expressions that read literals once recursed per
        // character and overflowed the stack (HSLdevcom/jore4-hasura's timetables migrations)
        write(m.resolve("1593000000000_seed_note/up.sql"), "ALTER TABLE likes ADD COLUMN note text;\nUPDATE likes SET note = '"
                + "it''s ".repeat(10_000) + "x".repeat(140_000) + "' WHERE note IS NULL;\n");
        write(dir.resolve("backend/actions/src/Main.purs"), "module Main where\n\nimport Prelude\n\nmain = pure unit\n");
        write(dir.resolve("backend/actions/spago.dhall"), "{ name = \"actions\", dependencies = [ \"prelude\" ] }\n");
        write(dir.resolve("backend/actions/deploy"), "#!/usr/bin/env bash\nset -e\nnpx spago build\n");
        write(dir.resolve("backend/graphql-engine.tix"), "Tix [ TixModule \"Main\" 1234 3 [1,0,2]]\n");
        write(dir.resolve("frontend/yarn-error.log"), "Arguments: \n  /usr/bin/node yarn install\n\nTrace: \n  Error: EACCES\n");
        return dir;
    }

    @Test
    void aHasuraRepositoryIsJudgedWithItsMigratorAndNoFileOfAnotherKindIsLostInput() throws Exception {
        Path repo = repository();
        Path out = work.resolve("report.json");
        int exit = run("migrations", "-q", "--format", "json", "-o", out.toString(), repo.toString());
        JsonNode report = new ObjectMapper().readTree(out.toFile());
        assertEquals(ExitCode.GATE_FAILED, exit, err + report.path("diagnostics").toPrettyString());
        String diagnostics = report.path("diagnostics").toString();
        assertTrue(diagnostics.contains("skipped 4 file(s) found in the directories given that no source recognised and that no input is:"
                + " scripts or files whose extension no input has (#! scripts, .dhall, .purs, .tix;"), diagnostics);
        assertTrue(diagnostics.contains("1 package manager debug logs"), diagnostics);
        assertFalse(report.path("findings").toString().contains("diesel"), "the migrations are Hasura's, not diesel's: " + report.toPrettyString());
        assertFalse(diagnostics.contains("not parsed"), "a statement under the parse limit is parsed, whatever its literal holds: " + diagnostics);

        JsonNode unique = null;
        JsonNode concurrently = null;
        for (JsonNode f : report.path("findings")) {
            switch (f.path("rule").asText()) {
                case "unique-without-index" -> unique = f;
                case "concurrently-in-transaction" -> concurrently = f;
                default -> { }
            }
        }
        assertTrue(unique != null && unique.path("fix").asText().contains("ON public.likes (\"user_id\", \"article_id\")"),
                "the prebuilt index covers the whole key: " + unique);
        assertTrue(concurrently != null && concurrently.path("fix").asText().contains("hasura migrate apply"),
                "Hasura runs each up.sql in a transaction with no opt-out: " + concurrently);
    }

    @Test
    void aLogQueryLensCannotReadAndAnyNamedFileStayLostInput() throws Exception {
        Path repo = repository();
        assertEquals(ExitCode.USAGE_OR_INPUT, run("check", "-q", "-o", work.resolve("a.txt").toString(),
                repo.resolve("backend/actions/src/Main.purs").toString(), repo.resolve("backend/hasura").toString()),
                "a file named on the command line that is no input is lost input: " + err);
        write(repo.resolve("logs/server.log"), "this is no log line QueryLens knows\nnor is this\n");
        assertEquals(ExitCode.USAGE_OR_INPUT, run("check", "-q", "-o", work.resolve("b.txt").toString(), repo.toString()),
                "a walked .log that cannot be read may be the input the user meant: " + err);
        assertTrue(err.toString().contains("server.log"), err.toString());
    }
}
