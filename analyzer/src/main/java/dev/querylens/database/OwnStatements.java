package dev.querylens.database;

import java.util.Locale;

/**
 * Statements in pg_stat_statements that are not the application's workload: QueryLens's own
 * (each starts with {@link UserDatabase#MARK}, which pg_stat_statements keeps) and transaction
 * control, which its read-only sessions send too and which no rule judges. Leaving them out keeps
 * identical runs identical instead of each run analyzing the last one's what-if statements.
 */
final class OwnStatements {
    private OwnStatements() {
    }

    static boolean isOursOrControl(String query) {
        String q = query.stripLeading();
        if (q.startsWith(UserDatabase.MARK.strip())) {
            return true;
        }
        String lower = q.toLowerCase(Locale.ROOT);
        return lower.matches("(begin|start transaction|commit|end|rollback|abort|savepoint|release|deallocate|discard)\\b.*")
                || lower.startsWith("prepare querylens_") || lower.startsWith("explain (format json) execute querylens_");
    }
}
