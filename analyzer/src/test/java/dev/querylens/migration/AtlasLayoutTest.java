package dev.querylens.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Atlas's versioned migrations in the layout of bhardwajRahul/go-web-server (github.com/bhardwajRahul/go-web-server,
 * 6b4b2c43, MIT): atlas.hcl at the top naming file://migrations, migrations/atlas.sum beside
 * {@code <version>_<name>.sql} files, and a second copy of the history in goose's format (internal/store/migrations).
 */
class AtlasLayoutTest {
    @TempDir
    Path dir;

    private Path write(String relative, String text) throws Exception {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void versionedFilesBesideAtlasSumAreAtlasesEachInATransactionUnlessTheHeaderSaysTxmodeNone() throws Exception {
        write("atlas.hcl", "env \"dev\" {\n  migration {\n    dir = \"file://migrations\"\n  }\n}\n");
        write("migrations/atlas.sum", "h1:hcgj=\n20241231000001_initial_schema.sql h1:Ncek=\n");
        String initial = "-- Create \"users\" table\nCREATE TABLE \"users\" (\"id\" bigserial NOT NULL, PRIMARY KEY (\"id\"));\n";
        Path first = write("migrations/20241231000001_initial_schema.sql", initial);
        String none = "-- atlas:txmode none\n\n-- Create index \"users_id_idx\" to table: \"users\"\n"
                + "CREATE INDEX CONCURRENTLY \"users_id_idx\" ON \"users\" (\"id\");\n";
        Path index = write("migrations/20250101000000_index.sql", none);
        Path goose = write("internal/store/migrations/20241231000001_initial_schema.sql",
                "-- +goose Up\nCREATE TABLE IF NOT EXISTS users (id BIGSERIAL PRIMARY KEY);\n-- +goose Down\nDROP TABLE users;\n");

        assertTrue(MigrationPaths.isMigration(first.toString()));
        assertEquals(Migrator.ATLAS, MigrationPaths.migrator(first.toString(), initial));
        assertEquals(Migrator.Transaction.FILE, MigrationPaths.transaction(first.toString(), initial, Migrator.ATLAS));
        assertEquals(Migrator.ATLAS, MigrationPaths.migrator(index.toString(), none));
        assertEquals(Migrator.Transaction.NONE, MigrationPaths.transaction(index.toString(), none, Migrator.ATLAS));
        assertEquals(Migrator.Transaction.FILE, MigrationPaths.transaction(index.toString(),
                "CREATE TABLE t (id int);\n-- atlas:txmode none\n", Migrator.ATLAS), "a directive below a statement is no file directive");
        assertEquals(Migrator.GOOSE, MigrationPaths.migrator(goose.toString(), Files.readString(goose)),
                "the goose copy of the history stays goose's");
        assertTrue(Migrator.isBookkeeping("atlas_schema_revisions.atlas_schema_revisions"));
        assertEquals(Migrator.ATLAS, Migrator.named("atlas"));
    }

    @Test
    void anotherToolsFormatInAnAtlasHashedDirectoryStaysThatToolsAndNoAtlasSumNoAtlas() throws Exception {
        write("db/atlas.sum", "h1:x=\n");
        Path up = write("db/1_users.up.sql", "CREATE TABLE users (id int);\n");
        write("db/1_users.down.sql", "DROP TABLE users;\n");
        assertEquals(Migrator.GOLANG_MIGRATE, MigrationPaths.migrator(up.toString(), "CREATE TABLE users (id int);\n"));
        assertEquals(MigrationPaths.Role.DOWN, MigrationPaths.role(dir.resolve("db/1_users.down.sql").toString()));
        Path plain = write("sql/20240101_users.sql", "CREATE TABLE users (id int);\n");
        assertFalse(MigrationPaths.isMigration(plain.toString()), "a versioned name alone, with no atlas.sum and no migrations/, is no history");
        assertEquals(Migrator.PLAIN, MigrationPaths.migrator(plain.toString(), "CREATE TABLE users (id int);\n"));
    }
}
