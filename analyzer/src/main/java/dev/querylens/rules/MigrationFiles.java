package dev.querylens.rules;

import dev.querylens.collect.SourceKind;
import dev.querylens.collect.SourceLocation;
import dev.querylens.migration.MigrationPaths;
import dev.querylens.workload.StatementGroup;
import java.util.Locale;
import java.util.Set;

/**
 * Where a statement was read from a migration: a file {@link MigrationPaths} replays as one, or
 * one named as a migration tool names its files (golang-migrate's {@code 0005_x.up.sql} and
 * {@code .down.sql}, Prisma's {@code migration.sql}): a data fix in such a file runs once, so an
 * index would not pay for it, even where the file sits outside a migrations directory.
 */
final class MigrationFiles {
    private MigrationFiles() {
    }

    static boolean isMigration(String file) {
        if (MigrationPaths.isMigration(file)) {
            return true;
        }
        String name = file.replace('\\', '/').toLowerCase(Locale.ROOT).replaceAll("^.*/", "").replaceAll("\\.gz$", "");
        return name.endsWith(".up.sql") || name.endsWith(".down.sql") || name.equals("migration.sql") || name.endsWith("_migration.sql");
    }

    /** Whether every execution of the group was read from migration files, and nothing else (no log, no trace). */
    static boolean onlyInMigrations(StatementGroup group) {
        return group.sourceKinds().equals(Set.of(SourceKind.SQL_FILE)) && !group.locations().isEmpty()
                && group.locations().stream().map(SourceLocation::file).allMatch(MigrationFiles::isMigration);
    }
}
