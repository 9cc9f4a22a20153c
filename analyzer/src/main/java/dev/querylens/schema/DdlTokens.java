package dev.querylens.schema;

import dev.querylens.collect.SqlSyntax;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A cursor over the tokens of one DDL statement. Words are lower-cased and quoted identifiers
 * unquoted, as PostgreSQL resolves them; each token keeps its offsets so expressions (index keys,
 * partial-index predicates) can be copied from the original text.
 */
final class DdlTokens {
    enum Type { WORD, NAME, STRING, NUMBER, PUNCT }

    record Token(Type type, String text, int start, int end) {
        boolean is(String word) {
            return (type == Type.WORD || type == Type.PUNCT) && text.equals(word);
        }

        boolean isName() {
            return type == Type.WORD || type == Type.NAME;
        }
    }

    private final String sql;
    private final List<Token> tokens;
    private int pos;

    DdlTokens(String sql) {
        this.sql = sql;
        this.tokens = tokenize(sql);
    }

    String sql() {
        return sql;
    }

    boolean atEnd() {
        return pos >= tokens.size();
    }

    Token peek() {
        return atEnd() ? new Token(Type.PUNCT, "", sql.length(), sql.length()) : tokens.get(pos);
    }

    Token peek(int ahead) {
        int at = pos + ahead;
        return at >= tokens.size() ? new Token(Type.PUNCT, "", sql.length(), sql.length()) : tokens.get(at);
    }

    Token next() {
        Token t = peek();
        pos++;
        return t;
    }

    int position() {
        return pos;
    }

    /** Moves the cursor back (or on) to a position {@link #position()} returned. */
    void seek(int position) {
        pos = position;
    }

    /** Consumes the words in order if they all come next; otherwise consumes nothing. */
    boolean accept(String... words) {
        for (int k = 0; k < words.length; k++) {
            if (!peek(k).is(words[k])) {
                return false;
            }
        }
        pos += words.length;
        return true;
    }

    void expect(String word) throws DdlException {
        if (!accept(word)) {
            throw new DdlException("expected '" + word + "' but found " + shown(peek()));
        }
    }

    /** A possibly schema-qualified name: returns "schema.name" or "name". */
    String qualifiedName() throws DdlException {
        String first = name();
        if (peek().is(".")) {
            next();
            return first + "." + name();
        }
        return first;
    }

    String name() throws DdlException {
        Token t = next();
        if (!t.isName()) {
            throw new DdlException("expected a name but found " + shown(t));
        }
        return t.text();
    }

    /** The statement with each string and number replaced by $n, for diagnostics (comments dropped with the layout). */
    String withoutLiterals() {
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (Token t : tokens) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(t.type() == Type.STRING || t.type() == Type.NUMBER ? "$" + (++n) : sql.substring(t.start(), t.end()));
        }
        return b.toString();
    }

    /** A token as a diagnostic may show it: a literal (a role's password, a default value) is named, not quoted. */
    private static String shown(Token t) {
        return switch (t.type()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            default -> "'" + t.text() + "'";
        };
    }

    /** A parenthesized, comma-separated list of names. */
    List<String> nameList() throws DdlException {
        expect("(");
        List<String> names = new ArrayList<>();
        do {
            names.add(name());
        } while (accept(","));
        expect(")");
        return names;
    }

    /** A parenthesized, comma-separated list of possibly qualified names. */
    List<String> qualifiedNameList() throws DdlException {
        expect("(");
        List<String> names = new ArrayList<>();
        do {
            names.add(qualifiedName());
        } while (accept(","));
        expect(")");
        return names;
    }

    /**
     * Splits the parenthesized group that starts at the cursor into its top-level comma-separated
     * parts, each as a token range [from, to), and moves the cursor past the closing parenthesis.
     */
    List<int[]> groupParts() throws DdlException {
        expect("(");
        List<int[]> parts = new ArrayList<>();
        int depth = 0;
        int from = pos;
        while (!atEnd()) {
            Token t = next();
            if (t.is("(") || t.is("[")) {
                depth++;
            } else if ((t.is(")") || t.is("]")) && depth > 0) {
                depth--;
            } else if (t.is(")")) {
                parts.add(new int[] {from, pos - 1});
                return parts;
            } else if (t.is(",") && depth == 0) {
                parts.add(new int[] {from, pos - 1});
                from = pos;
            }
        }
        throw new DdlException("unbalanced parentheses");
    }

    /** Moves past the parenthesized group that starts at the cursor. */
    void skipGroup() throws DdlException {
        expect("(");
        int depth = 1;
        while (!atEnd()) {
            Token t = next();
            if (t.is("(")) {
                depth++;
            } else if (t.is(")") && --depth == 0) {
                return;
            }
        }
        throw new DdlException("unbalanced parentheses");
    }

    /** A cursor over the tokens [from, to) of this statement. */
    DdlTokens slice(int[] range) {
        DdlTokens s = new DdlTokens(sql, tokens.subList(range[0], range[1]));
        return s;
    }

    /** The original text from the cursor's token up to (not including) token index {@code to}. */
    String textOf(int from, int to) {
        if (from >= to || from >= tokens.size()) {
            return "";
        }
        return sql.substring(tokens.get(from).start(), tokens.get(Math.min(to, tokens.size()) - 1).end()).strip();
    }

    /** The original text from the cursor to the end of the statement. */
    String rest() {
        return textOf(pos, tokens.size());
    }

    int size() {
        return tokens.size();
    }

    private DdlTokens(String sql, List<Token> tokens) {
        this.sql = sql;
        this.tokens = tokens;
    }

    private static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                i = SqlSyntax.endOfLineComment(s, i);
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                i = SqlSyntax.endOfBlockComment(s, i);
            } else if (c == '"') {
                int end = SqlSyntax.endOfQuoted(s, i, false);
                out.add(new Token(Type.NAME, ObjectNames.truncate(s.substring(i + 1, Math.max(i + 1, end - 1)).replace("\"\"", "\"")), i, end));
                i = end;
            } else if (c == '\'') {
                int end = SqlSyntax.endOfQuoted(s, i, false);
                out.add(new Token(Type.STRING, s.substring(i, end), i, end));
                i = end;
            } else if (c == '$' && SqlSyntax.dollarTagLength(s, i) > 0) {
                int end = SqlSyntax.endOfDollarQuoted(s, i, SqlSyntax.dollarTagLength(s, i));
                out.add(new Token(Type.STRING, s.substring(i, end), i, end));
                i = end;
            } else if (Character.isDigit(c)) {
                int j = i;
                while (j < n && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '.')) {
                    j++;
                }
                out.add(new Token(Type.NUMBER, s.substring(i, j), i, j));
                i = j;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '$')) {
                    j++;
                }
                // the server's scanner folds unquoted words and truncates every identifier to 63 bytes
                out.add(new Token(Type.WORD, ObjectNames.truncate(s.substring(i, j).toLowerCase(Locale.ROOT)), i, j));
                i = j;
            } else if (c == ':' && i + 1 < n && s.charAt(i + 1) == ':') {
                out.add(new Token(Type.PUNCT, "::", i, i + 2));
                i += 2;
            } else {
                out.add(new Token(Type.PUNCT, String.valueOf(c), i, i + 1));
                i++;
            }
        }
        return out;
    }
}
