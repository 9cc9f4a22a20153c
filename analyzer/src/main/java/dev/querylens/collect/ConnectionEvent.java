package dev.querylens.collect;

/**
 * A session's start or end as the server logs it with log_connections / log_disconnections
 * ("connection received: host=...", "connection authorized: user=... database=...
 * application_name=...", "disconnection: session time: 0:00:01.234 user=... database=... host=...").
 * The message text is the same in stderr, csvlog and jsonlog, so it is read from the message alone.
 *
 * @param user        the role, or null where the message does not say (connection received)
 * @param application application_name, which only "connection authorized" carries; null otherwise
 * @param sessionMs   how long the session lasted (disconnection only), else NaN
 */
public record ConnectionEvent(Kind kind, String user, String database, String application, double sessionMs) {
    public enum Kind {
        /** The postmaster accepted a socket: a backend was forked for it. */
        RECEIVED,
        /** Authentication succeeded: a new session. */
        AUTHORIZED,
        /** The session ended, after {@code sessionMs}. */
        DISCONNECTED
    }

    /** The event a log message stands for, or null when it is no connection message (or its session time is unreadable). */
    public static ConnectionEvent of(String message) {
        if (message.startsWith("connection received:")) {
            return new ConnectionEvent(Kind.RECEIVED, null, null, null, Double.NaN);
        }
        if (message.startsWith("connection authorized:")) {
            return new ConnectionEvent(Kind.AUTHORIZED, field(message, "user="), field(message, "database="),
                    field(message, "application_name="), Double.NaN);
        }
        if (message.startsWith("disconnection: session time: ")) {
            double ms = sessionTime(message, "disconnection: session time: ".length());
            return Double.isNaN(ms) ? null
                    : new ConnectionEvent(Kind.DISCONNECTED, field(message, "user="), field(message, "database="), null, ms);
        }
        return null;
    }

    /** A key=value of the message; values are written unquoted, up to the next space. */
    private static String field(String message, String key) {
        int at = message.indexOf(" " + key);
        if (at < 0) {
            return null;
        }
        int start = at + 1 + key.length();
        int end = message.indexOf(' ', start);
        String value = message.substring(start, end < 0 ? message.length() : end);
        return value.isEmpty() ? null : value;
    }

    /** "H:MM:SS.mmm" (hours not bounded) to milliseconds, NaN when it is not that. */
    static double sessionTime(String message, int from) {
        int end = message.indexOf(' ', from);
        String[] parts = message.substring(from, end < 0 ? message.length() : end).split(":");
        if (parts.length != 3) {
            return Double.NaN;
        }
        try {
            long hours = Long.parseLong(parts[0]);
            long minutes = Long.parseLong(parts[1]);
            double seconds = Double.parseDouble(parts[2]);
            if (hours < 0 || minutes < 0 || minutes > 59 || seconds < 0 || seconds >= 60 || parts[2].startsWith("-")) {
                return Double.NaN;
            }
            return (hours * 3600 + minutes * 60) * 1000.0 + seconds * 1000.0;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
