package dev.querylens.migration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tokens of one DDL statement, enough to read what a migration does: unquoted words folded to
 * lower case (as PostgreSQL folds them), quoted identifiers kept as written, strings and dollar
 * quotes as single tokens, comments dropped. A cursor over them with the accept/peek a small
 * recursive-descent reader needs. Kept apart from the schema reader's tokens, which model the
 * final catalog and change on their own schedule.
 */
final class MigrationTokens {
    enum Type { WORD, IDENT, STRING, NUMBER, SYMBOL }

    record Token(Type type, String text) {
        boolean is(String word) {
            return (type == Type.WORD || type == Type.SYMBOL) && text.equals(word);
        }
    }

    private final List<Token> tokens;
    private int pos;

    MigrationTokens(String sql) {
        this.tokens = lex(sql);
    }

    private static List<Token> lex(String s) {
        List<Token> out = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                while (i < n && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int depth = 0;
                do {
                    if (s.startsWith("/*", i)) {
                        depth++;
                        i += 2;
                    } else if (s.startsWith("*/", i)) {
                        depth--;
                        i += 2;
                    } else {
                        i++;
                    }
                } while (i < n && depth > 0);
            } else if (c == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                while (i < n) {
                    if (s.charAt(i) == '"' && i + 1 < n && s.charAt(i + 1) == '"') {
                        b.append('"');
                        i += 2;
                    } else if (s.charAt(i) == '"') {
                        i++;
                        break;
                    } else {
                        b.append(s.charAt(i++));
                    }
                }
                out.add(new Token(Type.IDENT, b.toString()));
            } else if (c == '\'' || ((c == 'E' || c == 'e') && i + 1 < n && s.charAt(i + 1) == '\'')) {
                int start = i;
                i = c == '\'' ? i + 1 : i + 2;
                while (i < n) {
                    if (s.charAt(i) == '\\' && c != '\'') {
                        i += 2;
                    } else if (s.charAt(i) == '\'' && i + 1 < n && s.charAt(i + 1) == '\'') {
                        i += 2;
                    } else if (s.charAt(i) == '\'') {
                        i++;
                        break;
                    } else {
                        i++;
                    }
                }
                out.add(new Token(Type.STRING, s.substring(start, Math.min(i, n))));
            } else if (c == '$' && dollarTag(s, i) != null) {
                String tag = dollarTag(s, i);
                int end = s.indexOf(tag, i + tag.length());
                end = end < 0 ? n : end + tag.length();
                out.add(new Token(Type.STRING, s.substring(i, end)));
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '$')) {
                    i++;
                }
                out.add(new Token(Type.WORD, s.substring(start, i).toLowerCase(Locale.ROOT)));
            } else if (Character.isDigit(c)) {
                int start = i;
                while (i < n && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
                out.add(new Token(Type.NUMBER, s.substring(start, i)));
            } else if (c == ':' && i + 1 < n && s.charAt(i + 1) == ':') {
                out.add(new Token(Type.SYMBOL, "::"));
                i += 2;
            } else {
                out.add(new Token(Type.SYMBOL, String.valueOf(c)));
                i++;
            }
        }
        return out;
    }

    /** {@code $$} or {@code $tag$} starting at i, or null. */
    private static String dollarTag(String s, int i) {
        int j = i + 1;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
            j++;
        }
        return j < s.length() && s.charAt(j) == '$' ? s.substring(i, j + 1) : null;
    }

    boolean atEnd() {
        return pos >= tokens.size() || (peek().is(";") && pos == tokens.size() - 1);
    }

    Token peek() {
        return pos < tokens.size() ? tokens.get(pos) : new Token(Type.SYMBOL, "");
    }

    /** The token {@code ahead} places on (negative: back). */
    Token peek(int ahead) {
        return pos + ahead >= 0 && pos + ahead < tokens.size() ? tokens.get(pos + ahead) : new Token(Type.SYMBOL, "");
    }

    Token next() {
        return pos < tokens.size() ? tokens.get(pos++) : new Token(Type.SYMBOL, "");
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

    /** A name as PostgreSQL resolves it: quoted as written, unquoted folded; schema-qualified names keep their dots. */
    String name() {
        StringBuilder b = new StringBuilder(next().text());
        while (peek().is(".") && (peek(1).type() == Type.WORD || peek(1).type() == Type.IDENT)) {
            next();
            b.append('.').append(next().text());
        }
        return b.toString();
    }

    /** The tokens up to (not including) one of the stop words at parenthesis depth 0, as text. */
    String until(java.util.Set<String> stops) {
        StringBuilder b = new StringBuilder();
        int depth = 0;
        while (pos < tokens.size()) {
            Token t = peek();
            if (depth == 0 && (stops.contains(t.text()) && t.type() != Type.IDENT && t.type() != Type.STRING
                    || t.is(",") || t.is(")") || t.is(";"))) {
                break;
            }
            if (t.is("(")) {
                depth++;
            } else if (t.is(")")) {
                depth--;
            }
            next();
            boolean tight = t.is("(") || t.is(")") || t.is(",") || t.is("::") || b.isEmpty()
                    || b.charAt(b.length() - 1) == '(' || b.toString().endsWith("::");
            if (!tight) {
                b.append(' ');
            }
            b.append(t.type() == Type.IDENT ? '"' + t.text() + '"' : t.text());
        }
        return b.toString();
    }

    /** Skips to the end of a parenthesised group whose "(" was just consumed. */
    void skipGroup() {
        int depth = 1;
        while (pos < tokens.size() && depth > 0) {
            Token t = next();
            if (t.is("(")) {
                depth++;
            } else if (t.is(")")) {
                depth--;
            }
        }
    }

    /** Inside a parenthesised list: skips to its next comma (consumed, true) or its closing ")" (not consumed, false). */
    boolean skipToCommaInside() {
        int depth = 0;
        while (pos < tokens.size()) {
            Token t = peek();
            if (depth == 0 && t.is(")")) {
                return false;
            }
            next();
            if (t.is("(")) {
                depth++;
            } else if (t.is(")")) {
                depth--;
            } else if (depth == 0 && t.is(",")) {
                return true;
            }
        }
        return false;
    }

    /** Skips to the next top-level comma (consumed) or the end; false at the end. */
    boolean skipToComma() {
        int depth = 0;
        while (pos < tokens.size()) {
            Token t = next();
            if (t.is("(")) {
                depth++;
            } else if (t.is(")")) {
                depth--;
            } else if (depth == 0 && t.is(",")) {
                return true;
            }
        }
        return false;
    }
}
