package dev.querylens.database;

import java.util.Map;

/**
 * The client backends of a live server at one moment (pg_stat_activity), against the connections
 * it accepts. QueryLens's own sessions are left out.
 *
 * @param maxConnections     max_connections
 * @param reservedConnections superuser_reserved_connections, plus reserved_connections (PostgreSQL 16+)
 * @param byState            client backends per state ("active", "idle", "idle in transaction", ...);
 *                           "" counts those whose state the role may not see (without pg_read_all_stats)
 * @param oldestIdleInTransactionSeconds how long the longest "idle in transaction" (or "... (aborted)")
 *                           session has been so; 0 when there is none
 */
public record BackendActivity(int maxConnections, int reservedConnections, Map<String, Long> byState,
                              double oldestIdleInTransactionSeconds) {
    public BackendActivity {
        byState = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(byState));
    }

    /** The connections ordinary roles can open: max_connections less the reserved ones. */
    public int availableConnections() {
        return Math.max(0, maxConnections - reservedConnections);
    }

    public long clientBackends() {
        return byState.values().stream().mapToLong(Long::longValue).sum();
    }

    public long idleInTransaction() {
        return byState.entrySet().stream().filter(e -> e.getKey().startsWith("idle in transaction"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Backends whose state this role could not read: other roles' sessions, without pg_read_all_stats. */
    public long unknownState() {
        return byState.getOrDefault("", 0L);
    }
}
