package dev.querylens.migration;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The tool that applies a migration file, told from where the file lives and how it is written,
 * because it decides whether the file runs inside a transaction: drizzle-kit's migrate() runs all
 * pending migrations in one transaction, Prisma's migrate deploy runs each file in one. Either way
 * CREATE INDEX CONCURRENTLY in such a file fails ("cannot run inside a transaction block").
 */
public enum Migrator {
    DRIZZLE_KIT("drizzle-kit", true,
            "drizzle-kit's migrate() runs all pending migrations in one transaction, so CONCURRENTLY cannot go in a migration file:"
                    + " remove it from the generated migration and run the statement as its own step after `drizzle-kit migrate`"
                    + " (e.g. `psql \"$DATABASE_URL\" -c '<statement>'` in the deploy script, or db.execute(sql`...`) outside"
                    + " a transaction), or keep the non-concurrent form only for tables created in the same migration"),
    PRISMA("Prisma", true,
            "Prisma's migrate deploy runs each migration file in a transaction unless the file holds nothing but"
                    + " non-transactional statements: put the CONCURRENTLY statement alone in its own migration"
                    + " (prisma migrate dev --create-only, then edit migration.sql to hold only that statement)"),
    PLAIN("the migrator", false,
            "run the statement outside BEGIN ... COMMIT (in psql, autocommit), in a migration file of its own if the migrator"
                    + " wraps files in a transaction");

    private static final Pattern PRISMA_DIR = Pattern.compile(".*/[0-9]{14}_[^/]+/migration\\.sql");

    private final String label;
    private final boolean wrapsInTransaction;
    private final String concurrentlyRecipe;

    Migrator(String label, boolean wrapsInTransaction, String concurrentlyRecipe) {
        this.label = label;
        this.wrapsInTransaction = wrapsInTransaction;
        this.concurrentlyRecipe = concurrentlyRecipe;
    }

    public String label() {
        return label;
    }

    public boolean wrapsInTransaction() {
        return wrapsInTransaction;
    }

    /** How to run a CONCURRENTLY statement with this migrator, so the fix is one the user can apply. */
    public String concurrentlyRecipe() {
        return concurrentlyRecipe;
    }

    /** drizzle-kit writes {@code --> statement-breakpoint} between statements and to drizzle/; Prisma to migrations/<timestamp>_name/migration.sql. */
    public static Migrator of(String file, String firstStatementContext) {
        String path = file.replace('\\', '/').toLowerCase(Locale.ROOT);
        if (PRISMA_DIR.matcher(path).matches()) {
            return PRISMA;
        }
        if (path.contains("/drizzle/") || path.startsWith("drizzle/") || (firstStatementContext != null && firstStatementContext.contains("--> statement-breakpoint"))) {
            return DRIZZLE_KIT;
        }
        return PLAIN;
    }

    /** A rule parameter's value: auto (detect), drizzle-kit, prisma, none. */
    public static Migrator of(String file, String text, String setting) {
        if (setting == null || setting.equals("auto")) {
            return of(file, text);
        }
        return switch (setting) {
            case "drizzle-kit", "drizzle" -> DRIZZLE_KIT;
            case "prisma" -> PRISMA;
            default -> PLAIN;
        };
    }
}
