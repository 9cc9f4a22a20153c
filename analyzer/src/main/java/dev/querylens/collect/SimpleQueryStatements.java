package dev.querylens.collect;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A simple-protocol Query message may hold several statements separated by semicolons (Sequelize
 * sends {@code SET client_min_messages TO warning;SET TIME ZONE ...} as one message on each new
 * connection; psql -c and many migration runners do the same). The server logs the message once,
 * with one duration, but runs each statement apart, and pg_stat_statements counts each apart under
 * its own text. So a logged message of several statements becomes one execution per statement
 * here, before anything groups or counts them; each keeps the message's session, time, location and
 * query tags, and the logged duration is shared out evenly (the log does not say how it divided).
 *
 * <p>Nothing is ever joined: each piece is exactly one statement of what the server already ran.
 * Only a message without bound values can hold several statements (the extended protocol refuses
 * them), so one with parameters is left whole, and so is a text this scanner cannot cut with
 * certainty: an SQL-standard routine body ({@code BEGIN ATOMIC ... END}) has semicolons of its own,
 * and an unclosed quote or comment hides where the statement ends.
 */
public final class SimpleQueryStatements {
    private SimpleQueryStatements() {
    }

    /**
     * The statements of one message, in order, each stripped of surrounding space; a message of
     * one statement (a trailing semicolon or comment included) is returned as the one text unchanged.
     */
    public static List<String> of(String sql) {
        if (sql == null || sql.indexOf(';') < 0) {
            return sql == null ? List.of() : List.of(sql);
        }
        if (onlySpaceAfter(sql, sql.indexOf(';'))) {
            // one semicolon, at the end (most logged statements): whether or not a quote or comment hides
            // it, nothing with a token follows it, so the scan below could find one statement at most
            return List.of(sql);
        }
        List<String> out = new ArrayList<>();
        int n = sql.length();
        int start = 0;
        boolean hasToken = false;
        // the last word at the top level, to see BEGIN ATOMIC: its bounds, not a lower-cased copy of each word
        int previousStart = -1;
        int previousEnd = -1;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c <= ' ') {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i = SqlSyntax.endOfLineComment(sql, i);
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = SqlSyntax.closeOfBlockComment(sql, i);
                if (close < 0) {
                    return List.of(sql);
                }
                i = close;
            } else if (c == ';') {
                if (hasToken) {
                    out.add(sql.substring(start, i).strip());
                }
                start = i + 1;
                hasToken = false;
                previousStart = -1;
                i++;
            } else {
                hasToken = true;
                int close;
                if (c == '\'' && SqlSyntax.opensString(sql, i)) {
                    close = SqlSyntax.closeOfQuoted(sql, i, SqlSyntax.escapeString(sql, i));
                } else if (c == '"') {
                    close = SqlSyntax.closeOfQuoted(sql, i, false);
                } else if (c == '$' && !SqlSyntax.continuesIdentifier(sql, i) && SqlSyntax.dollarTagLength(sql, i) > 0) {
                    close = SqlSyntax.closeOfDollarQuoted(sql, i, SqlSyntax.dollarTagLength(sql, i));
                } else if (Character.isLetter(c) || c == '_') {
                    int j = i + 1;
                    while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_' || sql.charAt(j) == '$')) {
                        j++;
                    }
                    if (wordIs(sql, i, j, "atomic") && previousStart >= 0 && wordIs(sql, previousStart, previousEnd, "begin")) {
                        return List.of(sql); // a routine body: its semicolons are its own
                    }
                    previousStart = i;
                    previousEnd = j;
                    close = j;
                } else {
                    close = i + 1;
                }
                if (close < 0) {
                    return List.of(sql);
                }
                i = close;
            }
        }
        if (hasToken) {
            out.add(sql.substring(start).strip());
        }
        return out.size() < 2 ? List.of(sql) : out;
    }

    /** Whether every character after {@code at} is one the scanner skips as space (so no other semicolon either). */
    private static boolean onlySpaceAfter(String sql, int at) {
        for (int i = at + 1; i < sql.length(); i++) {
            if (sql.charAt(i) > ' ') {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether sql[from, to) lower-cased ({@code toLowerCase(Locale.ROOT)}) is {@code word}, an ASCII
     * word without a k: compared in place. Only ASCII letters lower-case to one of its letters (the
     * Kelvin sign to k; U+0130 to two characters), so comparing ASCII letters either case is exact.
     */
    private static boolean wordIs(String sql, int from, int to, String word) {
        if (to - from != word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            char c = sql.charAt(from + k);
            if ((c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Passes each execution on, a message of several statements as one execution per statement. */
    public static Consumer<Execution> splitting(Consumer<Execution> downstream) {
        return splitting(downstream, null);
    }

    /** As above, taking the statements {@code ahead} worked out for an execution where it did. */
    public static Consumer<Execution> splitting(Consumer<Execution> downstream, FingerprintsAhead ahead) {
        return e -> {
            if (e.sql() == null || !e.params().isEmpty() || e.sql().indexOf(';') < 0) {
                downstream.accept(e);
                return;
            }
            List<String> statements = ahead == null ? null : ahead.statementsOf(e);
            if (statements == null) {
                statements = of(e.sql());
            }
            if (statements.size() < 2) {
                downstream.accept(e);
                return;
            }
            double share = e.hasDuration() ? e.durationMs() / statements.size() : Double.NaN;
            for (String statement : statements) {
                // a plan (auto_explain) is of one statement, and the message does not say which: none is kept
                downstream.accept(new Execution(e.kind(), e.location(), statement, List.of(), e.session(), e.timestamp(), share,
                        null, e.suppressed(), e.calls(), e.batchSize(), e.resultKeys(), e.connection(), e.tags()));
            }
        };
    }
}
