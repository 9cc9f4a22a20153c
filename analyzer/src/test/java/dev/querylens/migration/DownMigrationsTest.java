package dev.querylens.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
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
                Path.of("migrations/0004_add_undo_log.sql"),
                // postgrator, as Platformatic DB projects (platformatic/pg-hooks) write it
                Path.of("pg/migrations/001.do.sql"), Path.of("pg/migrations/001.undo.sql"), Path.of("pg/migrations/002.do.sql"));
        List<Path> forward = files.stream().filter(p -> MigrationPaths.isMigration(p.toString())).toList();
        Map<Path, Path> pairs = DownMigrations.pair(forward, files);
        assertEquals(Map.of(
                Path.of("m/20240101000000_users.up.sql"), Path.of("m/20240101000000_users.down.sql"),
                Path.of("migrations/2024-01-01-000000_create_posts/up.sql"), Path.of("migrations/2024-01-01-000000_create_posts/down.sql"),
                Path.of("db/migration/V1_1__init.sql"), Path.of("db/migration/U1.1__init_undone.sql"),
                Path.of("migrations/0003_add_index.sql"), Path.of("migrations/0003_add_index.rollback.sql"),
                Path.of("pg/migrations/001.do.sql"), Path.of("pg/migrations/001.undo.sql")), pairs,
                "a down of another directory (diesel), another version (Flyway U20 is not V2's) or no down at all pairs with nothing");
    }

    /**
     * The two questions asked of the pairing get one answer: the down found on disk (irreversible-step
     * asks whether there is one) is the down paired among the inputs (down-does-not-undo traces it).
     * Before they shared one pairing, Flyway's U1.01 undid V1.1 for one and not the other, and a down in
     * a rollback directory counted for one only.
     */
    @Test
    void theDownOnDiskIsTheDownPairedAmongTheInputs(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Map<String, String> tree = new java.util.TreeMap<>();
        tree.put("db/migration/V1.1__init.sql", "CREATE TABLE a (id int);");
        tree.put("db/migration/U1.01__init.sql", "DROP TABLE a;");
        tree.put("db/migration/V2__more.sql", "CREATE TABLE b (id int);");
        tree.put("sqlx/migrations/1_users.up.sql", "CREATE TABLE u (id int);");
        tree.put("sqlx/migrations/1_users.down.sql", "DROP TABLE u;");
        tree.put("sqlx/migrations/2_keep.up.sql", "CREATE TABLE k (id int);");
        tree.put("sqlx/migrations/2_keep.down.sql", "-- nothing to undo\n");
        tree.put("plain/migrations/0003_idx.sql", "CREATE INDEX i ON a (id);");
        tree.put("plain/migrations/rollback/0003_idx.sql", "DROP INDEX i;");
        tree.put("plain/migrations/0004_col.sql", "ALTER TABLE a ADD c int;");
        tree.put("plain/migrations/0004_col-rollback.sql", "ALTER TABLE a DROP c;");
        tree.put("plain/migrations/0005_none.sql", "ALTER TABLE a ADD d int;");
        tree.put("prisma/migrations/20240101_init/migration.sql", "CREATE TABLE p (id int);");
        tree.put("prisma/migrations/20240101_init/down.sql", "DROP TABLE p;");
        List<Path> files = new java.util.ArrayList<>();
        for (Map.Entry<String, String> e : tree.entrySet()) {
            Path p = dir.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            files.add(Files.writeString(p, e.getValue()));
        }
        List<Path> forward = files.stream().filter(p -> MigrationPaths.role(p.toString()) == MigrationPaths.Role.FORWARD).toList();
        assertEquals(8, forward.size(), forward.toString());
        Map<Path, Path> onDisk = DownMigrations.onDisk(forward);
        Map<Path, Path> amongInputs = new java.util.HashMap<>(DownMigrations.pair(forward, files));
        amongInputs.remove(dir.resolve("sqlx/migrations/2_keep.up.sql"), dir.resolve("sqlx/migrations/2_keep.down.sql"));
        assertEquals(Map.of(
                dir.resolve("db/migration/V1.1__init.sql"), dir.resolve("db/migration/U1.01__init.sql"),
                dir.resolve("sqlx/migrations/1_users.up.sql"), dir.resolve("sqlx/migrations/1_users.down.sql"),
                dir.resolve("plain/migrations/0003_idx.sql"), dir.resolve("plain/migrations/rollback/0003_idx.sql"),
                dir.resolve("plain/migrations/0004_col.sql"), dir.resolve("plain/migrations/0004_col-rollback.sql"),
                dir.resolve("prisma/migrations/20240101_init/migration.sql"), dir.resolve("prisma/migrations/20240101_init/down.sql")),
                onDisk, "a down of comments only (2_keep) undoes nothing; V2 and 0005 have no down");
        assertEquals(onDisk, amongInputs, "among the inputs the same pairs, and the comments-only down is traced too");
        for (Path f : forward) {
            assertEquals(onDisk.containsKey(f), MigrationPaths.hasDown(f.toString(), Files.readString(f), Migrator.PLAIN), f.toString());
        }
    }
}
