package dev.querylens.database;

import java.util.List;
import java.util.Map;

/**
 * What one migration statement did on a disposable database, in its own transaction: the relation
 * locks it took on tables that existed before it (pg_locks of its own backend before the commit),
 * and which of those tables it rewrote (their relfilenode changed). {@code error} is the server's message when it failed; the
 * trace stops there.
 */
public record TracedStatement(int index, Map<String, List<String>> newLocks, List<String> rewritten, String error) {
    public TracedStatement {
        newLocks = Map.copyOf(newLocks);
        rewritten = List.copyOf(rewritten);
    }

    /** What a lock mode blocks for other sessions (PostgreSQL's lock conflict table, 13.3.1). */
    public static String blocks(String mode) {
        return switch (mode) {
            case "AccessExclusiveLock" -> "every read and write";
            case "ExclusiveLock" -> "writes and SELECT ... FOR UPDATE/SHARE";
            case "ShareRowExclusiveLock", "ShareLock" -> "INSERT, UPDATE, DELETE";
            case "ShareUpdateExclusiveLock" -> "schema changes, VACUUM, other CONCURRENTLY builds; not reads or writes";
            case "RowExclusiveLock" -> "CREATE INDEX (not CONCURRENTLY) and stronger locks; not reads or writes";
            default -> "only ACCESS EXCLUSIVE and EXCLUSIVE locks";
        };
    }
}
