package dev.querylens.migration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A Hasura project's migrations: {@code hasura migrate create} writes each as a directory
 * {@code <version>_<name>/} holding {@code up.sql} and {@code down.sql}, under {@code migrations/}
 * (config v2) or {@code migrations/<database>/} (config v3), below the project's {@code config.yaml}
 * ({@code hasura init}). diesel writes the same shape, so the directory alone does not tell the two
 * apart; the project's config.yaml does. Hasura applies versions in ascending order (its migrate
 * source sorts them as numbers), each {@code up.sql} as one {@code run_sql} request, which the server
 * runs in a transaction ({@link Migrator#HASURA}).
 */
final class HasuraLayout {
    /** How far above a migration's directory the project's config.yaml may sit: migrations/, a database directory, a variant. */
    private static final int DEPTH = 4;
    private static final Pattern MIGRATION_DIRECTORY = Pattern.compile("[0-9]+_[^/]+");
    /** The keys hasura init writes into config.yaml; a config.yaml of some other tool has none of them. */
    private static final Pattern HASURA_KEY = Pattern.compile("(?m)^(endpoint|metadata_directory|migrations_directory|admin_secret)\\s*:");
    private static final long LARGEST_CONFIG = 1L << 16;

    private HasuraLayout() {
    }

    /** Whether {@code file} is the up.sql or down.sql of a Hasura migration. */
    static boolean isHasura(String file) {
        if (file == null || file.equals("-")) {
            return false;
        }
        Path path = Path.of(file).toAbsolutePath().normalize();
        String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        Path migration = path.getParent();
        if (!(name.equals("up.sql") || name.equals("down.sql")) || migration == null || migration.getFileName() == null
                || !MIGRATION_DIRECTORY.matcher(migration.getFileName().toString()).matches()) {
            return false;
        }
        Path dir = migration.getParent();
        for (int i = 0; i < DEPTH && dir != null; i++, dir = dir.getParent()) {
            Path config = dir.resolve("config.yaml");
            if (Files.isRegularFile(config)) {
                return isHasuraConfig(config);
            }
        }
        return false;
    }

    private static boolean isHasuraConfig(Path config) {
        try {
            return Files.size(config) <= LARGEST_CONFIG && HASURA_KEY.matcher(Files.readString(config, StandardCharsets.UTF_8)).find();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
