package dev.querylens.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which files are applied history, per migrator's layout. */
class MigrationRolesTest {
    @Test
    void downUndoRollbackAndDeclarativeFilesAreToldApartFromForwardMigrations() {
        Map<String, MigrationPaths.Role> expected = new LinkedHashMap<>();
        // sqlx migrate add -r
        expected.put("migrations/20240101000000_users.up.sql", MigrationPaths.Role.FORWARD);
        expected.put("migrations/20240101000000_users.down.sql", MigrationPaths.Role.DOWN);
        // golang-migrate
        expected.put("db/migrations/000001_create_users_table.up.sql", MigrationPaths.Role.FORWARD);
        expected.put("db/migrations/000001_create_users_table.down.sql", MigrationPaths.Role.DOWN);
        // diesel
        expected.put("migrations/2024-01-01-000000_create_posts/up.sql", MigrationPaths.Role.FORWARD);
        expected.put("migrations/2024-01-01-000000_create_posts/down.sql", MigrationPaths.Role.DOWN);
        // Flyway: versioned, repeatable, undo (in a db/migration directory, where any .sql was taken as history)
        expected.put("src/main/resources/db/migration/V1__init.sql", MigrationPaths.Role.FORWARD);
        expected.put("src/main/resources/db/migration/R__views.sql", MigrationPaths.Role.FORWARD);
        expected.put("src/main/resources/db/migration/U1__init.sql", MigrationPaths.Role.DOWN);
        // rollback scripts by suffix or directory, inside a history only
        expected.put("migrations/0003_add_index.rollback.sql", MigrationPaths.Role.DOWN);
        expected.put("migrations/0003_add_index_rollback.sql", MigrationPaths.Role.DOWN);
        expected.put("migrations/rollback/0003_add_index.sql", MigrationPaths.Role.DOWN);
        expected.put("migrations/0004_add_undo_log.sql", MigrationPaths.Role.FORWARD);
        expected.put("scripts/rollback.sql", MigrationPaths.Role.OTHER);
        // a project checked out under a directory named rollback or down: that directory says nothing about its files
        expected.put("/work/rollback/app/migrations/20240101000000_users.up.sql", MigrationPaths.Role.FORWARD);
        expected.put("/home/me/down/app/migrations/0003_add_index.sql", MigrationPaths.Role.FORWARD);
        expected.put("/home/me/down/app/migrations/rollback/0003_add_index.sql", MigrationPaths.Role.DOWN);
        // Supabase: migrations, and the declarative schema they are generated from
        expected.put("supabase/migrations/20240101000000_init.sql", MigrationPaths.Role.FORWARD);
        expected.put("supabase/schemas/todos.sql", MigrationPaths.Role.DECLARATIVE_SCHEMA);
        expected.put("supabase/schemas/public/tables/todos.sql", MigrationPaths.Role.DECLARATIVE_SCHEMA);
        expected.put("prisma/migrations/20240101000000_init/migration.sql", MigrationPaths.Role.FORWARD);
        expected.put("db/structure.sql", MigrationPaths.Role.OTHER);
        expected.put("queries/report.sql", MigrationPaths.Role.OTHER);
        Map<String, MigrationPaths.Role> got = new LinkedHashMap<>();
        expected.keySet().forEach(f -> got.put(f, MigrationPaths.role(f)));
        assertEquals(expected, got);
    }

    /**
     * Flyway's order (flyway migrate): versions compared part by part, V2 before V2.1 before V10 and '_' as a
     * separator like '.', then the repeatable migrations after every versioned one, by description. The names
     * are Marquez's (corpus/schemas/flyway-marquez), whose views in R__ files need the tables of later versions.
     */
    @Test
    void flywayAppliesVersionsPartByPartAndRepeatablesLast() {
        List<String> flywayOrder = List.of("db/V1__initial_schema.sql", "db/V2__add_job_contexts.sql",
                "db/V2.1__alter_job_versions_to_add_job_context_uuid.sql", "db/V3__drop_not_null_constraint_on_job_location.sql",
                "db/V17.1__unique_version_constraint.sql", "db/V17.2__open_lineage.sql", "db/V17_3__underscore.sql",
                "db/V66.1__alter_job_facets.sql", "db/V74__alter_jobs_to_add_current_run_uuid.sql",
                "db/R__1_Jobs_view_and_rewrite_function.sql", "db/R__2_Runs_view.sql", "db/R__3_Datasets_view.sql");
        List<String> sorted = new ArrayList<>(flywayOrder);
        java.util.Collections.reverse(sorted);
        sorted.sort(MigrationPaths.ORDER);
        assertEquals(flywayOrder, sorted);
    }

    /**
     * goose and dbmate are told from the annotations that open a file's up section, with their way out of the
     * transaction (goose's NO TRANSACTION, as OpenFGA's 006_add_collate_index.sql writes it; dbmate's
     * transaction:false), so CONCURRENTLY in such a file is no concurrently-in-transaction finding.
     */
    @Test
    void gooseAndDbmateFilesAreToldByTheirAnnotations() throws Exception {
        Path openfga = Path.of("src/test/resources/corpus/schemas/goose-openfga/assets/migrations/postgres");
        String create = Files.readString(openfga.resolve("001_initialize_schema.sql"));
        String concurrently = Files.readString(openfga.resolve("006_add_collate_index.sql"));
        assertEquals(Migrator.GOOSE, MigrationPaths.migrator("a/001_initialize_schema.sql", create));
        assertEquals(Migrator.Transaction.FILE, MigrationPaths.transaction("a/001_initialize_schema.sql", create, Migrator.GOOSE));
        assertEquals(Migrator.Transaction.NONE, MigrationPaths.transaction("a/006_add_collate_index.sql", concurrently, Migrator.GOOSE));
        String dbmate = "-- migrate:up\nCREATE INDEX x ON t (a);\n\n-- migrate:down\nDROP INDEX x;\n";
        String dbmateNoTx = "-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY x ON t (a);\n\n-- migrate:down\nDROP INDEX x;\n";
        assertEquals(Migrator.DBMATE, MigrationPaths.migrator("db/migrations/20240101000000_x.sql", dbmate));
        assertEquals(Migrator.Transaction.FILE, MigrationPaths.transaction("db/migrations/20240101000000_x.sql", dbmate, Migrator.DBMATE));
        assertEquals(Migrator.Transaction.NONE, MigrationPaths.transaction("db/migrations/20240101000000_x.sql", dbmateNoTx, Migrator.DBMATE));
    }

    /**
     * Which forward migrations have a down migration to run, in each tool's layout: irreversible-step
     * asks for a rollback plan only where there is none. A down file of comments only (diesel migration
     * generate leaves one) undoes nothing.
     */
    @Test
    void downMigrationsAreFoundInEachToolsLayoutAndEmptyOnesDoNotCount(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path diesel = Files.createDirectories(dir.resolve("migrations/2024-01-01-000000_drop"));
        Files.writeString(diesel.resolve("up.sql"), "ALTER TABLE t DROP COLUMN c;");
        Files.writeString(diesel.resolve("down.sql"), "-- This file should undo anything in `up.sql`\n");
        assertFalse(MigrationPaths.hasDown(diesel.resolve("up.sql").toString(), null, Migrator.DIESEL), "a down.sql of comments only");
        Files.writeString(diesel.resolve("down.sql"), "ALTER TABLE t ADD COLUMN c text;");
        assertTrue(MigrationPaths.hasDown(diesel.resolve("up.sql").toString(), null, Migrator.DIESEL));

        Path flyway = Files.createDirectories(dir.resolve("db/migration"));
        Files.writeString(flyway.resolve("V2_1__drop.sql"), "DROP TABLE t;");
        Files.writeString(flyway.resolve("V3__other.sql"), "DROP TABLE u;");
        Files.writeString(flyway.resolve("U2.1__drop.sql"), "CREATE TABLE t (id int);");
        assertTrue(MigrationPaths.hasDown(flyway.resolve("V2_1__drop.sql").toString(), null, Migrator.FLYWAY), "U2.1 undoes V2_1");
        assertFalse(MigrationPaths.hasDown(flyway.resolve("V3__other.sql").toString(), null, Migrator.FLYWAY));

        String goose = "-- +goose Up\nDROP TABLE t;\n-- +goose Down\nCREATE TABLE t (id int);\n";
        String gooseNoDown = "-- +goose Up\nDROP TABLE t;\n-- +goose Down\n";
        Path g = Files.writeString(dir.resolve("00002_drop.sql"), goose);
        assertTrue(MigrationPaths.hasDown(g.toString(), goose, Migrator.GOOSE));
        assertFalse(MigrationPaths.hasDown(g.toString(), gooseNoDown, Migrator.GOOSE), "an empty down section");

        Path drizzle = Files.createDirectories(dir.resolve("drizzle"));
        Files.writeString(drizzle.resolve("0003_drop.sql"), "DROP TABLE t;");
        assertFalse(MigrationPaths.hasDown(drizzle.resolve("0003_drop.sql").toString(), null, Migrator.DRIZZLE_KIT));
        Files.writeString(drizzle.resolve("0003_drop.rollback.sql"), "CREATE TABLE t (id int);");
        assertTrue(MigrationPaths.hasDown(drizzle.resolve("0003_drop.sql").toString(), null, Migrator.DRIZZLE_KIT), "a rollback script beside it");

        assertEquals(MigrationPaths.historyDirectory("p/prisma/migrations/20240101_a/migration.sql"), "p/prisma/migrations");
        assertEquals(MigrationPaths.historyDirectory("p/migrations/1_a.up.sql"), "p/migrations");
    }
}
