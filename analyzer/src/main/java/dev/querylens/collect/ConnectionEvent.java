package dev.querylens.collect;

/**
 * What the server logs about a session's connection: its start or end as log_connections /
 * log_disconnections write it ("connection received: host=...", "connection authorized: user=...
 * database=... application_name=...", "disconnection: session time: 0:00:01.234 user=... database=...
 * host=..."), and the errors a session logs when its server-side prepared statements are not what
 * its client thinks they are, which is what a transaction pooler in front of the server causes
 * (error 26000 "prepared statement "S_1" does not exist", 42P05 "prepared statement "S_1" already
 * exists"). The message text is the same in stderr, csvlog and jsonlog, so it is read from the
 * message alone.
 *
 * @param user        the role, or null where the message does not say (connection received, the errors)
 * @param application application_name, which only "connection authorized" carries; null otherwise
 * @param sessionMs   how long the session lasted (disconnection only), else NaN
 * @param statement   the prepared statement's name the error gives (the two error kinds only), else null
 */
public record ConnectionEvent(Kind kind, String user, String database, String application, double sessionMs, String statement) {
    public enum Kind {
        /** The postmaster accepted a socket: a backend was forked for it. */
        RECEIVED,
        /** Authentication succeeded: a new session. */
        AUTHORIZED,
        /** The session ended, after {@code sessionMs}. */
        DISCONNECTED,
        /** Error 26000: a client used a prepared statement its server session does not have. */
        PREPARED_STATEMENT_MISSING,
        /** Error 42P05: a client prepared a name its server session already has. */
        PREPARED_STATEMENT_EXISTS;

        /** Whether it is one of the prepared-statement errors (not a session's start or end). */
        public boolean preparedStatementError() {
            return this == PREPARED_STATEMENT_MISSING || this == PREPARED_STATEMENT_EXISTS;
        }

        /** The SQLSTATE the server gives it, null for a session's start or end. */
        public String sqlState() {
            return switch (this) {
                case PREPARED_STATEMENT_MISSING -> "26000";
                case PREPARED_STATEMENT_EXISTS -> "42P05";
                default -> null;
            };
        }
    }

    /** The longest statement name kept: PostgreSQL truncates names to NAMEDATALEN - 1 = 63 bytes. */
    static final int MAX_NAME = 63;

    public ConnectionEvent(Kind kind, String user, String database, String application, double sessionMs) {
        this(kind, user, database, application, sessionMs, null);
    }

    /**
     * The prepared-statement error an ERROR message stands for, or null when it is none (or the
     * name is not one a driver writes: empty, too long, or with characters outside printable ASCII).
     * Only the name is kept, never the statement's text.
     */
    public static ConnectionEvent ofError(String message) {
        Kind kind;
        String suffix;
        if (message.endsWith("\" does not exist")) {
            kind = Kind.PREPARED_STATEMENT_MISSING;
            suffix = "\" does not exist";
        } else if (message.endsWith("\" already exists")) {
            kind = Kind.PREPARED_STATEMENT_EXISTS;
            suffix = "\" already exists";
        } else {
            return null;
        }
        String prefix = "prepared statement \"";
        if (!message.startsWith(prefix) || message.length() <= prefix.length() + suffix.length()) {
            return null;
        }
        String name = message.substring(prefix.length(), message.length() - suffix.length());
        if (name.length() > MAX_NAME || !name.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return null;
        }
        return new ConnectionEvent(kind, null, null, null, Double.NaN, name);
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
