package dev.querylens.migration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * graphile-migrate's layout: {@code graphile-migrate commit} moves the current migration into
 * {@code migrations/committed/000001.sql} (six digits, an optional {@code -message-slug}), headed by
 * {@code --! Previous:} and {@code --! Hash:} lines that chain each to the one before; the migration
 * being written is {@code migrations/current.sql} or the files of {@code migrations/current/}, which
 * {@code graphile-migrate watch} runs on every save. Committed migrations run in file-name order, each
 * body (the text after the header lines) in a transaction of its own with its bookkeeping insert,
 * unless the body's first line is {@code --! no-transaction} (graphile/migrate src/migration.ts,
 * runStringMigration; src/header.ts, isNoTransactionDefined).
 */
final class GraphileLayout {
    /** graphile-migrate's VALID_FILE_REGEX for committed migrations. */
    private static final Pattern COMMITTED = Pattern.compile("[0-9]+(-[-_a-zA-Z0-9]*)?\\.sql");
    /** The header lines graphile-migrate reads above a committed body: {@code --! Key} or {@code --! Key: value}, Key capitalised. */
    private static final Pattern HEADER = Pattern.compile("--! [A-Z][a-zA-Z0-9_]*(:.*)?");
    private static final Pattern NO_TRANSACTION = Pattern.compile("--!\\s*no-transaction\\b.*");

    private GraphileLayout() {
    }

    /**
     * Whether {@code file} is a committed migration ({@code committed/<digits>.sql} beside the current
     * migration, or in a project with a {@code .gmrc}) or the current one ({@code current.sql}, or a file of
     * {@code current/}, beside {@code committed/}).
     */
    static boolean isGraphile(String file) {
        if (file == null || file.equals("-")) {
            return false;
        }
        Path path = Path.of(file).toAbsolutePath().normalize();
        Path dir = path.getParent();
        if (dir == null || dir.getFileName() == null || dir.getParent() == null) {
            return false;
        }
        String name = path.getFileName().toString();
        String directory = dir.getFileName().toString();
        Path migrations = dir.getParent();
        if (directory.equals("committed") && COMMITTED.matcher(name).matches()) {
            return Files.isRegularFile(migrations.resolve("current.sql")) || Files.isDirectory(migrations.resolve("current"))
                    || (migrations.getParent() != null && (Files.isRegularFile(migrations.getParent().resolve(".gmrc"))
                    || Files.isRegularFile(migrations.getParent().resolve(".gmrc.js"))));
        }
        boolean current = name.equals("current.sql") ? Files.isDirectory(dir.resolve("committed"))
                : directory.equals("current") && name.endsWith(".sql") && Files.isDirectory(migrations.resolve("committed"));
        return current;
    }

    /** Whether the migration's body (its text after graphile-migrate's header lines) opens with {@code --! no-transaction}. */
    static boolean optsOutOfTransaction(String text) {
        if (text == null) {
            return false;
        }
        for (String line : text.split("\n", -1)) {
            String l = line.strip();
            if (HEADER.matcher(l).matches()) {
                continue;
            }
            if (l.isEmpty()) {
                continue; // graphile-migrate trims the body: its first line is the first that is not blank
            }
            return NO_TRANSACTION.matcher(l).matches();
        }
        return false;
    }
}
