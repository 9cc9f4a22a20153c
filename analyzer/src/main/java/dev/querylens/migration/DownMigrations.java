package dev.querylens.migration;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which down migration undoes which forward migration, as each tool pairs them: sqlx and
 * golang-migrate {@code X.down.sql} beside {@code X.up.sql}; diesel {@code down.sql} beside
 * {@code up.sql} in the migration's directory; Flyway Teams {@code U<version>__*.sql} undoes the
 * {@code V<version>__*.sql} of the same version (versions compared as Flyway does: {@code 1.1}
 * and {@code 1_1} are one); a rollback script ({@code 0003_x.rollback.sql}, {@code _rollback},
 * {@code .undo}) beside the {@code 0003_x.sql} its name continues. goose and dbmate keep the down
 * in a section of the same file (see {@code SqlScript}); Rails' down is Ruby, not SQL.
 */
public final class DownMigrations {
    private static final Pattern FLYWAY = Pattern.compile("(?i)([vu])([0-9]+(?:[._][0-9]+)*)__.*\\.sql");
    private static final Pattern ROLLBACK = Pattern.compile("(?i)(.+)[._-](?:rollback|undo)\\.sql");

    private DownMigrations() {
    }

    /** Each forward file of {@code forward} that a down file among {@code files} undoes, to that down file. */
    public static Map<Path, Path> pair(List<Path> forward, List<Path> files) {
        Map<String, Path> downs = new HashMap<>();
        for (Path f : files) {
            if (MigrationPaths.role(f.toString()) == MigrationPaths.Role.DOWN) {
                String key = downKey(f);
                if (key != null) {
                    downs.putIfAbsent(key, f);
                }
            }
        }
        Map<Path, Path> out = new HashMap<>();
        for (Path f : forward) {
            String key = upKey(f);
            if (key != null && downs.containsKey(key)) {
                out.put(f, downs.get(key));
            }
        }
        return out;
    }

    private static String downKey(Path f) {
        String name = f.getFileName().toString();
        String dir = directory(f);
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".down.sql")) {
            return "updown|" + dir + "/" + name.substring(0, name.length() - ".down.sql".length());
        }
        if (lower.equals("down.sql")) {
            return "diesel|" + dir;
        }
        Matcher flyway = FLYWAY.matcher(name);
        if (flyway.matches() && flyway.group(1).equalsIgnoreCase("u")) {
            return "flyway|" + version(flyway.group(2));
        }
        Matcher rollback = ROLLBACK.matcher(name);
        return rollback.matches() ? "plain|" + dir + "/" + rollback.group(1) : null;
    }

    private static String upKey(Path f) {
        String name = f.getFileName().toString();
        String dir = directory(f);
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".up.sql")) {
            return "updown|" + dir + "/" + name.substring(0, name.length() - ".up.sql".length());
        }
        if (lower.equals("up.sql")) {
            return "diesel|" + dir;
        }
        Matcher flyway = FLYWAY.matcher(name);
        if (flyway.matches()) {
            return flyway.group(1).equalsIgnoreCase("v") ? "flyway|" + version(flyway.group(2)) : null;
        }
        return "plain|" + dir + "/" + name.substring(0, name.length() - ".sql".length());
    }

    /** A Flyway version with '_' read as '.' and each part as a number (1.01 is 1.1). */
    private static String version(String written) {
        StringBuilder out = new StringBuilder();
        for (String part : written.split("[._]")) {
            out.append(out.length() == 0 ? "" : ".").append(new java.math.BigInteger(part));
        }
        return out.toString();
    }

    private static String directory(Path f) {
        Path parent = f.toAbsolutePath().normalize().getParent();
        return parent == null ? "" : parent.toString();
    }
}
