package dev.querylens.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
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
}
