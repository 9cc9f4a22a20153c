package dev.querylens.workload;

import dev.querylens.collect.SourceLocation;
import java.time.Instant;
import java.util.List;

/**
 * What server logs written with log_connections / log_disconnections say about sessions: how many
 * began ("connection authorized"; "connection received" where no authorization was logged), how
 * many ended and how long they lasted ("disconnection: session time: ..."), over which span of
 * time (the first and last timestamp of the log entries read, executions included).
 *
 * @param clients   the clients with the most new sessions first (at most {@value ConnectionLog#MAX_CLIENTS}; the
 *                  rest are counted in {@code otherClients})
 * @param locations where the first sessions began, for the report
 * @param preparedStatements the prepared-statement errors a pooler causes (26000, 42P05), {@link PreparedStatementErrors#NONE} without
 */
public record LogSessions(long newSessions, long received, long disconnections, Instant first, Instant last,
                          double meanSessionMs, double medianSessionMs, double p90SessionMs, List<ClientSessions> clients, long otherClients,
                          List<SourceLocation> locations, PreparedStatementErrors preparedStatements) {
    public static final LogSessions NONE = new LogSessions(0, 0, 0, null, null, Double.NaN, Double.NaN, Double.NaN, List.of(), 0, List.of(),
            PreparedStatementErrors.NONE);

    public LogSessions {
        clients = List.copyOf(clients);
        locations = List.copyOf(locations);
        preparedStatements = preparedStatements == null ? PreparedStatementErrors.NONE : preparedStatements;
    }

    /** Whether the logs had any connection or disconnection line. */
    public boolean logged() {
        return newSessions > 0 || disconnections > 0;
    }

    /** Seconds from the first to the last timestamp read, 0 when unknown. */
    public double spanSeconds() {
        return first == null || last == null ? 0 : Elapsed.millis(first, last) / 1e3;
    }

    /** New sessions per second over the span, NaN when the span is unknown or empty. */
    public double newSessionsPerSecond() {
        double span = spanSeconds();
        return span > 0 ? newSessions / span : Double.NaN;
    }
}
