package dev.querylens.junit;

import java.util.Locale;

/** What a statement does, by its first word, as the counting annotations and assertions count it. */
public enum StatementKind {
    SELECT, INSERT, UPDATE, DELETE, OTHER;

    /** A WITH counts as a SELECT unless it is a data-modifying WITH ending in a write. */
    static StatementKind of(String sql) {
        String s = sql.stripLeading();
        int end = 0;
        while (end < s.length() && Character.isLetter(s.charAt(end))) {
            end++;
        }
        return switch (s.substring(0, end).toLowerCase(Locale.ROOT)) {
            case "select", "values", "table" -> SELECT;
            case "with" -> writeInWith(s);
            case "insert" -> INSERT;
            case "update" -> UPDATE;
            case "delete" -> DELETE;
            default -> OTHER;
        };
    }

    /** The last top-level statement word of a WITH decides; a rough scan that is right for ordinary CTEs. */
    private static StatementKind writeInWith(String sql) {
        String lower = sql.toLowerCase(Locale.ROOT);
        int depth = 0;
        StatementKind last = SELECT;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && (i == 0 || !Character.isLetterOrDigit(lower.charAt(i - 1)))) {
                if (lower.startsWith("insert", i)) {
                    last = INSERT;
                } else if (lower.startsWith("update", i)) {
                    last = UPDATE;
                } else if (lower.startsWith("delete", i)) {
                    last = DELETE;
                } else if (lower.startsWith("select", i)) {
                    last = SELECT;
                }
            }
        }
        return last;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
