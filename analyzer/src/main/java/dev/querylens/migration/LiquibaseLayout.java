package dev.querylens.migration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Liquibase's "formatted SQL" changelogs: a .sql file whose first line is {@code --liquibase formatted sql},
 * split into changesets by {@code --changeset author:id [attributes]} lines, each with its {@code --rollback}
 * lines (comments to PostgreSQL, run only by {@code liquibase rollback}). Liquibase applies the files in the
 * order a master changelog includes them ({@code db.changelog-master.yaml}, {@code changelog.xml}: {@code
 * include file}, {@code includeAll path} in name order, nested changelogs in place), not in the files' name
 * order, and runs each changeset in a transaction of its own unless its line says {@code runInTransaction:false}
 * (Liquibase docs, "Example Changelogs: SQL Format" and the changeset attribute runInTransaction, default true).
 * Only what the master's text names is followed: properties substituted into paths ({@code ${dir}}) are not.
 */
final class LiquibaseLayout {
    private static final Pattern HEADER = Pattern.compile("(?i)--\\s*liquibase\\s+formatted\\s+sql\\b.*");
    private static final Pattern CHANGESET = Pattern.compile("(?im)^\\s*--\\s*changeset\\s+\\S+.*$");
    private static final Pattern ROLLBACK = Pattern.compile("(?i)\\s*--\\s*rollback\\b.*");
    private static final Pattern NO_TRANSACTION = Pattern.compile("(?i)\\brunInTransaction\\s*:\\s*false\\b");
    /** include file / includeAll path / sqlFile path entries, in YAML ({@code file: x}), XML ({@code file="x"}) or JSON. */
    private static final Pattern ENTRY = Pattern.compile("(?i)\\b(?:file|path)\"?\\s*[:=]\\s*[\"']?([^\"'\\s,}>]+)");
    private static final int LEVELS_UP = 5;
    private static final int NESTING = 8;
    private static final long LARGEST_CHANGELOG = 1L << 20;

    private LiquibaseLayout() {
    }

    /** Whether {@code file} is Liquibase's: formatted SQL by its first line, or a .sql file a master changelog above it includes. */
    static boolean isLiquibase(String file) {
        if (file == null || file.equals("-") || !file.toLowerCase(Locale.ROOT).endsWith(".sql")) {
            return false;
        }
        if (isFormatted(firstLine(Path.of(file)))) {
            return true;
        }
        Place place = place(file);
        return place != null && place.listed();
    }

    /** Whether a changelog's text opens with Liquibase's formatted-SQL header (its first non-blank line). */
    static boolean isFormatted(String text) {
        if (text == null) {
            return false;
        }
        for (String line : text.split("\n", 20)) {
            if (!line.isBlank()) {
                return HEADER.matcher(line.strip()).matches();
            }
        }
        return false;
    }

    /** A changeset that says runInTransaction:false runs outside a transaction (Liquibase's changeset attribute). */
    static boolean optsOutOfTransaction(String text) {
        if (text == null) {
            return false;
        }
        Matcher m = CHANGESET.matcher(text);
        while (m.find()) {
            if (NO_TRANSACTION.matcher(m.group()).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code liquibase rollback} can undo every changeset of the file: each has a {@code --rollback}
     * line (Liquibase writes no rollback for raw SQL itself; {@code --rollback not required} says none is needed).
     */
    static boolean everyChangesetRollsBack(String text) {
        if (text == null) {
            return false;
        }
        int changesets = 0;
        boolean current = true;
        for (String line : text.split("\n", -1)) {
            if (CHANGESET.matcher(line).matches()) {
                if (!current) {
                    return false;
                }
                changesets++;
                current = false;
            } else if (ROLLBACK.matcher(line).matches()) {
                current = true;
            }
        }
        return changesets > 0 && current;
    }

    /**
     * The file's place in the history: the outermost master changelog above it (the one that expands to the most
     * migrations) and its index there (includeAll's files share one index and go by name). A file that master does not
     * include comes after all it does ({@code listed} false: Liquibase itself does not run it). Null when no changelog is above.
     */
    record Place(String changelog, int index, boolean listed) {
        String key() {
            return changelog + "/" + index;
        }
    }

    static Place place(String file) {
        Path path = Path.of(file).toAbsolutePath().normalize();
        Place best = null;
        int bestSize = -1;
        Path dir = path.getParent();
        for (int level = 0; dir != null && level < LEVELS_UP; level++, dir = dir.getParent()) {
            for (Path changelog : changelogs(dir)) {
                List<Path> order = new ArrayList<>();
                expand(changelog, order, 0);
                if (order.size() > bestSize) {
                    int at = indexOf(order, path);
                    bestSize = order.size();
                    best = new Place(changelog.toString().replace('\\', '/'), at >= 0 ? at : order.size(), at >= 0);
                }
            }
        }
        return best;
    }

    private static int indexOf(List<Path> order, Path file) {
        for (int i = 0; i < order.size(); i++) {
            Path p = order.get(i);
            if (p.equals(file) || (Files.isDirectory(p) && file.getParent().equals(p))) {
                return i;
            }
        }
        return -1;
    }

    /** The changelogs of a directory: XML, YAML or JSON files naming Liquibase's databaseChangeLog. */
    private static List<Path> changelogs(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                return (n.endsWith(".xml") || n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"))
                        && (n.contains("changelog") || n.startsWith("master")) && read(f).contains("databaseChangeLog");
            }).sorted().toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The changelog's entries in order: .sql files, includeAll directories, and nested changelogs expanded in place. */
    private static void expand(Path changelog, List<Path> out, int depth) {
        if (depth > NESTING) {
            return;
        }
        Matcher m = ENTRY.matcher(read(changelog));
        while (m.find()) {
            Path target = resolve(changelog.getParent(), m.group(1));
            if (target == null) {
                continue;
            }
            String n = target.getFileName().toString().toLowerCase(Locale.ROOT);
            if (Files.isDirectory(target) || n.endsWith(".sql")) {
                out.add(target);
            } else if (n.endsWith(".xml") || n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json")) {
                expand(target, out, depth + 1);
            }
        }
    }

    /**
     * Where an entry points: relative to the changelog (relativeToChangelogFile), or a classpath path, which resolves
     * from a directory above it (src/main/resources for {@code /db/changelog/x.sql}).
     */
    private static Path resolve(Path from, String entry) {
        String e = entry.replaceFirst("^classpath\\*?:", "");
        if (e.contains("${")) {
            return null;
        }
        Path relative = from.resolve(e.replaceFirst("^/+", "")).normalize();
        if (Files.exists(relative)) {
            return relative;
        }
        String rooted = e.replaceFirst("^/+", "");
        for (Path dir = from.getParent(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve(rooted).normalize();
            if (Files.exists(p)) {
                return p;
            }
        }
        return null;
    }

    private static String read(Path file) {
        try {
            return Files.size(file) > LARGEST_CHANGELOG ? "" : Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String firstLine(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(256), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
