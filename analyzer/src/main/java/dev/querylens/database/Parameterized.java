package dev.querylens.database;

import dev.querylens.sql.Quote;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A workload statement with its plain literals turned into parameters, the form QueryLens
 * prepares it in: the server resolves the functions it calls from a parse tree that holds no
 * workload values (that tree goes to the server log, see {@link CalledFunctions}), and the values
 * come back only as EXECUTE arguments QueryLens quotes itself, so the plan is the custom plan the
 * application would get for them.
 *
 * <p>A statement with parameters of its own ($n, as pg_stat_statements and logged prepared
 * statements give them) has no values for them and is planned generically: its literals stay as
 * written, so the generic plan still knows them. Otherwise only what is certainly a value becomes a parameter: a plain {@code '...'} string where an
 * expression may stand, and a number that is not an ORDER BY / GROUP BY position or a type
 * modifier ({@code varchar(20)}). Typed literals ({@code date '...'}), {@code E'...'},
 * {@code U&'...'}, bit strings and dollar-quoted strings stay as written.
 */
record Parameterized(String sql, List<String> types, List<String> values) {
    /** More parameters than this and the statement is planned as written (with its literals); 65535 is the protocol's limit. */
    static final int MAX_PARAMETERS = 10_000;

    /** Words after which a string literal is a value, not the second half of a typed literal ({@code date '...'}). */
    private static final Set<String> BEFORE_VALUE = Set.of("select", "where", "and", "or", "not", "then", "else", "when", "case",
            "in", "like", "ilike", "similar", "to", "between", "symmetric", "asymmetric", "values", "set", "returning", "by", "on",
            "distinct", "all", "any", "some", "having", "limit", "offset", "return", "escape", "from", "overlaps", "is", "using");
    /** Words that end an ORDER BY / GROUP BY item (so a number before them is a position, not a value). */
    private static final Set<String> AFTER_BY_ITEM = Set.of("asc", "desc", "nulls", "limit", "offset", "fetch", "for", "having",
            "window", "union", "intersect", "except", "returning", "order", "using");

    /** The type QueryLens declares for each parameter: the statement's own ($n already in the text) are inferred. */
    static final String INFERRED = "unknown";

    /** {@code PREPARE name (types) AS sql}'s type list. */
    String typeList() {
        return String.join(", ", types);
    }

    /** EXECUTE's arguments: each value quoted by {@link Quote}, NULL for the statement's own parameters. */
    String executeArguments() {
        if (values.isEmpty()) {
            return "";
        }
        List<String> out = new ArrayList<>(values.size());
        for (String v : values) {
            out.add(v == null ? "NULL" : Quote.literal(v));
        }
        return "(" + String.join(", ", out) + ")";
    }

    /** Whether the statement had parameters of its own, with no values: it can only be planned generically. */
    boolean hasOwnParameters() {
        return values.stream().anyMatch(v -> v == null);
    }

    /** The statement as written, its literals left in: for the rare one PostgreSQL's grammar takes only a literal in ({@code extract('epoch' from t)}). */
    static Parameterized asWritten(SingleStatement statement) {
        return new Parameterized(statement.sql(), List.of(), List.of());
    }

    Parameterized withType(int parameter, String type) {
        List<String> t = new ArrayList<>(types);
        t.set(parameter - 1, type);
        return new Parameterized(sql, List.copyOf(t), values);
    }

    private enum Kind { WORD, QUOTED, NUMBER, STRING, PARAM, PUNCT }

    private record Token(Kind kind, String text) {
    }

    static Parameterized of(SingleStatement statement) {
        // a first pass finds the statement's own $n (outside strings and comments), the second numbers the new ones after them
        int[] own = new int[1];
        Parameterized values = scan(statement.sql(), 0, own);
        if (own[0] == 0) {
            return values;
        }
        // parameters of its own have no values, so it is planned generically: its literals stay, as constants that plan
        // (LIMIT 20, status = 'todo'), which a generic plan could not know as parameters
        List<String> types = java.util.Collections.nCopies(own[0], INFERRED);
        return new Parameterized(statement.sql(), types, java.util.Collections.nCopies(own[0], null));
    }

    private static Parameterized scan(String s, int own, int[] highestOwn) {
        List<String> types = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < own; i++) {
            types.add(INFERRED);
            values.add(null);
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        List<Token> previous = new ArrayList<>();
        // paren depth of an open ORDER BY / GROUP BY list, and whether the next token starts one of its items
        int depth = 0;
        int byDepth = -1;
        boolean itemStart = false;
        Deque<Boolean> typmodParens = new ArrayDeque<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                out.append(c);
                i++;
                continue;
            }
            if (c == '-' && next(s, i) == '-') {
                int eol = SingleStatement.indexOfLineEnd(s, i);
                int end = eol < 0 ? n : eol;
                out.append(s, i, end);
                i = end;
                continue;
            }
            if (c == '/' && next(s, i) == '*') {
                int end = SingleStatement.endOfBlockComment(s, i);
                end = end < 0 ? n : end;
                out.append(s, i, end);
                i = end;
                continue;
            }
            Token token;
            int end;
            if (c == '\'') {
                boolean prefixed = i > 0 && SingleStatement.isIdentChar(s.charAt(i - 1)) || i > 0 && s.charAt(i - 1) == '&';
                end = SingleStatement.endOfString(s, i + 1, prefixed && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E')) + 1;
                if (end <= 0) {
                    end = n;
                }
                String literal = s.substring(i, end);
                boolean continued = continuesOnNextLine(s, end);
                if (!prefixed && !continued && isValuePosition(previous) && values.size() < MAX_PARAMETERS) {
                    values.add(literal.substring(1, literal.length() - 1).replace("''", "'"));
                    types.add(INFERRED);
                    out.append('$').append(values.size());
                    token = new Token(Kind.PARAM, literal);
                } else {
                    out.append(literal);
                    token = new Token(Kind.STRING, literal);
                }
            } else if (c == '"') {
                end = s.indexOf('"', i + 1);
                while (end >= 0 && end + 1 < n && s.charAt(end + 1) == '"') {
                    end = s.indexOf('"', end + 2);
                }
                end = end < 0 ? n : end + 1;
                out.append(s, i, end);
                token = new Token(Kind.QUOTED, s.substring(i, end));
            } else if (c == '$' && (i == 0 || !SingleStatement.isIdentChar(s.charAt(i - 1)))) {
                int tagEnd = SingleStatement.dollarTagEnd(s, i);
                if (tagEnd >= 0) {
                    String tag = s.substring(i, tagEnd + 1);
                    int close = s.indexOf(tag, tagEnd + 1);
                    end = close < 0 ? n : close + tag.length();
                    out.append(s, i, end);
                    token = new Token(Kind.STRING, s.substring(i, end));
                } else {
                    end = i + 1;
                    while (end < n && Character.isDigit(s.charAt(end))) {
                        end++;
                    }
                    out.append(s, i, end);
                    token = new Token(Kind.PARAM, s.substring(i, end));
                    if (end > i + 1 && end - i < 7) {
                        highestOwn[0] = Math.max(highestOwn[0], Integer.parseInt(s.substring(i + 1, end)));
                    }
                }
            } else if ((Character.isDigit(c) || c == '.' && Character.isDigit(next(s, i)))
                    && (i == 0 || !SingleStatement.isIdentChar(s.charAt(i - 1)))) {
                end = endOfNumber(s, i);
                String number = s.substring(i, end);
                boolean glued = end < n && (SingleStatement.isIdentChar(s.charAt(end)) || s.charAt(end) == '.');
                boolean position = byDepth == depth && itemStart && endsByItem(s, end);
                boolean typmod = !typmodParens.isEmpty() && typmodParens.peek();
                if (!glued && !position && !typmod && values.size() < MAX_PARAMETERS) {
                    values.add(number);
                    types.add(numberType(number));
                    out.append('$').append(values.size());
                    token = new Token(Kind.PARAM, number);
                } else {
                    out.append(number);
                    token = new Token(Kind.NUMBER, number);
                }
            } else if (Character.isLetter(c) || c == '_' || c > 127) {
                end = i + 1;
                while (end < n && SingleStatement.isIdentChar(s.charAt(end))) {
                    end++;
                }
                out.append(s, i, end);
                token = new Token(Kind.WORD, s.substring(i, end).toLowerCase(Locale.ROOT));
            } else {
                end = i + 1;
                if (c == ':' && next(s, i) == ':') {
                    end = i + 2;
                }
                out.append(s, i, end);
                token = new Token(Kind.PUNCT, s.substring(i, end));
            }
            // the bookkeeping for positions and type modifiers
            boolean wasItemStart = itemStart;
            itemStart = false;
            if (token.kind == Kind.WORD && token.text.equals("by") && !previous.isEmpty()
                    && (last(previous).text.equals("order") || last(previous).text.equals("group"))) {
                byDepth = depth;
                itemStart = true;
            } else if (token.text.equals(",") && depth == byDepth) {
                itemStart = true;
            } else if (token.text.equals("(")) {
                typmodParens.push(opensTypeModifier(previous));
                depth++;
            } else if (token.text.equals(")")) {
                if (!typmodParens.isEmpty()) {
                    typmodParens.pop();
                }
                depth--;
                if (depth < byDepth) {
                    byDepth = -1;
                }
            } else if (token.kind == Kind.WORD && depth == byDepth && AFTER_BY_ITEM.contains(token.text) && !wasItemStart) {
                if (!token.text.equals("asc") && !token.text.equals("desc") && !token.text.equals("nulls")) {
                    byDepth = -1;
                }
            }
            previous.add(token);
            if (previous.size() > 4) {
                previous.remove(0);
            }
            i = end;
        }
        if (values.size() >= MAX_PARAMETERS) {
            return new Parameterized(s, List.of(), List.of());
        }
        return new Parameterized(out.toString(), List.copyOf(types), java.util.Collections.unmodifiableList(values));
    }

    /** A string literal is a value after an operator, a parenthesis, a comma or a word that starts an expression. */
    private static boolean isValuePosition(List<Token> previous) {
        if (previous.isEmpty()) {
            return false;
        }
        Token p = last(previous);
        return switch (p.kind) {
            case PUNCT -> !p.text.equals(")") && !p.text.equals("]");
            case WORD -> BEFORE_VALUE.contains(p.text) || p.text.equals("zone") && previous.size() >= 3
                    && previous.get(previous.size() - 2).text.equals("time") && previous.get(previous.size() - 3).text.equals("at");
            default -> false;
        };
    }

    /** {@code ::name(} or {@code AS name(} (CAST) or with a second word ({@code ::character varying(}): a type modifier follows. */
    private static boolean opensTypeModifier(List<Token> previous) {
        int k = previous.size();
        if (k < 2 || previous.get(k - 1).kind != Kind.WORD || previous.get(k - 1).text.equals("materialized")) {
            return false;
        }
        String before = previous.get(k - 2).text;
        if (before.equals("::") || before.equals("as")) {
            return true;
        }
        return k >= 3 && previous.get(k - 2).kind == Kind.WORD && (previous.get(k - 3).text.equals("::") || previous.get(k - 3).text.equals("as"));
    }

    /** Whether the text after a number ends an ORDER BY / GROUP BY item: a comma, a parenthesis, the end, or ASC, DESC, LIMIT... */
    private static boolean endsByItem(String s, int from) {
        int j = from;
        while (j < s.length() && Character.isWhitespace(s.charAt(j))) {
            j++;
        }
        if (j >= s.length() || s.charAt(j) == ',' || s.charAt(j) == ')' || s.charAt(j) == ';'
                || s.startsWith("--", j) || s.startsWith("/*", j)) {
            return true;
        }
        int w = j;
        while (w < s.length() && Character.isLetter(s.charAt(w))) {
            w++;
        }
        return w > j && AFTER_BY_ITEM.contains(s.substring(j, w).toLowerCase(Locale.ROOT));
    }

    /** Adjacent string literals separated by a newline are one literal in PostgreSQL: left as written. */
    private static boolean continuesOnNextLine(String s, int from) {
        int j = from;
        boolean newline = false;
        while (j < s.length() && Character.isWhitespace(s.charAt(j))) {
            newline |= s.charAt(j) == '\n' || s.charAt(j) == '\r';
            j++;
        }
        return newline && j < s.length() && s.charAt(j) == '\'';
    }

    /** The type PostgreSQL's lexer gives the number: integer if it fits, then bigint, else numeric. */
    private static String numberType(String number) {
        if (number.chars().allMatch(Character::isDigit)) {
            try {
                long v = Long.parseLong(number);
                return v <= Integer.MAX_VALUE ? "integer" : "bigint";
            } catch (NumberFormatException tooLong) {
                return "numeric";
            }
        }
        return "numeric";
    }

    private static int endOfNumber(String s, int i) {
        int j = i;
        while (j < s.length() && Character.isDigit(s.charAt(j))) {
            j++;
        }
        if (j < s.length() && s.charAt(j) == '.' && !(j + 1 < s.length() && s.charAt(j + 1) == '.')) {
            j++;
            while (j < s.length() && Character.isDigit(s.charAt(j))) {
                j++;
            }
        }
        if (j < s.length() && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
            int k = j + 1;
            if (k < s.length() && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
                k++;
            }
            if (k < s.length() && Character.isDigit(s.charAt(k))) {
                j = k;
                while (j < s.length() && Character.isDigit(s.charAt(j))) {
                    j++;
                }
            }
        }
        return j;
    }

    private static Token last(List<Token> previous) {
        return previous.get(previous.size() - 1);
    }

    private static char next(String s, int i) {
        return i + 1 < s.length() ? s.charAt(i + 1) : '\0';
    }
}
