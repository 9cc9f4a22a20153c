package dev.querylens.engine;

import dev.querylens.database.BackendActivity;
import dev.querylens.workload.LogSessions;

/**
 * What is known about how the application connects: from server logs (log_connections,
 * log_disconnections) and from a live database's pg_stat_activity at the moment it was read.
 *
 * @param live      the live snapshot, or null without --db (or when it could not be read)
 * @param liveLabel where the snapshot came from ("db postgresql://app@host/shop"), null without one
 */
public record ConnectionFacts(LogSessions logs, BackendActivity live, String liveLabel) {
    public static final ConnectionFacts NONE = new ConnectionFacts(LogSessions.NONE, null, null);

    public ConnectionFacts {
        logs = logs == null ? LogSessions.NONE : logs;
    }
}
