package dev.querylens.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.querylens.advisor.PostgresServer;
import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.analysis.ProjectConfig;
import dev.querylens.collect.SqlScript;
import dev.querylens.collect.SqlStatementText;
import dev.querylens.engine.RuleCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DROP INDEX IF EXISTS of a name that no longer names an index (Marquez's V43 and V45, corpus/schemas/flyway-marquez,
 * do it after dropping the constraint that owned the index, and after ADD CONSTRAINT ... USING INDEX renamed it):
 * PostgreSQL finds nothing, takes no lock, and index-without-concurrently must stay silent; where the index is
 * still there the drop locks the table and the rule must speak. PostgreSQL decides which is which: each DROP
 * INDEX IF EXISTS is preceded, on the server, by asking whether the name is an index at that point.
 */
class DropIndexIfExistsOnPostgresTest {
    private static PostgresServer pg;
    private static final Pattern DROP = Pattern.compile("(?i)^drop index if exists (\\w+)");

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @Test
    void aDropOfAnIndexThatIsGoneIsNoFindingAndADropOfOneThatIsThereIs() throws Exception {
        // the first migration creates the table (so it exists before the second), the second is Marquez's pattern
        String create = """
                CREATE TABLE jobs (uuid uuid PRIMARY KEY, name varchar NOT NULL, namespace_uuid uuid NOT NULL, parent uuid,
                    UNIQUE (namespace_uuid, name));
                CREATE INDEX jobs_name_index ON jobs (name);
                ALTER TABLE jobs ADD CONSTRAINT jobs_parent_fk FOREIGN KEY (parent) REFERENCES jobs (uuid);
                """;
        String change = """
                DROP INDEX IF EXISTS jobs_name_index;
                ALTER TABLE jobs DROP CONSTRAINT jobs_namespace_uuid_name_key;
                DROP INDEX IF EXISTS jobs_namespace_uuid_name_key;
                CREATE UNIQUE INDEX jobs_name_parent ON jobs (name, namespace_uuid, parent);
                CREATE UNIQUE INDEX jobs_name_null_parent ON jobs (name, namespace_uuid) WHERE parent IS NULL;
                ALTER TABLE jobs ADD CONSTRAINT unique_jobs_name_parent UNIQUE USING INDEX jobs_name_parent;
                DROP INDEX IF EXISTS jobs_name_parent;
                ALTER TABLE jobs DROP CONSTRAINT IF EXISTS jobs_name_null_parent;
                DROP INDEX IF EXISTS jobs_name_null_parent;
                ALTER TABLE jobs DROP CONSTRAINT jobs_parent_fk;
                DROP INDEX IF EXISTS jobs_parent_fk;
                ALTER TABLE jobs DROP CONSTRAINT IF EXISTS unique_jobs_name_parent;
                DROP INDEX IF EXISTS unique_jobs_name_parent;
                """;
        TreeSet<Integer> serverSays = new TreeSet<>();
        try (Connection admin = pg.connect("postgres"); Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE gone");
        }
        try (Connection c = pg.connect("gone"); Statement s = c.createStatement()) {
            for (SqlStatementText st : SqlScript.split(create)) {
                s.execute(st.sql());
            }
            for (SqlStatementText st : SqlScript.split(change)) {
                Matcher m = DROP.matcher(st.sql());
                if (m.find()) {
                    try (ResultSet r = s.executeQuery("SELECT to_regclass('" + m.group(1) + "') IS NOT NULL")) {
                        r.next();
                        if (r.getBoolean(1)) {
                            serverSays.add(st.line());
                        }
                    }
                }
                s.execute(st.sql());
            }
        }
        Path root = dir.resolve("project");
        Files.createDirectories(root.resolve("migrations"));
        Files.writeString(root.resolve("migrations/0001_create.sql"), create);
        Files.writeString(root.resolve("migrations/0002_change.sql"), change);
        TreeSet<Integer> reported = new TreeSet<>();
        new Analysis(RuleCatalog.load(), "test", m -> { })
                .run(new AnalysisRequest(List.of(root), List.of(), null, ProjectConfig.none()))
                .findings().stream()
                .filter(f -> f.rule().equals("index-without-concurrently") && f.message().toLowerCase(Locale.ROOT).startsWith("drop index"))
                .forEach(f -> reported.add((int) f.locations().get(0).line()));
        // written down before the run: the plain index (line 1) and the partial unique index the IF EXISTS constraint drop missed (line 9)
        assertEquals(new TreeSet<>(List.of(1, 9)), serverSays, "the indexes PostgreSQL still had when each DROP INDEX IF EXISTS ran");
        assertEquals(serverSays, reported, "DROP INDEX findings against the drops PostgreSQL found an index for");
    }
}
