package dev.querylens.sql;

import dev.querylens.collect.SqlSyntax;
import java.util.Set;

/**
 * Normalizes SQL text in one pass over its characters, in the spirit of pg_stat_statements: every
 * constant becomes a positional parameter numbered after the statement's own ($1 stays $1), a
 * parenthesized list of only constants after IN collapses to {@code ($k /*, ... *\/)} so lists of
 * any length group together, and comments, layout, a trailing semicolon and the case of keywords
 * and unquoted names do not matter. This runs on every execution whose text was not seen lately
 * ({@link RecentFingerprints} remembers those), so it allocates one builder and nothing per character.
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

    /** Words after which a minus sign is unary: the server folds "-5" there into one constant. */
    private static final Set<String> BEFORE_UNARY = Set.of("select", "where", "and", "or", "not", "then", "else", "when", "return",
            "limit", "offset", "values", "in", "between", "case", "by", "set", "having", "on", "returning", "array", "any", "all");
    /** Words that end an ORDER BY / GROUP BY list, after which a number is a constant again. */
    /**
     * Types whose modifiers ({@code numeric(15, 4)}, {@code varchar(40)}, {@code timestamp(3)}) the
     * server keeps as written: they are resolved into the type during parse analysis and never become
     * constants, so pg_stat_statements shows {@code cast($1 as decimal(7,2))}. Replacing them would
     * group differently from the server and leave a text no parser reads ({@code decimal($2, $3)}).
     */
    private static final Set<String> TYPE_WITH_MODIFIERS = Set.of("numeric", "decimal", "dec", "varchar", "char", "character",
            "varying", "bpchar", "bit", "varbit", "time", "timetz", "timestamp", "timestamptz", "interval", "float");
    private static final Set<String> AFTER_BY_LIST = Set.of("limit", "offset", "having", "window", "fetch", "for", "union",
            "intersect", "except", "returning", "select", "from", "where");

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
        return normalize(statement, constants, null);
    }

    /**
     * The statement as the application sent it, for reports: its own case, names and layout,
     * with every constant replaced by the $n the normalized text gives it (IN lists collapsed the
     * same way), comments dropped and runs of space shown as one.
     */
    public String displayText(String statement) {
        StringBuilder shown = new StringBuilder();
        normalize(statement, null, shown);
        return shown.toString().strip();
    }

    /**
     * The statement's own parameters that an IN list of them folds away ({@code in ($2, $3, $4)}
     * becomes {@code in ($2 /*, ... *\/)}): their bound values have no $n left in the normalized
     * text, and the later parameters are numbered down so lists of any length give one group.
     */
    public java.util.List<Integer> collapsedParameters(String statement) {
        java.util.List<Integer> removed = new java.util.ArrayList<>();
        if (statement.indexOf('$') >= 0) {
            normalize(statement, null, null, removed, new int[0]);
        }
        return removed;
    }

    private String normalize(String statement, java.util.List<String> constants, StringBuilder shown) {
        // the first pass runs only where an IN list of the statement's own $n can exist: this is per execution
        java.util.List<Integer> removed = mayHaveParameterInList(statement) && highestParameter(statement) > 0
                ? collapsedParameters(statement) : java.util.List.of();
        return normalize(statement, constants, shown, null, sorted(removed));
    }

    private static int[] sorted(java.util.List<Integer> numbers) {
        int[] a = new int[numbers.size()];
        for (int k = 0; k < a.length; k++) {
            a[k] = numbers.get(k);
        }
        java.util.Arrays.sort(a);
        return a;
    }

    /**
     * The pass itself. {@code removed} are the own parameters a first pass found folded into IN
     * lists (so every $n is numbered as in the folded text); {@code removedOut}, when not null,
     * collects them.
     */
    private String normalize(String statement, java.util.List<String> constants, StringBuilder shown,
                             java.util.List<Integer> removedOut, int[] removed) {
        boolean cut = statement.length() > MAX_STATEMENT_CHARS;
        int keep = cut && Character.isHighSurrogate(statement.charAt(MAX_STATEMENT_CHARS - 1))
                ? MAX_STATEMENT_CHARS - 1 : MAX_STATEMENT_CHARS;
        String sql = cut ? statement.substring(0, keep) : statement;
        int n = sql.length();
        StringBuilder out = new StringBuilder(n);
        int nextParam = highestParameter(sql) - removed.length + 1;
        // an IN list of the statement's own parameters: their original numbers, and the first one as written out
        java.util.List<Integer> inListOwn = new java.util.ArrayList<>();
        int inListOwnFirst = 0;
        boolean inListLiterals = false;
        Last last = Last.NONE;
        int lastWordStart = -1;
        // IN-list collapse state: where the list's "(" was written and whether only constants followed
        int inListAt = -1;
        int inListFirstParam = 0;
        boolean inListPure = false;
        int inListItems = 0;
        int inListConstants = 0;
        // in an ORDER BY or GROUP BY list a bare integer is a column position, which the server keeps as written
        boolean byList = false;
        // inside a type's modifier list, where integers are part of the type, not constants
        boolean typeModifiers = false;

        int i = 0;
        // the display form: the text as written, constants as $n, comments dropped, space runs as one
        int shownInListAt = -1;
        while (i < n) {
            char c = sql.charAt(i);
            int origStart = i;
            if (c <= ' ') {
                i++;
                shownSpace(shown);
                continue;
            }
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i = SqlSyntax.endOfLineComment(sql, i);
                shownSpace(shown);
                continue;
            }
            if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = SqlSyntax.endOfBlockComment(sql, i);
                shownSpace(shown);
                continue;
            }
            if (c == ';') {
                i++;
                shownSpace(shown);
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
                    if (j > i + 1 + MAX_PARAMETER_DIGITS) {
                        // one parameter too large to number: kept as written, never split into a $n and a constant
                        out.append(sql, i, j);
                    } else if (j > i + 1) {
                        int own = 0; // at most MAX_PARAMETER_DIGITS digits, read in place
                        for (int k = i + 1; k < j; k++) {
                            own = own * 10 + (sql.charAt(k) - '0');
                        }
                        int emitted = own - countBelow(removed, own);
                        out.append('$').append(emitted);
                        if (inListAt >= 0) {
                            if (inListOwn.isEmpty()) {
                                inListOwnFirst = emitted;
                            }
                            inListOwn.add(own);
                        }
                    } else {
                        out.append('$');
                    }
                    i = Math.max(j, i + 1);
                }
                kind = Last.CONSTANT;
            } else if (typeModifiers && isDigit(c) && (last == Last.OPEN || last == Last.COMMA)) {
                int end = endOfNumber(sql, i);
                space(out, last, Last.WORD);
                out.append(sql, i, end);
                i = end;
                kind = Last.WORD;
            } else if (byList && isDigit(c) && (last == Last.COMMA || last == Last.WORD && lastWordIs(out, lastWordStart, "by"))
                    && endsListItem(sql, endOfNumber(sql, i))) {
                int end = endOfNumber(sql, i);
                space(out, last, Last.WORD);
                out.append(sql, i, end);
                i = end;
                kind = Last.WORD;
            } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(sql.charAt(i + 1)))
                    || (c == '-' && unaryMinusBeforeNumber(sql, i, last, last == Last.WORD ? out.substring(lastWordStart) : null))) {
                int numberStart = i;
                if (c == '-') {
                    i = skipSpace(sql, i + 1);
                }
                i = endOfNumber(sql, i);
                if (constants != null) {
                    constants.add(c == '-' ? "-" + sql.substring(skipSpace(sql, numberStart + 1), i) : sql.substring(numberStart, i));
                }
                space(out, last, Last.CONSTANT);
                out.append('$').append(nextParam++);
                kind = Last.CONSTANT;
            } else if (c == ':' && psqlVariable(sql, i)) {
                // psql's :name, :'name' and :"name" (pgbench's too): a value the script fills in, like a parameter
                int end = i + 1;
                char q = sql.charAt(end);
                if (q == '\'' || q == '"') {
                    int close = sql.indexOf(q, end + 1);
                    end = close < 0 ? n : close + 1;
                } else {
                    while (end < n && isWordPart(sql.charAt(end))) {
                        end++;
                    }
                }
                if (constants != null) {
                    constants.add(sql.substring(i, end));
                }
                space(out, last, Last.CONSTANT);
                out.append('$').append(nextParam++);
                i = end;
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
                if (asciiWord(sql, i, j)) {
                    // the common case, without a lower-cased copy of the word and of the one before it: the
                    // word is compared and written out in place (lower-casing ASCII is all toLowerCase does to it)
                    boolean afterWord = last == Last.WORD;
                    boolean isNull = wordIs(sql, i, j, "null");
                    boolean isTrue = !isNull && wordIs(sql, i, j, "true");
                    if (last != Last.DOT && (isNull || isTrue || wordIs(sql, i, j, "false"))
                            && !(afterWord && (lastWordIs(out, lastWordStart, "is") || lastWordIs(out, lastWordStart, "not")))
                            && !(j < n && sql.charAt(j) == '(')) {
                        if (constants != null) {
                            constants.add(isNull ? null : isTrue ? "true" : "false");
                        }
                        space(out, last, Last.CONSTANT);
                        out.append('$').append(nextParam++);
                        i = j;
                        kind = Last.CONSTANT;
                    } else {
                        boolean afterOrderOrGroup = afterWord
                                && (lastWordIs(out, lastWordStart, "order") || lastWordIs(out, lastWordStart, "group"));
                        space(out, last, Last.WORD);
                        int at = out.length();
                        for (int k = i; k < j; k++) {
                            out.append(lower(sql.charAt(k)));
                        }
                        if (afterOrderOrGroup && lastWordIs(out, at, "by")) {
                            byList = true;
                        } else if (byList && AFTER_BY_LIST.contains(out.substring(at))) {
                            byList = false;
                        }
                        i = j;
                        kind = Last.WORD;
                    }
                } else {
                    String previous = last == Last.WORD ? out.substring(lastWordStart) : null;
                    String word = sql.substring(i, j).toLowerCase(java.util.Locale.ROOT);
                    if (last != Last.DOT && (word.equals("true") || word.equals("false") || word.equals("null"))
                            && !"is".equals(previous) && !"not".equals(previous) && !(j < n && sql.charAt(j) == '(')) {
                        // a boolean or NULL literal is a constant to the server, like a number
                        if (constants != null) {
                            constants.add(word.equals("null") ? null : word);
                        }
                        space(out, last, Last.CONSTANT);
                        out.append('$').append(nextParam++);
                        i = j;
                        kind = Last.CONSTANT;
                    } else {
                        space(out, last, Last.WORD);
                        out.append(word);
                        i = j;
                        kind = Last.WORD;
                        if (word.equals("by") && ("order".equals(previous) || "group".equals(previous))) {
                            byList = true;
                        } else if (AFTER_BY_LIST.contains(word)) {
                            byList = false;
                        }
                    }
                }
            } else if (c == '(') {
                String previousWord = last == Last.WORD ? out.substring(lastWordStart) : null;
                boolean afterIn = "in".equals(previousWord);
                typeModifiers = previousWord != null && TYPE_WITH_MODIFIERS.contains(previousWord);
                if ((previousWord != null && SPACED_BEFORE_PAREN.contains(previousWord))
                        || last == Last.OPERATOR || last == Last.CONSTANT || last == Last.CLOSE || last == Last.COMMA) {
                    out.append(' ');
                }
                out.append('(');
                i++;
                if (afterIn) {
                    inListOwn.clear();
                    inListLiterals = false;
                    shownInListAt = shown == null ? -1 : shown.length() + 1;
                    inListAt = out.length();
                    inListFirstParam = nextParam;
                    inListConstants = constants == null ? 0 : constants.size();
                    inListPure = true;
                    inListItems = 0;
                } else {
                    inListAt = -1;
                }
                last = Last.OPEN;
                shownToken(shown, sql, origStart, i);
                continue;
            } else if (c == ')') {
                boolean ownList = !inListOwn.isEmpty() && inListOwn.size() == inListItems && !inListLiterals;
                if (inListAt >= 0 && inListPure && inListItems > 1 && (ownList || inListOwn.isEmpty())) {
                    int first = ownList ? inListOwnFirst : inListFirstParam;
                    out.setLength(inListAt);
                    out.append('$').append(first).append(" /*, ... */");
                    if (shown != null && shownInListAt >= 0 && shownInListAt <= shown.length()) {
                        shown.setLength(shownInListAt);
                        shown.append('$').append(first).append(" /*, ... */");
                    }
                    if (ownList) {
                        if (removedOut != null) {
                            removedOut.addAll(inListOwn.subList(1, inListOwn.size()));
                        }
                    } else {
                        nextParam = inListFirstParam + 1;
                        if (constants != null && constants.size() > inListConstants + 1) {
                            constants.subList(inListConstants + 1, constants.size()).clear(); // the list keeps its first value
                        }
                    }
                }
                inListAt = -1;
                typeModifiers = false;
                out.append(')');
                i++;
                last = Last.CLOSE;
                shownToken(shown, sql, origStart, i);
                continue;
            } else if (c == ',') {
                out.append(',');
                i++;
                last = Last.COMMA;
                shownToken(shown, sql, origStart, i);
                continue;
            } else if (c == '.') {
                out.append('.');
                i++;
                last = Last.DOT;
                shownToken(shown, sql, origStart, i);
                continue;
            } else if (c == '[' || c == ']') {
                out.append(c);
                i++;
                last = c == '[' ? Last.OPEN : Last.CLOSE;
                shownToken(shown, sql, origStart, i);
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
                shownToken(shown, sql, origStart, i);
                continue;
            }
            if (shown != null) {
                if (kind == Last.CONSTANT) {
                    shown.append(out, firstNonSpace(out, tokenStart), out.length());
                } else {
                    shown.append(sql, origStart, i);
                }
            }
            if (inListAt >= 0) {
                if (kind == Last.CONSTANT && inListOwn.size() < inListItems + 1) {
                    inListLiterals = true;
                }
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
            if (shown != null) {
                shown.append(CUT_MARK);
            }
        }
        return out.toString();
    }

    /**
     * A "-" that the server's grammar folds into the number after it: at the start, after "(",
     * ",", an operator, or a keyword that cannot end an operand ("x = -5", "values (-1)",
     * "abalance + -2434"); after a column or a constant it is subtraction ("a -5", "7-1").
     */
    private static boolean unaryMinusBeforeNumber(String sql, int i, Last last, String previousWord) {
        int next = i + 1;
        if (next < sql.length() && sql.charAt(next) == '-') {
            return false;
        }
        int k = skipSpace(sql, next);
        if (k >= sql.length() || !(isDigit(sql.charAt(k)) || sql.charAt(k) == '.' && k + 1 < sql.length() && isDigit(sql.charAt(k + 1)))) {
            return false;
        }
        return switch (last) {
            case NONE, OPEN, COMMA, OPERATOR -> true;
            case WORD -> previousWord != null && BEFORE_UNARY.contains(previousWord);
            default -> false;
        };
    }

    /** Whether some "in (" is followed, past spaces, by a "$": a cheap test before the folding pass. */
    private static boolean mayHaveParameterInList(String sql) {
        for (int i = sql.indexOf('('); i >= 0; i = sql.indexOf('(', i + 1)) {
            int k = skipSpace(sql, i + 1);
            if (k < sql.length() && sql.charAt(k) == '$') {
                int j = i - 1;
                while (j >= 0 && sql.charAt(j) <= ' ') {
                    j--;
                }
                if (j >= 1 && (sql.charAt(j) == 'n' || sql.charAt(j) == 'N') && (sql.charAt(j - 1) == 'i' || sql.charAt(j - 1) == 'I')) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A psql variable at {@code i}: one colon (not a cast's two, not an array slice's), then a name or a quote. */
    private static boolean psqlVariable(String sql, int i) {
        if (i + 1 >= sql.length() || (i > 0 && sql.charAt(i - 1) == ':') || sql.charAt(i + 1) == ':') {
            return false;
        }
        char next = sql.charAt(i + 1);
        boolean afterSlice = i > 0 && (Character.isLetterOrDigit(sql.charAt(i - 1)) || sql.charAt(i - 1) == ']');
        return !afterSlice && (Character.isLetter(next) || next == '_' || next == '\'' || next == '"');
    }

    private static int skipSpace(String sql, int i) {
        while (i < sql.length() && sql.charAt(i) <= ' ') {
            i++;
        }
        return i;
    }

    /** After a bare number in a BY list: the item ends there (a comma, a parenthesis, the end, or a word such as DESC). */
    private static boolean endsListItem(String sql, int end) {
        int k = skipSpace(sql, end);
        if (k >= sql.length()) {
            return true;
        }
        char c = sql.charAt(k);
        return c == ',' || c == ')' || c == ';' || Character.isLetter(c);
    }

    private static void shownSpace(StringBuilder shown) {
        if (shown != null && shown.length() > 0 && shown.charAt(shown.length() - 1) != ' ') {
            shown.append(' ');
        }
    }

    private static void shownToken(StringBuilder shown, String sql, int from, int to) {
        if (shown != null) {
            shown.append(sql, from, to);
        }
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

    /**
     * Digits of a $n read as a number. A longer one (no driver sends a millionth parameter; the
     * protocol carries at most 65,535) is kept as written and not counted: numbering after it would
     * size per-execution value lists by whatever a hostile log line writes.
     */
    private static final int MAX_PARAMETER_DIGITS = 6;

    /** The largest $n the statement already uses, so new parameters are numbered after it. */
    public static int highestParameter(String sql) {
        int max = 0;
        int n = sql.length();
        for (int i = sql.indexOf('$'); i >= 0 && i < n; i = sql.indexOf('$', i + 1)) {
            int j = i + 1;
            int v = 0;
            while (j < n && isDigit(sql.charAt(j))) {
                v = j - i <= MAX_PARAMETER_DIGITS ? v * 10 + (sql.charAt(j) - '0') : v;
                j++;
            }
            if (j > i + 1 && j <= i + 1 + MAX_PARAMETER_DIGITS && !SqlSyntax.continuesIdentifier(sql, i)) {
                max = Math.max(max, v);
            }
        }
        return max;
    }

    /**
     * How many of {@code removed} (sorted) are below {@code own}. This runs once per $n, so it is a
     * binary search: a linear count made one IN list of 100,000 parameters quadratic (minutes).
     */
    private static int countBelow(int[] removed, int own) {
        int lo = 0;
        int hi = removed.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (removed[mid] < own) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
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

    /** Whether the word's characters are all ASCII: then lower-casing it is {@link #lower} of each. */
    private static boolean asciiWord(String sql, int from, int to) {
        for (int k = from; k < to; k++) {
            if (sql.charAt(k) >= 128) {
                return false;
            }
        }
        return true;
    }

    /** Whether the ASCII word sql[from, to) lower-cased is {@code word} (lower case), without a copy. */
    private static boolean wordIs(String sql, int from, int to, String word) {
        if (to - from != word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (lower(sql.charAt(from + k)) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Whether what was written from {@code start} to the end of {@code out} is {@code word}, without a copy. */
    private static boolean lastWordIs(StringBuilder out, int start, String word) {
        if (start < 0 || out.length() - start != word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (out.charAt(start + k) != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
}
