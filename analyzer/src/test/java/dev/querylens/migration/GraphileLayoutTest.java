package dev.querylens.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.collect.InputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A graphile-migrate project (graphile/starter's shape): committed migrations in file-name order, each in a
 * transaction of its own unless its body opens with {@code --! no-transaction} below the hash headers, the
 * current migration after them, no down migrations, and graphile-migrate's own schema as bookkeeping.
 */
class GraphileLayoutTest {
    @TempDir
    Path dir;

    private static Path write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void committedMigrationsThenTheCurrentOneEachInItsOwnTransactionUnlessItOptsOut() throws Exception {
        Path db = dir.resolve("@app/db");
        write(db.resolve(".gmrc"), "{ \"pgSettings\": { \"search_path\": \"app_public,public\" } }\n");
        Path migrations = db.resolve("migrations");
        write(migrations.resolve("afterReset.sql"), "BEGIN;\nCREATE EXTENSION IF NOT EXISTS citext;\nCOMMIT;\n");
        Path first = write(migrations.resolve("committed/000001.sql"), "--! Previous: -\n--! Hash: sha1:eaf2\n\n"
                + "--! split: 0001-reset.sql\ncreate table app_public.users (id uuid primary key);\n");
        String concurrentlyText = "--! Previous: sha1:eaf2\n--! Hash: sha1:77aa\n--! Message: users-index\n\n--! no-transaction\n"
                + "create index concurrently users_id_idx on app_public.users (id);\n";
        Path second = write(migrations.resolve("committed/000002-users-index.sql"), concurrentlyText);
        Path current = write(migrations.resolve("current/1-current.sql"), "-- Enter migration here\n");

        List<Path> forward = new ArrayList<>();
        for (Path p : InputFiles.expand(List.of(dir), d -> { })) {
            if (MigrationPaths.isMigration(p.toString())) {
                forward.add(p);
            }
        }
        assertEquals(List.of(migrations.resolve("afterReset.sql"), first, second, current), forward,
                "afterReset.sql (run on reset, before any migration), then committed in order, then the current migration");

        String firstText = Files.readString(first);
        assertEquals(Migrator.GRAPHILE_MIGRATE, MigrationPaths.migrator(first.toString(), firstText));
        assertEquals(Migrator.GRAPHILE_MIGRATE, MigrationPaths.migrator(current.toString(), "-- Enter migration here\n"));
        assertEquals(Migrator.Transaction.FILE, MigrationPaths.transaction(first.toString(), firstText, Migrator.GRAPHILE_MIGRATE));
        assertEquals(Migrator.Transaction.NONE, MigrationPaths.transaction(second.toString(), concurrentlyText, Migrator.GRAPHILE_MIGRATE),
                "--! no-transaction as the body's first line, below the headers");
        assertEquals(Migrator.Transaction.FILE, MigrationPaths.transaction(second.toString(),
                concurrentlyText.replace("--! no-transaction\n", "select 1;\n--! no-transaction\n"), Migrator.GRAPHILE_MIGRATE),
                "only the body's first line opts out");
        assertFalse(MigrationPaths.hasDown(first.toString(), firstText, Migrator.GRAPHILE_MIGRATE), "graphile-migrate is up-only");
        assertTrue(Migrator.isBookkeeping("graphile_migrate.migrations"));
        assertEquals(Migrator.GRAPHILE_MIGRATE, Migrator.named("graphile-migrate"));
    }

    @Test
    void aCommittedDirectoryWithoutGraphileMigratesMarksIsNotItsLayout() throws Exception {
        Path other = write(dir.resolve("svc/migrations/committed/000001.sql"), "create table t (id int);\n");
        assertEquals(Migrator.PLAIN, MigrationPaths.migrator(other.toString(), "create table t (id int);\n"));
    }
}
