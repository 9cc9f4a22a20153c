package dev.querylens.rules;

import dev.querylens.collect.SourceKind;
import dev.querylens.collect.SourceLocation;
import dev.querylens.workload.StatementGroup;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a statement was read from a migration: a .sql file in a directory migration tools write
 * to (migrations/ of Supabase, Prisma, golang-migrate, sqlx, Drizzle's drizzle/, Rails' db/migrate,
 * Flyway's db/migration) or named as a migration tool names them: Flyway's {@code V3__backfill.sql},
 * golang-migrate's {@code 0005_x.up.sql} / {@code .down.sql}, Prisma's {@code migration.sql}.
 */
final class MigrationFiles {
    private static final Set<String> DIRECTORIES = Set.of("migrations", "migration", "migrate", "drizzle");
    private static final Pattern FLYWAY = Pattern.compile("(?i)(v[0-9][0-9._]*|r)__[^/]*\\.sql");

    private MigrationFiles() {
    }

    static boolean isMigration(String file) {
        String[] parts = file.replace('\\', '/').toLowerCase(Locale.ROOT).split("/");
        if (!parts[parts.length - 1].endsWith(".sql") && !parts[parts.length - 1].endsWith(".sql.gz")) {
            return false;
        }
        for (int i = 0; i < parts.length - 1; i++) {
            if (DIRECTORIES.contains(parts[i])) {
                return true;
            }
        }
        String name = parts[parts.length - 1].replaceAll("\\.gz$", "");
        return FLYWAY.matcher(name).matches() || name.endsWith(".up.sql") || name.endsWith(".down.sql")
                || name.equals("migration.sql") || name.endsWith("_migration.sql");
    }

    /** Whether every execution of the group was read from migration files, and nothing else (no log, no trace). */
    static boolean onlyInMigrations(StatementGroup group) {
        return group.sourceKinds().equals(Set.of(SourceKind.SQL_FILE)) && !group.locations().isEmpty()
                && group.locations().stream().map(SourceLocation::file).allMatch(MigrationFiles::isMigration);
    }
}
