package dev.querylens.sql;

import dev.querylens.collect.SqlSyntax;
import java.util.Set;

/**
 * Normalizes SQL text in one pass over its characters, in the spirit of pg_stat_statements: every
 * constant becomes a positional parameter numbered after the statement's own ($1 stays $1), a
 * parenthesized list of only constants after IN collapses to {@code ($k /*, ... *\/)} so lists of
 * any length group together, and comments, layout, a trailing semicolon and the case of keywords
 * and unquoted names do not matter. This runs on every execution, so it allocates one builder and
 * nothing per character.
 */
public final class Fingerprinter {
    /** Words after which "(" reads better with a space; everything else is a function call or table. */
    private static final Set<String> SPACED_BEFORE_PAREN = Set.of(
            "in", "values", "and", "or", "not", "exists", "from", "join", "on", "where", "select", "as",
            "using", "over", "filter", "set", "returning", "conflict", "into", "when", "then",
            "else", "by", "union", "intersect", "except", "with", "lateral", "is", "distinct", "case", "limit",
            "offset", "having", "array", "row", "between");
    /** Quoted names that must stay quoted because, unquoted, they would be keywords. */
    private static final Set<String> RESERVED = Set.of(
            "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast",
            "check", "collate", "column", "constraint", "create", "current_catalog", "current_date", "current_role",
            "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct", "do",
            "else", "end", "except", "false", "fetch", "for", "foreign", "from", "grant", "group", "having", "in",
            "initially", "intersect", "into", "lateral", "leading", "limit", "localtime", "localtimestamp", "not",
            "null", "offset", "on", "only", "or", "order", "placing", "primary", "references", "returning", "select",
            "session_user", "some", "symmetric", "table", "then", "to", "trailing", "true", "union", "unique", "user",
            "using", "variadic", "when", "where", "window", "with");

    /**
     * Statements longer than this (1 MiB) are fingerprinted by their first part only: a 50 MB
     * INSERT ... VALUES would otherwise need several times its size in memory (the normalized
     * copy, its constants) just to be grouped. The cut is marked in the normalized text, so such a
     * group is never mistaken for a complete statement (and is not parsed).
     */
    public static final int MAX_STATEMENT_CHARS = 1 << 20;
    static final String CUT_MARK = " /* ... statement cut at " + MAX_STATEMENT_CHARS + " characters */";

    private enum Last { NONE, WORD, CONSTANT, OPEN, CLOSE, COMMA, DOT, OPERATOR }

    /** Whether a normalized text is only the first part of a longer statement. */
    public static boolean isCut(String normalized) {
        return normalized.endsWith(CUT_MARK);
    }

    public Fingerprint fingerprint(String sql) {
        return Fingerprint.of(normalize(sql));
    }

    public String normalize(String sql) {
        return normalize(sql, null);
    }

    /**
     * Normalizes and, when {@code constants} is not null, appends the value of each constant that
     * became a parameter, in parameter order (strings unquoted). With the statement's own bound
     * values in front, that gives the value of every $n of the normalized text. Only callers that
     * keep samples ask for it, so the hot path allocates nothing for constants.
     */
    public String normalize(String statement, java.util.List<String> constants) {
        boolean cut = statement.length() > MAX_STATEMENT_CHARS;
        int keep = cut && Character.isHighSurrogate(statement.charAt(MAX_STATEMENT_CHARS - 1))
                ? MAX_STATEMENT_CHARS - 1 : MAX_STATEMENT_CHARS;
        String sql = cut ? statement.substring(0, keep) : statement;
        int n = sql.length();
        StringBuilder out = new StringBuilder(n);
        int nextParam = highestParameter(sql) + 1;
        Last last = Last.NONE;
        int lastWordStart = -1;
        // IN-list collapse state: where the list's "(" was written and whether only constants followed
        int inListAt = -1;
        int inListFirstParam = 0;
        boolean inListPure = false;
        int inListItems = 0;
        int inListConstants = 0;

        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c <= ' ') {
                i++;
                continue;
            }
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i = SqlSyntax.endOfLineComment(sql, i);
                continue;
            }
            if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = SqlSyntax.endOfBlockComment(sql, i);
                continue;
            }
            if (c == ';') {
                i++;
                continue;
            }
            int tokenStart = out.length();
            Last kind;
            if (c == '\'' || ((c == 'E' || c == 'e' || c == 'B' || c == 'b' || c == 'X' || c == 'x' || c == 'N' || c == 'n')
                    && i + 1 < n && sql.charAt(i + 1) == '\'' && !SqlSyntax.continuesIdentifier(sql, i))) {
                boolean escapes = c == 'E' || c == 'e';
                int open = c == '\'' ? i : i + 1;
                i = SqlSyntax.endOfQuoted(sql, open, escapes);
                if (constants != null) {
                    constants.add(sql.substring(open + 1, Math.max(open + 1, i - 1)).replace("''", "'"));
                }
                space(out, last, Last.CONSTANT);
                out.append('$').append(nextParam++);
                kind = Last.CONSTANT;
            } else if (c == '$') {
                int tag = SqlSyntax.dollarTagLength(sql, i);
                if (tag > 0 && !SqlSyntax.continuesIdentifier(sql, i)) {
                    int bodyStart = i + tag;
                    i = SqlSyntax.endOfDollarQuoted(sql, i, tag);
                    if (constants != null) {
                        constants.add(sql.substring(bodyStart, Math.max(bodyStart, i - tag)));
                    }
                    space(out, last, Last.CONSTANT);
                    out.append('$').append(nextParam++);
                } else {
                    int j = i + 1;
                    while (j < n && Character.isDigit(sql.charAt(j))) {
                        j++;
                    }
                    space(out, last, Last.CONSTANT);
                    out.append(sql, i, Math.max(j, i + 1));
                    i = Math.max(j, i + 1);
                }
                kind = Last.CONSTANT;
            } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(sql.charAt(i + 1)) && last != Last.WORD)) {
                int numberStart = i;
                i = endOfNumber(sql, i);
                if (constants != null) {
                    constants.add(sql.substring(numberStart, i));
                }
                space(out, last, Last.CONSTANT);
                out.append('$').append(nextParam++);
                kind = Last.CONSTANT;
            } else if (c == '"') {
                int end = SqlSyntax.endOfQuoted(sql, i, false);
                space(out, last, Last.WORD);
                appendQuotedName(out, sql, i, end);
                i = end;
                kind = Last.WORD;
            } else if (isWordStart(c)) {
                int j = i + 1;
                while (j < n && isWordPart(sql.charAt(j))) {
                    j++;
                }
                space(out, last, Last.WORD);
                for (int k = i; k < j; k++) {
                    out.append(lower(sql.charAt(k)));
                }
                i = j;
                kind = Last.WORD;
            } else if (c == '(') {
                String previousWord = last == Last.WORD ? out.substring(lastWordStart) : null;
                boolean afterIn = "in".equals(previousWord);
                if ((previousWord != null && SPACED_BEFORE_PAREN.contains(previousWord))
                        || last == Last.OPERATOR || last == Last.CONSTANT || last == Last.CLOSE || last == Last.COMMA) {
                    out.append(' ');
                }
                out.append('(');
                i++;
                if (afterIn) {
                    inListAt = out.length();
                    inListFirstParam = nextParam;
                    inListConstants = constants == null ? 0 : constants.size();
                    inListPure = true;
                    inListItems = 0;
                } else {
                    inListAt = -1;
                }
                last = Last.OPEN;
                continue;
            } else if (c == ')') {
                if (inListAt >= 0 && inListPure && inListItems > 1) {
                    out.setLength(inListAt);
                    out.append('$').append(inListFirstParam).append(" /*, ... */");
                    nextParam = inListFirstParam + 1;
                    if (constants != null && constants.size() > inListConstants + 1) {
                        constants.subList(inListConstants + 1, constants.size()).clear(); // the list keeps its first value
                    }
                }
                inListAt = -1;
                out.append(')');
                i++;
                last = Last.CLOSE;
                continue;
            } else if (c == ',') {
                out.append(',');
                i++;
                last = Last.COMMA;
                continue;
            } else if (c == '.') {
                out.append('.');
                i++;
                last = Last.DOT;
                continue;
            } else if (c == '[' || c == ']') {
                out.append(c);
                i++;
                last = c == '[' ? Last.OPEN : Last.CLOSE;
                continue;
            } else {
                int j = i + 1;
                while (j < n && isOperatorChar(sql.charAt(j)) && !(sql.charAt(j) == '-' && j + 1 < n && sql.charAt(j + 1) == '-')) {
                    j++;
                }
                boolean cast = j - i == 2 && c == ':' && sql.charAt(i + 1) == ':';
                if (!cast && last != Last.OPEN && last != Last.NONE && last != Last.DOT) {
                    out.append(' ');
                }
                out.append(sql, i, j);
                i = j;
                last = cast ? Last.DOT : Last.OPERATOR;
                if (!cast) {
                    inListPure = false;
                }
                continue;
            }
            if (inListAt >= 0) {
                if (kind == Last.CONSTANT) {
                    inListItems++;
                } else {
                    inListPure = false;
                }
            }
            lastWordStart = kind == Last.WORD ? firstNonSpace(out, tokenStart) : -1;
            last = kind;
        }
        if (cut) {
            out.append(CUT_MARK);
        }
        return out.toString();
    }

    private static int firstNonSpace(StringBuilder out, int from) {
        return from < out.length() && out.charAt(from) == ' ' ? from + 1 : from;
    }

    private static void space(StringBuilder out, Last last, Last next) {
        if (last == Last.NONE || last == Last.OPEN || last == Last.DOT) {
            return;
        }
        out.append(' ');
    }

    private static void appendQuotedName(StringBuilder out, String sql, int start, int end) {
        int from = start + 1;
        int to = end - 1;
        boolean plain = to > from && to <= sql.length() && sql.charAt(end - 1) == '"';
        if (plain) {
            char first = sql.charAt(from);
            plain = (first >= 'a' && first <= 'z') || first == '_';
            for (int k = from + 1; plain && k < to; k++) {
                char ch = sql.charAt(k);
                plain = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
            }
        }
        if (plain && !RESERVED.contains(sql.substring(from, to))) {
            out.append(sql, from, to);
        } else {
            out.append(sql, start, end);
        }
    }

    private static int endOfNumber(String s, int i) {
        int n = s.length();
        int j = i;
        while (j < n && (isDigit(s.charAt(j)) || s.charAt(j) == '.' || s.charAt(j) == '_')) {
            j++;
        }
        if (j < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
            int k = j + 1;
            if (k < n && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
                k++;
            }
            if (k < n && isDigit(s.charAt(k))) {
                j = k;
                while (j < n && isDigit(s.charAt(j))) {
                    j++;
                }
            }
        }
        return j;
    }

    /** The largest $n the statement already uses, so new parameters are numbered after it. */
    public static int highestParameter(String sql) {
        int max = 0;
        int n = sql.length();
        for (int i = sql.indexOf('$'); i >= 0 && i < n; i = sql.indexOf('$', i + 1)) {
            int j = i + 1;
            int v = 0;
            while (j < n && isDigit(sql.charAt(j)) && v < 100_000) {
                v = v * 10 + (sql.charAt(j) - '0');
                j++;
            }
            if (j > i + 1 && !SqlSyntax.continuesIdentifier(sql, i)) {
                max = Math.max(max, v);
            }
        }
        return max;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWordStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c > 127;
    }

    private static boolean isWordPart(char c) {
        return isWordStart(c) || isDigit(c) || c == '$';
    }

    private static boolean isOperatorChar(char c) {
        return "+-*/<>=~!@#%^&|`?:".indexOf(c) >= 0;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
}
