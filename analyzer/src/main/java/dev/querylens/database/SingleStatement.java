package dev.querylens.database;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Workload text that may be planned on a user's database: exactly one statement, of a kind plain
 * EXPLAIN accepts and does not execute (SELECT, VALUES, TABLE, WITH, INSERT, UPDATE, DELETE, MERGE).
 * This lexical check is the first of three walls; {@link UserDatabase} adds the driver's own
 * splitter (pgjdbc must see one query, so it sends one Parse message) and the extended protocol
 * (the server refuses a Parse message that holds more than one command). Text that fails here is
 * never sent; the caller gets the reason, which names no part of the text.
 */
public final class SingleStatement {
    /** Statement kinds a refusal may name, since the word is PostgreSQL's, not the user's. */
    private static final Set<String> UTILITY = Set.of("copy", "set", "reset", "begin", "start", "commit", "end", "rollback", "abort",
            "savepoint", "release", "drop", "create", "alter", "truncate", "grant", "revoke", "do", "call", "explain", "prepare",
            "execute", "deallocate", "discard", "listen", "notify", "lock", "vacuum", "analyze", "cluster", "reindex", "refresh",
            "comment", "security", "load", "checkpoint", "show", "fetch", "move", "close", "declare", "import");
    private static final Set<String> EXPLAINABLE = Set.of("select", "values", "table", "with", "insert", "update", "delete", "merge");

    private final String sql;

    private SingleStatement(String sql) {
        this.sql = sql;
    }

    public String sql() {
        return sql;
    }

    /** Whether it only reads (SELECT, VALUES, TABLE, or WITH ... SELECT without data-modifying parts, by its keywords). */
    public boolean isRead() {
        String first = firstWord(sql);
        if (first.equals("select") || first.equals("values") || first.equals("table")) {
            return !sql.toLowerCase(Locale.ROOT).matches("(?s).*\\b(into|for\\s+update|for\\s+share|for\\s+no\\s+key|for\\s+key)\\b.*");
        }
        return first.equals("with") && !sql.toLowerCase(Locale.ROOT).matches("(?s).*\\b(insert|update|delete|merge)\\b.*");
    }

    /** The statement, without one trailing semicolon, or the reason it may not be sent. */
    public static Result of(String text) {
        if (text == null || text.isBlank()) {
            return Result.refused("empty statement");
        }
        if (text.indexOf('\0') >= 0) {
            return Result.refused("the statement contains a NUL character");
        }
        Scan scan = scan(text);
        if (scan.problem != null) {
            return Result.refused(scan.problem);
        }
        String body = text.substring(0, scan.end);
        String first = firstWord(body);
        if (first == null || !EXPLAINABLE.contains(first)) {
            // the refusal names no word of the text: a diagnostic never echoes raw input
            return Result.refused(first == null ? "not a statement"
                    : "only SELECT, VALUES, TABLE, WITH, INSERT, UPDATE, DELETE and MERGE are planned; this statement is another kind"
                            + (UTILITY.contains(first) ? " (" + first.toUpperCase(Locale.ROOT) + ")" : ""));
        }
        return new Result(new SingleStatement(body.strip()), null);
    }

    public record Result(SingleStatement statement, String refusal) {
        static Result refused(String why) {
            return new Result(null, why);
        }

        public Optional<SingleStatement> accepted() {
            return Optional.ofNullable(statement);
        }
    }

    private record Scan(int end, String problem) {
    }

    /**
     * Walks the text as PostgreSQL's lexer does for the parts that can hide a semicolon: strings
     * ('...', E'...' with backslash escapes, U&'...'), quoted identifiers, dollar quotes, line
     * comments and nested block comments. Anything after a top-level semicolon but comments and
     * space is a second statement; anything unterminated is refused rather than guessed.
     */
    private static Scan scan(String s) {
        int n = s.length();
        int i = 0;
        int semicolon = -1;
        while (i < n) {
            char c = s.charAt(i);
            if (semicolon >= 0 && !Character.isWhitespace(c) && !(c == '-' && next(s, i) == '-') && !(c == '/' && next(s, i) == '*')) {
                return new Scan(0, "more than one statement");
            }
            if (c == '\'') {
                boolean escapes = i > 0 && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E') && (i < 2 || !isIdentChar(s.charAt(i - 2)));
                int close = endOfString(s, i + 1, escapes);
                if (close < 0) {
                    return new Scan(0, "unterminated string literal");
                }
                i = close + 1;
            } else if (c == '"') {
                int close = s.indexOf('"', i + 1);
                while (close >= 0 && close + 1 < n && s.charAt(close + 1) == '"') {
                    close = s.indexOf('"', close + 2);
                }
                if (close < 0) {
                    return new Scan(0, "unterminated quoted identifier");
                }
                i = close + 1;
            } else if (c == '$' && (i == 0 || !isIdentChar(s.charAt(i - 1)))) {
                int tagEnd = dollarTagEnd(s, i);
                if (tagEnd < 0) {
                    i++;
                    continue;
                }
                String tag = s.substring(i, tagEnd + 1);
                int close = s.indexOf(tag, tagEnd + 1);
                if (close < 0) {
                    return new Scan(0, "unterminated dollar-quoted string");
                }
                i = close + tag.length();
            } else if (c == '-' && next(s, i) == '-') {
                int eol = indexOfLineEnd(s, i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && next(s, i) == '*') {
                i = endOfBlockComment(s, i);
                if (i < 0) {
                    return new Scan(0, "unterminated comment");
                }
            } else if (c == ';') {
                semicolon = i;
                i++;
            } else {
                i++;
            }
        }
        return new Scan(semicolon >= 0 ? semicolon : n, null);
    }

    /** The index after the comment that opens at {@code i} (PostgreSQL's block comments nest), or -1 when it never closes. */
    static int endOfBlockComment(String s, int i) {
        int depth = 1;
        int j = i + 2;
        while (j < s.length() && depth > 0) {
            if (s.charAt(j) == '/' && next(s, j) == '*') {
                depth++;
                j += 2;
            } else if (s.charAt(j) == '*' && next(s, j) == '/') {
                depth--;
                j += 2;
            } else {
                j++;
            }
        }
        return depth > 0 ? -1 : j;
    }

    static int endOfString(String s, int from, boolean backslashEscapes) {
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (backslashEscapes && c == '\\') {
                i++;
            } else if (c == '\'') {
                if (i + 1 < s.length() && s.charAt(i + 1) == '\'') {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The index of the closing '$' of a dollar-quote tag ($$ or $tag$) starting at {@code i}, or -1 when it is not one ($1). */
    static int dollarTagEnd(String s, int i) {
        int j = i + 1;
        if (j < s.length() && Character.isDigit(s.charAt(j))) {
            return -1;
        }
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
            j++;
        }
        return j < s.length() && s.charAt(j) == '$' ? j : -1;
    }

    static int indexOfLineEnd(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) == '\n' || s.charAt(i) == '\r') {
                return i;
            }
        }
        return -1;
    }

    private static char next(String s, int i) {
        return i + 1 < s.length() ? s.charAt(i + 1) : '\0';
    }

    static boolean isIdentChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** The first keyword, past comments, space and opening parentheses ((SELECT ...) UNION ...). */
    private static String firstWord(String s) {
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (c == '-' && next(s, i) == '-') {
                int eol = indexOfLineEnd(s, i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && next(s, i) == '*') {
                int end = endOfBlockComment(s, i);
                i = end < 0 ? n : end;
            } else {
                break;
            }
        }
        int start = i;
        while (i < n && Character.isLetter(s.charAt(i))) {
            i++;
        }
        return i > start ? s.substring(start, i).toLowerCase(Locale.ROOT) : null;
    }
}
