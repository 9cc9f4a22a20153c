package dev.querylens.migration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Atlas's versioned migrations: {@code atlas migrate diff} writes {@code <version>_<name>.sql} into the
 * migration directory and keeps {@code atlas.sum} there, the directory's integrity file (a hash per file;
 * {@code atlas migrate apply} refuses a directory whose files do not match it). Atlas applies the files by
 * version, each in a transaction of its own ({@code --tx-mode file}, the default of ariga/atlas
 * cmd/atlas/internal/cmdapi/migrate.go; {@code all} and {@code none} are flags QueryLens cannot see), unless the
 * file's header carries the directive {@code -- atlas:txmode none}. It writes no down files. A directory in
 * another tool's format (golang-migrate's {@code .up.sql}, goose's or dbmate's annotations, Flyway's names)
 * keeps that tool's reading: Atlas also hashes directories it only generates for another migrator.
 */
final class AtlasLayout {
    private static final Pattern VERSIONED = Pattern.compile("[0-9]+(_[^/]*)?\\.sql");
    /** Atlas's file directive, in the comment lines that open the file. */
    private static final Pattern TXMODE_NONE = Pattern.compile("--\\s*atlas:txmode\\s+none\\b.*");

    private AtlasLayout() {
    }

    /** Whether {@code file} is a migration of Atlas's own format: a {@code <version>_<name>.sql} beside an atlas.sum. */
    static boolean isAtlas(String file) {
        if (file == null || file.equals("-")) {
            return false;
        }
        Path path = Path.of(file).toAbsolutePath().normalize();
        Path dir = path.getParent();
        String name = path.getFileName().toString();
        return dir != null && VERSIONED.matcher(name).matches() && !name.endsWith(".up.sql") && !name.endsWith(".down.sql")
                && Files.isRegularFile(dir.resolve("atlas.sum"));
    }

    /** Whether the comment lines that open the file carry {@code -- atlas:txmode none}. */
    static boolean optsOutOfTransaction(String text) {
        if (text == null) {
            return false;
        }
        for (String line : text.split("\n", -1)) {
            String l = line.strip();
            if (l.isEmpty()) {
                continue;
            }
            if (!l.startsWith("--")) {
                return false;
            }
            if (TXMODE_NONE.matcher(l).matches()) {
                return true;
            }
        }
        return false;
    }
}
