package dev.querylens.migration;

import java.util.Comparator;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which .sql files are migrations, and the order a migrator applies them in. A file in a directory
 * migration tools write to (migrations/ of Supabase, Prisma, golang-migrate, sqlx, Drizzle's
 * drizzle/, Rails' db/migrate, Flyway's db/migration) or named as Flyway names them ({@code V3__backfill.sql}).
 */
public final class MigrationPaths {
    private static final Set<String> DIRECTORIES = Set.of("migrations", "migration", "migrate", "drizzle");
    private static final Pattern FLYWAY = Pattern.compile("(?i)(v[0-9][0-9._]*|r)__[^/]*\\.sql");

    /**
     * Every tool here names files so that they sort in the order they apply, with numbers compared
     * as numbers (Flyway's V2 before V10): drizzle's 0000_, Prisma's timestamps, golang-migrate's 1_.
     */
    public static final Comparator<String> ORDER = MigrationPaths::compareNatural;

    private MigrationPaths() {
    }

    public static boolean isMigration(String file) {
        String[] parts = file.replace('\\', '/').toLowerCase(Locale.ROOT).split("/");
        if (!parts[parts.length - 1].endsWith(".sql") && !parts[parts.length - 1].endsWith(".sql.gz")) {
            return false;
        }
        for (int i = 0; i < parts.length - 1; i++) {
            if (DIRECTORIES.contains(parts[i])) {
                return true;
            }
        }
        return FLYWAY.matcher(parts[parts.length - 1]).matches();
    }

    private static int compareNatural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                int c = new java.math.BigInteger(a.substring(si, i)).compareTo(new java.math.BigInteger(b.substring(sj, j)));
                if (c != 0) {
                    return c;
                }
            } else {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
