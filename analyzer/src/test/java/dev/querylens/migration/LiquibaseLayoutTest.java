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
 * A Spring Boot project's Liquibase changelogs in "formatted SQL", in the layout of
 * vov4ik89/autoservice-angular (github.com/vov4ik89/autoservice-angular, 3295229f; no licence file, so only the
 * layout is reproduced, the SQL is ours): src/main/resources/db/changelog/db.changelog-master.yaml includes
 * changes/create-*.sql by classpath path in an order that is not the names' (owners before the cars that
 * reference them), and one changes/ file the master does not include at all. A nested XML changelog with
 * includeAll, a runInTransaction:false changeset and a changeset without --rollback are Liquibase's documented
 * forms that the project does not use.
 */
class LiquibaseLayoutTest {
    @TempDir
    Path dir;

    static final String HEADER = "--liquibase formatted sql\n";

    static Path write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    /** The project; returns the changes/ directory. */
    static Path project(Path root) throws Exception {
        Path changelog = root.resolve("backend/src/main/resources/db/changelog");
        write(changelog.resolve("db.changelog-master.yaml"), "databaseChangeLog:\n"
                + "  - include:\n      file: /db/changelog/changes/create-owners-table.sql\n"
                + "  - include:\n      file: /db/changelog/changes/create-cars-table.sql\n"
                + "  - include:\n      file: changes/release-2.xml\n      relativeToChangelogFile: true\n");
        Path changes = changelog.resolve("changes");
        write(changes.resolve("release-2.xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\">\n"
                + "    <includeAll path=\"release-2/\" relativeToChangelogFile=\"true\"/>\n</databaseChangeLog>\n");
        write(changes.resolve("create-owners-table.sql"), HEADER + "--changeset <postgres>:<create-owners-table>\n\n"
                + "CREATE TABLE IF NOT EXISTS owners (id bigserial PRIMARY KEY, name varchar(255));\n\n--rollback DROP TABLE owners;\n");
        write(changes.resolve("create-cars-table.sql"), HEADER + "--changeset <postgres>:<create-cars-table>\n\n"
                + "CREATE TABLE IF NOT EXISTS cars (id bigserial PRIMARY KEY, model varchar(255),"
                + " owner_id bigint CONSTRAINT cars_fk REFERENCES owners);\n\n--rollback DROP TABLE cars;\n");
        write(changes.resolve("create-unlisted-table.sql"), HEADER + "--changeset <postgres>:<create-unlisted-table>\n"
                + "CREATE TABLE IF NOT EXISTS unlisted (id bigserial PRIMARY KEY, car_id bigint REFERENCES cars);\n");
        write(changes.resolve("release-2/b-index.sql"), HEADER + "--changeset ann:3 runInTransaction:false\n"
                + "CREATE INDEX CONCURRENTLY cars_owner_idx ON cars (owner_id);\n--rollback DROP INDEX CONCURRENTLY cars_owner_idx;\n");
        write(changes.resolve("release-2/a-drop.sql"), HEADER + "--changeset ann:2\n--preconditions onFail:MARK_RAN\n"
                + "--precondition-sql-check expectedResult:1 SELECT count(*) FROM information_schema.columns WHERE column_name = 'model'\n"
                + "ALTER TABLE cars DROP COLUMN model;\n");
        return changes;
    }

    @Test
    void filesReplayInTheMasterChangelogsOrderNestedAndIncludeAllInPlaceUnlistedLast() throws Exception {
        Path changes = project(dir);
        List<Path> forward = new ArrayList<>();
        for (Path p : InputFiles.expand(List.of(dir), d -> { })) {
            if (MigrationPaths.isMigration(p.toString())) {
                forward.add(p);
            }
        }
        assertEquals(List.of(changes.resolve("create-owners-table.sql"), changes.resolve("create-cars-table.sql"),
                        changes.resolve("release-2/a-drop.sql"), changes.resolve("release-2/b-index.sql"),
                        changes.resolve("create-unlisted-table.sql")), forward,
                "the master's include order (owners before cars), includeAll's directory by name, a file it does not include last");
        assertTrue(LiquibaseLayout.place(changes.resolve("create-cars-table.sql").toString()).listed());
        assertFalse(LiquibaseLayout.place(changes.resolve("create-unlisted-table.sql").toString()).listed(),
                "Liquibase itself never runs a file its master does not include");
    }

    @Test
    void aFileTheMasterIncludesIsLiquibasesWithoutTheHeaderAndASqlFileWithNeitherIsNot() throws Exception {
        Path changes = project(dir);
        Path plain = write(changes.resolve("release-2/c-plain.sql"), "CREATE INDEX cars_model_idx ON cars (model);\n");
        assertTrue(MigrationPaths.isMigration(plain.toString()), "includeAll runs every .sql file of its directory");
        assertEquals(Migrator.LIQUIBASE, MigrationPaths.migrator(plain.toString(), Files.readString(plain)));
        Path elsewhere = write(dir.resolve("queries/report.sql"), "SELECT * FROM cars WHERE owner_id = 1;\n");
        assertFalse(MigrationPaths.isMigration(elsewhere.toString()));
        assertEquals(Migrator.PLAIN, MigrationPaths.migrator(elsewhere.toString(), Files.readString(elsewhere)));
        assertFalse(LiquibaseLayout.isFormatted("-- liquibase is not formatted sql here\n--liquibase formatted sql\n"),
                "only the first line declares the format");
        assertTrue(LiquibaseLayout.isFormatted("\n-- Liquibase formatted SQL\n"));
    }

    @Test
    void eachChangesetRunsInATransactionUnlessItsLineOptsOutAndRollsBackOnlyWithRollbackLines() throws Exception {
        Path changes = project(dir);
        String cars = Files.readString(changes.resolve("create-cars-table.sql"));
        String index = Files.readString(changes.resolve("release-2/b-index.sql"));
        String drop = Files.readString(changes.resolve("release-2/a-drop.sql"));
        assertEquals(Migrator.LIQUIBASE, MigrationPaths.migrator(changes.resolve("create-cars-table.sql").toString(), cars));
        assertEquals(Migrator.Transaction.FILE, MigrationPaths.transaction("x.sql", cars, Migrator.LIQUIBASE));
        assertEquals(Migrator.Transaction.NONE, MigrationPaths.transaction("x.sql", index, Migrator.LIQUIBASE),
                "runInTransaction:false on the --changeset line");
        assertEquals(Migrator.Transaction.FILE, MigrationPaths.transaction("x.sql",
                index.replace("runInTransaction:false", "runInTransaction:true"), Migrator.LIQUIBASE));
        assertEquals(Migrator.Transaction.FILE, MigrationPaths.transaction("x.sql",
                index.replace("--changeset ann:3 runInTransaction:false", "--changeset ann:3\n-- runInTransaction:false is what we want"),
                Migrator.LIQUIBASE), "only the changeset's own line carries its attributes");

        assertTrue(MigrationPaths.hasDownSection(cars, Migrator.LIQUIBASE));
        assertFalse(MigrationPaths.hasDownSection(drop, Migrator.LIQUIBASE), "a raw SQL changeset without --rollback cannot be rolled back");
        assertFalse(MigrationPaths.hasDownSection(cars + "\n--changeset ann:9\nDROP TABLE owners;\n", Migrator.LIQUIBASE),
                "every changeset of the file needs its --rollback");
        assertTrue(MigrationPaths.hasDownSection(HEADER + "--changeset a:1\nDELETE FROM cars;\n--rollback not required\n", Migrator.LIQUIBASE));
        assertTrue(Migrator.isBookkeeping("public.databasechangelog") && Migrator.isBookkeeping("DATABASECHANGELOGLOCK"));
        assertEquals(Migrator.LIQUIBASE, Migrator.named("liquibase"));
    }
}
