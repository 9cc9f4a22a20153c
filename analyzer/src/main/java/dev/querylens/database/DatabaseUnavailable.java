package dev.querylens.database;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import javax.net.ssl.SSLException;

/**
 * The database could not be used: one line saying why (unknown host, refused, authentication,
 * SSL, timeout, lost connection, missing database), naming the connection without its password.
 */
public final class DatabaseUnavailable extends Exception {
    public DatabaseUnavailable(String message) {
        super(message);
    }

    /** A driver failure as one clear line; every secret of {@code settings} is masked in it. */
    static DatabaseUnavailable of(ConnectionSettings settings, SQLException e) {
        return new DatabaseUnavailable("cannot use " + settings.shown() + ": " + settings.redact(why(e)));
    }

    static String why(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "unknown host";
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return "connection refused (is the server running and accepting TCP connections on that host and port?)";
            }
            if (t instanceof SocketTimeoutException) {
                return "the server did not answer in time";
            }
            if (t instanceof SSLException) {
                return "SSL failed: " + firstLine(t.getMessage());
            }
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("28P01") || state.equals("28000")) {
            return "authentication failed: " + firstLine(e.getMessage());
        }
        if (state.equals("3D000")) {
            return "the database does not exist";
        }
        if (state.startsWith("08")) {
            return "connection failed: " + firstLine(e.getMessage());
        }
        return firstLine(e.getMessage());
    }

    static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
