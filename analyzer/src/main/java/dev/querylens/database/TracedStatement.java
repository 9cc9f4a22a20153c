package dev.querylens.database;

import java.util.List;
import java.util.Map;

/**
 * What one migration statement did on the trace's server: the relation locks it took on tables
 * that existed before it (pg_locks of the backend that ran it), the tables and indexes it rewrote
 * (their relfilenode changed), and how long it took. {@code error} is the server's message when it
 * failed (the trace stops there); {@code notTraced} says why a statement was applied without being
 * traced, or could not be applied at all.
 *
 * @param locks      lock modes per pre-existing table (schema-qualified), as pg_locks names them
 * @param rewritten  pre-existing tables and indexes given a new relfilenode
 * @param durationMs the statement's own time, as the client measured it
 * @param alreadyHeld on a rolled-back trace, locks an earlier statement of the history already held on a table this one
 *                    names: a lock held twice shows once, so whether this statement took them too cannot be seen
 */
public record TracedStatement(int index, Map<String, List<String>> locks, List<String> rewritten, double durationMs,
                              String error, String notTraced, Map<String, List<String>> alreadyHeld) {
    public TracedStatement {
        // sorted by table, so the listing and the findings read the same on every run
        locks = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(locks));
        rewritten = List.copyOf(rewritten);
        alreadyHeld = alreadyHeld == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(alreadyHeld));
    }

    static TracedStatement failed(int index, String error) {
        return new TracedStatement(index, Map.of(), List.of(), 0, error, null, Map.of());
    }

    static TracedStatement notTraced(int index, String why) {
        return new TracedStatement(index, Map.of(), List.of(), 0, null, why, Map.of());
    }

    public boolean traced() {
        return error == null && notTraced == null;
    }

    /** What other sessions cannot do while a lock is held (PostgreSQL's table-level lock conflicts). */
    public enum Blocks {
        /** Reads and writes go on: only schema changes, VACUUM and index builds wait. */
        NEITHER("neither reads nor writes"),
        /** INSERT, UPDATE, DELETE (and SELECT ... FOR UPDATE) wait; plain reads go on. */
        WRITES("writes"),
        /** Every query on the table waits, plain SELECT included. */
        READS_AND_WRITES("reads and writes");

        private final String label;

        Blocks(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Blocks of(String mode) {
            return switch (mode) {
                case "AccessExclusiveLock" -> READS_AND_WRITES;
                case "ExclusiveLock", "ShareRowExclusiveLock", "ShareLock" -> WRITES;
                default -> NEITHER;
            };
        }
    }

    /** PostgreSQL's order of table lock modes, weakest first. */
    private static final List<String> ORDER = List.of("AccessShareLock", "RowShareLock", "RowExclusiveLock",
            "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock");

    /** The strongest of the modes. */
    public static String strongest(List<String> modes) {
        return modes.stream().max(java.util.Comparator.comparingInt(ORDER::indexOf)).orElse("AccessShareLock");
    }

    /** The mode as the PostgreSQL documentation writes it: ShareRowExclusiveLock is SHARE ROW EXCLUSIVE. */
    public static String sqlName(String mode) {
        String bare = mode.endsWith("Lock") ? mode.substring(0, mode.length() - 4) : mode;
        return bare.replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(java.util.Locale.ROOT);
    }
}
