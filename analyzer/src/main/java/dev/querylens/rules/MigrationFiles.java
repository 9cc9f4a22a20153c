package dev.querylens.rules;

import dev.querylens.collect.SourceKind;
import dev.querylens.collect.SourceLocation;
import dev.querylens.migration.MigrationPaths;
import dev.querylens.workload.StatementGroup;
import java.util.Set;

/** Where a statement was read from a migration; which files are migrations is {@link MigrationPaths}'s to say. */
final class MigrationFiles {
    private MigrationFiles() {
    }

    static boolean isMigration(String file) {
        return MigrationPaths.isMigration(file);
    }

    /** Whether every execution of the group was read from migration files, and nothing else (no log, no trace). */
    static boolean onlyInMigrations(StatementGroup group) {
        return group.sourceKinds().equals(Set.of(SourceKind.SQL_FILE)) && !group.locations().isEmpty()
                && group.locations().stream().map(SourceLocation::file).allMatch(MigrationFiles::isMigration);
    }
}
