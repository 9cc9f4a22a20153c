package dev.querylens.schema;

import java.util.Locale;

/**
 * SQL text copied from DDL (types, expressions, predicates) folded the way PostgreSQL reads it:
 * words outside double quotes are case-insensitive, quoted names and string literals are not.
 */
final class SqlText {
    private SqlText() {
    }

    /** Lower-cases everything outside double-quoted names and single-quoted strings. */
    static String foldCase(String text) {
        StringBuilder s = new StringBuilder(text.length());
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else if (quote != 0 && c == quote) {
                quote = 0;
            }
            s.append(quote == 0 ? Character.toLowerCase(c) : c);
        }
        return s.toString();
    }

    /** Case folded, whitespace collapsed (and dropped next to punctuation), outer parentheses removed. */
    static String normalize(String text) {
        String s = foldCase(text).replaceAll("\\s+", " ").strip();
        s = s.replaceAll(" ?([(),=<>!+*/|:-]) ?", "$1");
        return stripOuterParens(s);
    }

    /**
     * An expression key as rules compare it with query text: without quotes, in lower case, with
     * single spaces ({@code lower(email)}), and without the parentheses CREATE INDEX needs around it.
     */
    static String indexKey(String expression) {
        return stripOuterParens(expression).replace("\"", "").toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    static String stripOuterParens(String s) {
        String x = s.strip();
        while (x.startsWith("(") && x.endsWith(")") && balanced(x.substring(1, x.length() - 1))) {
            x = x.substring(1, x.length() - 1).strip();
        }
        return x;
    }

    private static boolean balanced(String s) {
        int depth = 0;
        for (char c : s.toCharArray()) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
