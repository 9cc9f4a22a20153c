package dev.querylens.migration;

import dev.querylens.collect.SqlScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * tern's migrations (jackc/tern, migrate/migrate.go): files named {@code <sequence>_<name>.sql} directly in the
 * migration directory, applied by sequence number (1, 2, ... with no gap; subdirectories hold templates a
 * migration includes, never migrations), each its up above the line {@code ---- create above / drop below ----}
 * and its down below it (a file without the line is irreversible), each in a transaction of its own unless it
 * holds the line {@code ---- tern: disable-tx ----}. A directory is tern's when a migration of it carries one of
 * those lines or a tern.conf sits beside it ({@code tern init} writes one).
 */
final class TernLayout {
    private static final Pattern NAME = Pattern.compile("[0-9]+_.+\\.sql");
    private static final Pattern DISABLE_TX = Pattern.compile("(?m)^---- tern: disable-tx ----$");
    private static final long LARGEST_MIGRATION = 1L << 20;
    private static final int SIBLINGS_READ = 3;

    private TernLayout() {
    }

    /** Whether {@code file} is a migration of a tern directory. */
    static boolean isTern(String file) {
        if (file == null || file.equals("-")) {
            return false;
        }
        Path path = Path.of(file).toAbsolutePath().normalize();
        Path dir = path.getParent();
        if (dir == null || !NAME.matcher(path.getFileName().toString()).matches()) {
            return false;
        }
        if (isTernText(read(path)) || Files.isRegularFile(dir.resolve("tern.conf"))) {
            return true;
        }
        // an irreversible migration has no separator: its directory's first others tell (a directory of many numbered
        // files of another kind is not read whole for each of them)
        try (Stream<Path> siblings = Files.list(dir)) {
            List<Path> others = siblings.filter(p -> !p.equals(path) && NAME.matcher(p.getFileName().toString()).matches())
                    .sorted().limit(SIBLINGS_READ).toList();
            return others.stream().anyMatch(p -> isTernText(read(p)));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether the file is named as tern's migrations are: {@code <sequence>_<name>.sql}. */
    static boolean isNamed(String file) {
        return NAME.matcher(Path.of(file).getFileName().toString()).matches();
    }

    /** Whether a tern.conf sits beside a file named as tern's migrations are. */
    static boolean hasConf(String file) {
        Path path = Path.of(file).toAbsolutePath().normalize();
        return isNamed(file) && path.getParent() != null && Files.isRegularFile(path.getParent().resolve("tern.conf"));
    }

    /** Whether a migration's text holds one of tern's magic lines. */
    static boolean isTernText(String text) {
        return text != null && (text.contains(SqlScript.TERN_SEPARATOR) || DISABLE_TX.matcher(text).find());
    }

    /** {@code ---- tern: disable-tx ----} on a line of its own: tern runs the file outside a transaction. */
    static boolean optsOutOfTransaction(String text) {
        return text != null && DISABLE_TX.matcher(text).find();
    }

    private static String read(Path file) {
        try {
            return Files.size(file) > LARGEST_MIGRATION ? null : Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
