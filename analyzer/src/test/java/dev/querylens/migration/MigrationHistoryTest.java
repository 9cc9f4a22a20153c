package dev.querylens.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.collect.Execution;
import dev.querylens.collect.SourceKind;
import dev.querylens.collect.SourceLocation;
import dev.querylens.collect.SqlScript;
import dev.querylens.collect.SqlStatementText;
import dev.querylens.schema.Catalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history is replayed in the migrator's order, and each step knows what the files before it did. */
class MigrationHistoryTest {
    @TempDir
    Path dir;

    private static void add(MigrationHistory h, String file, String text) {
        for (SqlStatementText st : SqlScript.split(text)) {
            h.add(new Execution(SourceKind.SQL_FILE, new SourceLocation(file, st.line()), st.sql(), null, null, null, Double.NaN, null, st.suppressed()));
        }
    }

    @Test
    void filesApplyInVersionOrderWithNumbersComparedAsNumbers() {
        MigrationHistory h = new MigrationHistory();
        add(h, "db/migration/V10__alter.sql", "ALTER TABLE t ALTER COLUMN c TYPE bigint;");
        add(h, "db/migration/V2__create.sql", "CREATE TABLE t (c integer);");
        List<MigrationStep> steps = h.steps(Catalog.empty());
        assertEquals(List.of("db/migration/V2__create.sql", "db/migration/V10__alter.sql"), steps.stream().map(s -> s.at().file()).toList());
        assertEquals("integer", steps.get(1).previousType(), "V2 ran first, so V10 sees the type V2 created");
        assertTrue(steps.get(1).existingTable(), "created by an earlier file: a live table");
        assertFalse(steps.get(0).explicitTransaction());
    }

    @Test
    void aTableIsNewOnlyInTheFileThatCreatesItAndRenamesFollowIt() {
        MigrationHistory h = new MigrationHistory();
        add(h, "migrations/0001_a.sql", "CREATE TABLE draft (id bigint);\nALTER TABLE draft RENAME TO final;\nCREATE INDEX final_idx ON final (id);\nDROP INDEX final_idx;");
        add(h, "migrations/0002_b.sql", "CREATE INDEX final_idx2 ON final (id);");
        List<MigrationStep> steps = h.steps(Catalog.empty());
        assertTrue(steps.get(2).newTable(), "the renamed table is still the one created in this file");
        assertTrue(steps.get(3).newTable(), "an index built on a new table is dropped from a new table");
        assertTrue(steps.get(4).existingTable());
    }

    /**
     * graphile/starter's first migration drops its tables IF EXISTS before creating them (graphile-migrate's current
     * migration is rerun on every save): on the history's database those tables do not exist yet, so the drop destroys
     * and locks nothing. A DROP TABLE IF EXISTS of a table an earlier file created is a real drop, and so is one of a table
     * the history never knew and this file does not create (the history may be an excerpt).
     */
    @Test
    void aDropTableIfExistsBeforeTheSameFileCreatesTheTableDropsNothing() {
        MigrationHistory h = new MigrationHistory();
        add(h, "migrations/committed/000001.sql", "drop table if exists app_public.organizations cascade;\n"
                + "drop table if exists app_public.legacy;\ncreate table app_public.organizations (id uuid primary key);");
        add(h, "migrations/committed/000002.sql", "drop table if exists app_public.organizations;\ncreate table app_public.organizations (id int);");
        List<MigrationStep> steps = h.steps(Catalog.empty());
        assertEquals(List.of("migrations/committed/000001.sql:2", "migrations/committed/000001.sql:3", "migrations/committed/000002.sql:1",
                "migrations/committed/000002.sql:2"), steps.stream().map(s -> s.at().file() + ":" + s.at().line()).toList());
        assertEquals("legacy", Operation.bare(steps.get(0).op().table()), "a table the history never knew, which this file does not create");
        assertTrue(steps.get(2).existingTable(), "000002 drops the table 000001 created: a live table");
    }

    @Test
    void theMigratorIsToldFromTheFile() throws Exception {
        Path drizzle = Files.writeString(dir.resolve("0001_x.sql"), "CREATE TABLE a (id int);\n--> statement-breakpoint\nCREATE TABLE b (id int);\n");
        assertEquals(Migrator.DRIZZLE_KIT, MigrationPaths.migrator(drizzle.toString(), Files.readString(drizzle)));
        assertEquals(Migrator.PRISMA, MigrationPaths.migrator("prisma/migrations/20240102030405_add_tags/migration.sql", ""));
        assertEquals(Migrator.FLYWAY, MigrationPaths.migrator("src/main/resources/db/migration/V3__add_tags.sql", ""));
        assertEquals(Migrator.DIESEL, MigrationPaths.migrator("migrations/2024-01-02-030405_add_tags/up.sql", ""));
        assertEquals(Migrator.GOLANG_MIGRATE, MigrationPaths.migrator("db/000003_add_tags.up.sql", ""));
        assertEquals(Migrator.SUPABASE, MigrationPaths.migrator("supabase/migrations/20240102030405_add_tags.sql", ""));
        assertEquals(Migrator.PLAIN, MigrationPaths.migrator("db/migrate/0001_init.sql", "CREATE TABLE a (id int);"));
        Files.createDirectories(dir.resolve("server/migrations"));
        Files.writeString(dir.resolve("server/Cargo.toml"), "[package]\nname = \"server\"\n");
        assertEquals(Migrator.SQLX, MigrationPaths.migrator(dir.resolve("server/migrations/20240102030405_tags.sql").toString(), ""));
        assertEquals(Migrator.Transaction.NONE, MigrationPaths.transaction("m/20240102030405_tags.sql", "-- no-transaction\nSELECT 1;", Migrator.SQLX));
        assertEquals(Migrator.Transaction.NONE, MigrationPaths.transaction("db/migration/V4__i.sql",
                "CREATE INDEX CONCURRENTLY i ON t (c);", Migrator.FLYWAY), "Flyway runs a migration with CONCURRENTLY outside a transaction");
        assertTrue(Migrator.wraps(Migrator.Transaction.IMPLICIT, 2) && !Migrator.wraps(Migrator.Transaction.IMPLICIT, 1));
    }

    @Test
    void historiesOfEveryLayoutAreHistoriesAndDownMigrationsAndDumpsAreNot() {
        for (String f : List.of("prisma/migrations/01_init/migration.sql", "sql/0001_init.up.sql", "migrations/00000000000000_setup/up.sql",
                "db/migration/V1__init.sql", "supabase/migrations/20240101000000_init.sql", "lib/db/migrations/0000_init.sql")) {
            assertTrue(MigrationPaths.isMigration(f), f);
        }
        for (String f : List.of("sql/0001_init.down.sql", "migrations/2024-01-01-000000_x/down.sql", "db/structure.sql", "app/queries.sql")) {
            assertFalse(MigrationPaths.isMigration(f), f);
        }
        assertTrue(MigrationPaths.isMigrationFile("sql/0001_init.down.sql"), "a down migration still runs once");
    }

    @Test
    void dieselVersionsCompareWithoutTheirDashes() {
        MigrationHistory h = new MigrationHistory();
        add(h, "migrations/2017-08-31-230457_later/up.sql", "ALTER TABLE t ADD COLUMN d int;");
        add(h, "migrations/20170820180453_earlier/up.sql", "CREATE TABLE t (c int);");
        List<MigrationStep> steps = h.steps(Catalog.empty());
        assertEquals("migrations/20170820180453_earlier/up.sql", steps.get(0).at().file());
    }

    @Test
    void beginAndLockTimeoutHoldUntilTheFileSaysOtherwise() {
        MigrationHistory h = new MigrationHistory();
        add(h, "migrations/0001.sql", "SET lock_timeout = '2s';\nBEGIN;\nALTER TABLE t ADD COLUMN c int;\nCOMMIT;\nSET lock_timeout = 0;\nALTER TABLE t ADD COLUMN d int;");
        List<MigrationStep> steps = h.steps(Catalog.empty());
        assertTrue(steps.get(2).explicitTransaction() && steps.get(2).lockTimeoutSet());
        assertFalse(steps.get(5).explicitTransaction() || steps.get(5).lockTimeoutSet());
    }
}
