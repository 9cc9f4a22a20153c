package dev.querylens.collect;

import java.util.regex.Pattern;

/**
 * The statement a server log message carries ("statement: ...", "execute <name>: ..."), worked out
 * from the message alone: {@link LogInterpreter} reads it there, and a thread that reads a log's
 * entries ahead of the interpreter ({@link SplitStderrSource}) can cut it out, and fingerprint it,
 * before the interpreter sees the entry.
 *
 * @param sql      the statement's text, as the interpreter takes it
 * @param extended whether it was an extended-protocol execute (its parameters may follow in a DETAIL entry)
 */
record LogStatementText(String sql, boolean extended) {
    /** A SQLSTATE: five digits or upper-case letters, at least one a digit (every class and subclass code has one). */
    private static final Pattern VERBOSE_SQLSTATE = Pattern.compile("(?=[A-Z]*[0-9])[0-9A-Z]{5}: ");

    /**
     * log_error_verbosity = verbose writes the SQLSTATE before the message ("LOG:  00000: statement: ..."), and the
     * source file in a LOCATION line of its own (a level no statement is read from).
     */
    static String withoutSqlState(String message) {
        if (message.length() > 6 && message.charAt(5) == ':' && message.charAt(6) == ' ' && VERBOSE_SQLSTATE.matcher(message).lookingAt()) {
            return message.substring(7);
        }
        return message;
    }

    /** Where the statement's text starts in a LOG message's body ("statement: ", "execute <name>: "), or -1. */
    static int start(String body) {
        return start(body, 0);
    }

    /** {@link #start(String)} of body[from, end), counted from {@code from}: the body read in place. */
    static int start(String body, int from) {
        if (body.startsWith("statement: ", from)) {
            return "statement: ".length();
        }
        if (body.startsWith("execute ", from) && !body.startsWith("execute fetch from", from)) {
            int colon = body.indexOf(": ", from);
            return colon > from ? colon + 2 - from : -1;
        }
        return -1;
    }

    /**
     * The text {@link LogInterpreter} takes as a new execution's statement from this entry, else null:
     * worked out from the entry alone, so a thread that reads entries can do it (and what depends
     * on the text alone, its fingerprint) ahead of the thread that pairs them up.
     */
    static LogStatementText of(LogEntry e) {
        if (e.session() == null || !"LOG".equals(e.level())) {
            return null;
        }
        String body = withoutSqlState(e.message() == null ? "" : e.message());
        if (body.startsWith("disconnection:") || body.startsWith("connection ")) {
            return null;
        }
        if (body.startsWith("duration: ")) {
            int ms = body.indexOf(" ms");
            if (ms > 0) {
                body = body.substring(ms + 3).stripLeading();
            }
        }
        int at = start(body);
        return at < 0 ? null : new LogStatementText(body.substring(at), !body.startsWith("statement: "));
    }
}
