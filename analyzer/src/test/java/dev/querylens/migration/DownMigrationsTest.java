package dev.querylens.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which down undoes which migration, as each migrator pairs them. */
class DownMigrationsTest {
    @Test
    void eachMigratorsDownPairsWithTheMigrationItUndoes() {
        List<Path> files = List.of(
                Path.of("m/20240101000000_users.up.sql"), Path.of("m/20240101000000_users.down.sql"),
                Path.of("m/20240102000000_orders.up.sql"),
                Path.of("migrations/2024-01-01-000000_create_posts/up.sql"), Path.of("migrations/2024-01-01-000000_create_posts/down.sql"),
                Path.of("migrations/2024-01-02-000000_tags/up.sql"), Path.of("migrations/2024-01-03-000000_tags/down.sql"),
                Path.of("db/migration/V1_1__init.sql"), Path.of("db/migration/U1.1__init_undone.sql"),
                Path.of("db/migration/V2__more.sql"), Path.of("db/migration/U20__other.sql"),
                Path.of("migrations/0003_add_index.sql"), Path.of("migrations/0003_add_index.rollback.sql"),
                Path.of("migrations/0004_add_undo_log.sql"));
        List<Path> forward = files.stream().filter(p -> MigrationPaths.isMigration(p.toString())).toList();
        Map<Path, Path> pairs = DownMigrations.pair(forward, files);
        assertEquals(Map.of(
                Path.of("m/20240101000000_users.up.sql"), Path.of("m/20240101000000_users.down.sql"),
                Path.of("migrations/2024-01-01-000000_create_posts/up.sql"), Path.of("migrations/2024-01-01-000000_create_posts/down.sql"),
                Path.of("db/migration/V1_1__init.sql"), Path.of("db/migration/U1.1__init_undone.sql"),
                Path.of("migrations/0003_add_index.sql"), Path.of("migrations/0003_add_index.rollback.sql")), pairs,
                "a down of another directory (diesel), another version (Flyway U20 is not V2's) or no down at all pairs with nothing");
    }
}
