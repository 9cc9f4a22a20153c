package dev.querylens.migration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which down migration undoes which forward migration, as each tool pairs them: sqlx and
 * golang-migrate {@code X.down.sql} beside {@code X.up.sql}; diesel {@code down.sql} beside
 * {@code up.sql} in the migration's directory, and the {@code down.sql} Prisma's guide has
 * {@code prisma migrate diff} write beside {@code migration.sql}; Flyway Teams {@code U<version>__*.sql}
 * undoes the {@code V<version>__*.sql} of the same version (versions compared as Flyway does: {@code 1.1},
 * {@code 1_1} and {@code 1.01} are one); a rollback script ({@code 0003_x.rollback.sql}, {@code _rollback},
 * {@code -rollback}, {@code .undo}) beside the {@code 0003_x.sql} its name continues (postgrator's {@code 001.undo.sql}
 * beside {@code 001.do.sql}), or of
 * the same name in a {@code rollback/}, {@code rollbacks/} or {@code down/} directory inside or beside the
 * migrations'; sqitch's {@code revert/x.sql} undoes {@code deploy/x.sql} ({@link SqitchLayout}). goose and dbmate keep the down in a section of the same file (see {@code SqlScript});
 * Rails' down is Ruby, not SQL.
 *
 * <p>One pairing serves both questions asked of it: which down among the inputs to trace
 * ({@link #pair}) and whether a migration has a down on disk at all ({@link #onDisk}), so the two
 * rules that ask cannot disagree.
 */
public final class DownMigrations {
    private static final Pattern FLYWAY = Pattern.compile("(?i)([vu])([0-9]+(?:[._][0-9]+)*)__.*\\.sql");
    private static final Pattern SUFFIXED = Pattern.compile("(?i)(.+?)(?:\\.down|[._-]rollback|[._-]undo)\\.sql");
    private static final Set<String> ROLLBACK_DIRECTORIES = Set.of("rollback", "rollbacks", "down");
    /** Larger files are no down a team writes by hand; not reading them keeps a stray dump from costing a run. */
    private static final long LARGEST_DOWN = 1L << 22;

    private DownMigrations() {
    }

    /** Each forward file of {@code forward} that a down file among {@code files} undoes, to that down file. */
    public static Map<Path, Path> pair(List<Path> forward, List<Path> files) {
        List<Path> downs = files.stream().filter(f -> MigrationPaths.role(f.toString()) == MigrationPaths.Role.DOWN).toList();
        return match(forward, downs);
    }

    /**
     * Each file of {@code forward} to the down file on disk that undoes it, if that file holds at
     * least one statement (a down of comments only, as {@code diesel migration generate} leaves it,
     * undoes nothing). Each directory is listed once, however many migrations it holds.
     */
    public static Map<Path, Path> onDisk(Collection<Path> forward) {
        Set<Path> directories = new LinkedHashSet<>();
        for (Path f : forward) {
            Path dir = f.toAbsolutePath().normalize().getParent();
            if (dir == null) {
                continue;
            }
            directories.add(dir);
            SqitchLayout.Change sqitch = SqitchLayout.of(f.toString());
            if (sqitch != null) {
                directories.add(sqitch.top().resolve("revert").resolve(sqitch.name() + ".sql").getParent());
            }
            for (String d : ROLLBACK_DIRECTORIES) {
                directories.add(dir.resolve(d));
                if (dir.getParent() != null) {
                    directories.add(dir.getParent().resolve(d));
                }
            }
        }
        List<Path> listed = new ArrayList<>();
        for (Path dir : directories) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(dir)) {
                entries.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".sql")).forEach(listed::add);
            } catch (IOException | RuntimeException e) {
                // an unreadable directory shows no down migration
            }
        }
        Map<Path, Path> out = new HashMap<>();
        match(forward, listed).forEach((f, down) -> {
            if (statementsIn(down)) {
                out.put(f, down);
            }
        });
        return out;
    }

    private static Map<Path, Path> match(Collection<Path> forward, List<Path> candidates) {
        Map<String, Path> downs = new HashMap<>();
        for (Path f : candidates) {
            String key = downKey(f);
            if (key != null) {
                downs.putIfAbsent(key, f);
            }
        }
        Map<Path, Path> out = new HashMap<>();
        for (Path f : forward) {
            for (String key : upKeys(f)) {
                Path down = downs.get(key);
                if (down != null && !down.toAbsolutePath().normalize().equals(f.toAbsolutePath().normalize())) {
                    out.put(f, down);
                    break;
                }
            }
        }
        return out;
    }

    private static String downKey(Path f) {
        SqitchLayout.Change sqitch = SqitchLayout.of(f.toString());
        if (sqitch != null) {
            return sqitch.script() == SqitchLayout.Script.REVERT ? "sqitch|" + sqitch.top() + "|" + sqitch.name() : null;
        }
        String name = f.getFileName().toString();
        Path dir = directory(f);
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("down.sql")) {
            return "directory|" + dir;
        }
        Matcher flyway = FLYWAY.matcher(name);
        if (flyway.matches()) {
            return flyway.group(1).equalsIgnoreCase("u") ? "flyway|" + version(flyway.group(2)) : null;
        }
        Matcher suffixed = SUFFIXED.matcher(name);
        if (suffixed.matches()) {
            return "name|" + dir + "/" + suffixed.group(1);
        }
        Path parent = dir.getFileName();
        if (parent != null && ROLLBACK_DIRECTORIES.contains(parent.toString()) && dir.getParent() != null) {
            return "rollback directory|" + dir.getParent() + "/" + name;
        }
        return null;
    }

    /** The keys a down of {@code f} may have, in the order they are tried. */
    private static List<String> upKeys(Path f) {
        SqitchLayout.Change sqitch = SqitchLayout.of(f.toString());
        if (sqitch != null) {
            return sqitch.script() == SqitchLayout.Script.DEPLOY ? List.of("sqitch|" + sqitch.top() + "|" + sqitch.name()) : List.of();
        }
        String name = f.getFileName().toString();
        Path dir = directory(f);
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("up.sql") || lower.equals("migration.sql")) {
            return List.of("directory|" + dir);
        }
        Matcher flyway = FLYWAY.matcher(name);
        if (flyway.matches()) {
            return flyway.group(1).equalsIgnoreCase("v") ? List.of("flyway|" + version(flyway.group(2))) : List.of();
        }
        if (!lower.endsWith(".sql")) {
            return List.of();
        }
        // postgrator (and Platformatic DB, which runs it) pairs 001.do.sql with 001.undo.sql, as sqlx pairs .up with .down
        String suffix = lower.endsWith(".up.sql") ? ".up.sql" : lower.endsWith(".do.sql") ? ".do.sql" : ".sql";
        String base = name.substring(0, name.length() - suffix.length());
        List<String> keys = new ArrayList<>(List.of("name|" + dir + "/" + base, "rollback directory|" + dir + "/" + name));
        if (dir.getParent() != null) {
            keys.add("rollback directory|" + dir.getParent() + "/" + name);
        }
        return keys;
    }

    /** A Flyway version with '_' read as '.' and each part as a number (1.01 is 1.1). */
    private static String version(String written) {
        StringBuilder out = new StringBuilder();
        for (String part : written.split("[._]")) {
            out.append(out.length() == 0 ? "" : ".").append(new java.math.BigInteger(part));
        }
        return out.toString();
    }

    private static Path directory(Path f) {
        Path parent = f.toAbsolutePath().normalize().getParent();
        return parent == null ? Path.of("") : parent;
    }

    /** A file exists and holds at least one statement (not only comments). */
    private static boolean statementsIn(Path p) {
        try {
            if (!Files.isRegularFile(p) || Files.size(p) > LARGEST_DOWN) {
                return false;
            }
            return !dev.querylens.collect.SqlScript.split(Files.readString(p, StandardCharsets.UTF_8)).isEmpty();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
