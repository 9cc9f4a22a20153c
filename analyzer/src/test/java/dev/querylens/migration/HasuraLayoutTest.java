package dev.querylens.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.collect.InputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Hasura project read as {@code hasura migrate apply} applies it: each {@code <version>_name/up.sql}
 * in version order, its {@code down.sql} as its down, applied by Hasura (each up.sql in a transaction of
 * its own, no opt-out), not by diesel, whose migrations have the same shape; the project's config.yaml,
 * in either of Hasura's layouts, is what tells them apart.
 */
class HasuraLayoutTest {
    @TempDir
    Path dir;

    private static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void aHasuraProjectsMigrationsAreHasurasInVersionOrderWithTheirDowns() throws Exception {
        // config v3: migrations/<database>/<version>_name/, as hasura init and hasura migrate create write them
        Path project = dir.resolve("backend/hasura");
        write(project.resolve("config.yaml"), "version: 3\nendpoint: http://localhost:8080\nmetadata_directory: metadata\n");
        write(project.resolve("metadata/databases/databases.yaml"), "- name: default\n");
        Path migrations = project.resolve("migrations/default");
        write(migrations.resolve("1590346274456_create_users/up.sql"), "CREATE TABLE users (id serial PRIMARY KEY);\n");
        write(migrations.resolve("1590346274456_create_users/down.sql"), "DROP TABLE users;\n");
        write(migrations.resolve("990000000000_older/up.sql"), "CREATE TABLE older (id int);\n");
        write(migrations.resolve("1591123476154_index/up.sql"), "CREATE INDEX CONCURRENTLY users_id_idx ON users (id);\n");

        List<String> forward = new ArrayList<>();
        for (Path p : InputFiles.expand(List.of(dir), d -> { })) {
            if (MigrationPaths.isMigration(p.toString())) {
                forward.add(migrations.relativize(p).toString());
            }
        }
        // versions as numbers: a 12-digit version is older than a 13-digit one, though it sorts after it as text
        assertEquals(List.of("990000000000_older/up.sql", "1590346274456_create_users/up.sql", "1591123476154_index/up.sql"), forward);

        String up = migrations.resolve("1590346274456_create_users/up.sql").toString();
        assertEquals(Migrator.HASURA, MigrationPaths.migrator(up, "CREATE TABLE users (id serial PRIMARY KEY);"));
        String index = migrations.resolve("1591123476154_index/up.sql").toString();
        assertEquals(Migrator.Transaction.FILE, MigrationPaths.transaction(index, "CREATE INDEX CONCURRENTLY users_id_idx ON users (id);",
                Migrator.HASURA), "run_sql runs in a transaction, even for a migration of one CONCURRENTLY statement");
        assertEquals(MigrationPaths.Role.DOWN, MigrationPaths.role(migrations.resolve("1590346274456_create_users/down.sql").toString()));
        assertTrue(MigrationPaths.hasDown(up, null, Migrator.HASURA));
        assertEquals(Migrator.HASURA, Migrator.named("hasura"));
    }

    @Test
    void theConfigYamlTellsHasuraFromDieselInEitherLayout() throws Exception {
        // config v2: migrations/<version>_name/ directly below the project
        Path v2 = dir.resolve("v2");
        write(v2.resolve("config.yaml"), "version: 2\nendpoint: http://localhost:8080\n");
        Path v2Up = v2.resolve("migrations/1594912494982_create_table_public_users/up.sql");
        write(v2Up, "CREATE TABLE users (id uuid PRIMARY KEY);\n");
        assertEquals(Migrator.HASURA, MigrationPaths.migrator(v2Up.toString(), null));

        // diesel: the same shape, diesel.toml and no config.yaml
        Path diesel = dir.resolve("crate");
        write(diesel.resolve("diesel.toml"), "[print_schema]\nfile = \"src/schema.rs\"\n");
        Path dieselUp = diesel.resolve("migrations/2017-08-31-230457_users/up.sql");
        write(dieselUp, "CREATE TABLE users (id int);\n");
        assertEquals(Migrator.DIESEL, MigrationPaths.migrator(dieselUp.toString(), null));

        // a config.yaml of some other tool above diesel-shaped migrations is not Hasura's
        Path other = dir.resolve("service");
        write(other.resolve("config.yaml"), "server:\n  port: 8080\nlog_level: info\n");
        Path otherUp = other.resolve("migrations/20200101000000_users/up.sql");
        write(otherUp, "CREATE TABLE users (id int);\n");
        assertEquals(Migrator.DIESEL, MigrationPaths.migrator(otherUp.toString(), null));
    }
}
