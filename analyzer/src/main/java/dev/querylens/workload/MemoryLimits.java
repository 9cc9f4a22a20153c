package dev.querylens.workload;

/**
 * How much of a workload is held at once, so that memory stays under a fixed budget however many
 * distinct statements or sessions the input has. Past {@code statementShapes} groups the lightest
 * are folded into a counted remainder; past {@code openSessions} the least recently active session
 * is closed early. The defaults are well above what real servers produce (pg_stat_statements keeps
 * 5,000 statements by default; max_connections is rarely above a few thousand), so ordinary inputs
 * never fold; {@code -Dquerylens.maxStatementShapes=N} and {@code -Dquerylens.maxOpenSessions=N}
 * raise them.
 */
public record MemoryLimits(int statementShapes, int openSessions) {
    /** The defaults, or what the system properties say (raised to the smallest that works, so a typo cannot stop the run). */
    public static final MemoryLimits DEFAULT = new MemoryLimits(
            Math.max(2, Integer.getInteger("querylens.maxStatementShapes", 10_000)),
            Math.max(1, Integer.getInteger("querylens.maxOpenSessions", 10_000)));

    public MemoryLimits {
        if (statementShapes < 2 || openSessions < 1) {
            throw new IllegalArgumentException("memory limits too small: " + statementShapes + " statement shapes, "
                    + openSessions + " open sessions");
        }
    }
}
