package dev.querylens.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.collect.SqlScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tern's sample project (jackc/tern migrate/testdata/sample, e73daa1b, MIT): 001_create_t1.sql and
 * 002_create_t2.sql with their downs below {@code ---- create above / drop below ----}, 003_irreversible.sql with
 * none, templates in shared/, and should_be_ignored.sql, which tern skips for want of a sequence number.
 */
class TernLayoutTest {
    @TempDir
    Path dir;

    private Path write(String relative, String text) throws Exception {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void theUpIsAboveTheSeparatorTheDownBelowAndAnIrreversibleFileBesideThemIsTernsToo() throws Exception {
        String first = "create table t1(\n  id serial primary key\n);\n\n---- create above / drop below ----\n\ndrop table t1;\n";
        Path t1 = write("sample/001_create_t1.sql", first);
        Path irreversible = write("sample/003_irreversible.sql", "drop table t2;\n");
        Path template = write("sample/shared/v1_001.sql", "create view v1 as select * from t1;\n");
        Path ignored = write("sample/should_be_ignored.sql", "-- This file should be ignored because it does not start with a number.\n");

        assertTrue(MigrationPaths.isMigration(t1.toString()));
        assertTrue(MigrationPaths.isMigration(irreversible.toString()), "no separator, but its directory's migrations are tern's");
        assertFalse(MigrationPaths.isMigration(template.toString()), "shared/ holds templates tern includes, not migrations");
        assertFalse(MigrationPaths.isMigration(ignored.toString()));
        assertEquals(Migrator.TERN, MigrationPaths.migrator(t1.toString(), first));
        assertEquals(Migrator.PLAIN, MigrationPaths.migrator(irreversible.toString(), "drop table t2;\n"), "alone it shows no tool");
        assertEquals(Migrator.TERN, MigrationPaths.migrators(java.util.Map.of(t1.toString(), first, irreversible.toString(),
                "drop table t2;\n")).get(irreversible.toString()), "beside tern's migrations it is tern's");

        List<String> applied = new ArrayList<>();
        List<SqlScript.DownSection> downs = new ArrayList<>();
        SqlScript.split(first, u -> { }, downs::add).forEach(s -> applied.add(s.sql()));
        assertEquals(1, applied.size(), "the drop below the separator is tern's down, never applied: " + applied);
        assertTrue(applied.get(0).startsWith("create table t1"), applied.toString());
        assertEquals(1, downs.size());
        assertEquals(1, downs.get(0).statements());
        assertTrue(MigrationPaths.hasDownSection(first, Migrator.TERN));
        assertFalse(MigrationPaths.hasDownSection("drop table t2;\n", Migrator.TERN));
    }

    @Test
    void eachMigrationInATransactionUnlessItHoldsTheDisableTxLine() throws Exception {
        String concurrently = "---- tern: disable-tx ----\ncreate index concurrently t1_id on t1 (id);\n"
                + "---- create above / drop below ----\ndrop index concurrently t1_id;\n";
        Path file = write("db/004_index.sql", concurrently);
        assertEquals(Migrator.TERN, MigrationPaths.migrator(file.toString(), concurrently));
        assertEquals(Migrator.Transaction.NONE, MigrationPaths.transaction(file.toString(), concurrently, Migrator.TERN));
        assertEquals(Migrator.Transaction.FILE, MigrationPaths.transaction(file.toString(),
                concurrently.replace("---- tern: disable-tx ----\n", ""), Migrator.TERN));
        assertEquals(Migrator.Transaction.FILE, MigrationPaths.transaction(file.toString(),
                concurrently.replace("---- tern: disable-tx ----\n", "-- ---- tern: disable-tx ---- is what we need\n"), Migrator.TERN),
                "only the line on its own counts");
        assertTrue(Migrator.isBookkeeping("public.schema_version"));
        assertEquals(Migrator.TERN, Migrator.named("tern"));
    }

    @Test
    void aTernConfBesideTheFilesMakesTheDirectoryTernsAndNothingElseDoes() throws Exception {
        Path plain = write("sql/001_users.sql", "create table users (id int);\n");
        assertFalse(MigrationPaths.isMigration(plain.toString()));
        write("sql/tern.conf", "[database]\nhost = 127.0.0.1\ndatabase = app\n");
        assertTrue(MigrationPaths.isMigration(plain.toString()));
        assertEquals(Migrator.TERN, MigrationPaths.migrator(plain.toString(), "create table users (id int);\n"));
    }
}
