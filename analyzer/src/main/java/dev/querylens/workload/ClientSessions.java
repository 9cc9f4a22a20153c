package dev.querylens.workload;

/**
 * New sessions and their lengths for one client as the log names it: role, database and
 * application_name (null where the log did not say; application_name comes only with
 * "connection authorized"). {@code medianSessionMs}/{@code p90SessionMs} are NaN without
 * disconnection lines.
 */
public record ClientSessions(String user, String database, String application, long newSessions, long disconnections,
                             double medianSessionMs, double p90SessionMs) {
}
