package dev.querylens.collect;

/**
 * PostgreSQL's lexical rules for the parts of SQL text that hide semicolons and comment markers:
 * quoted strings and identifiers, dollar quotes, line and nested block comments. Each method takes
 * the index of the opening character and returns the index just past the construct (or the text's
 * length when it is not closed), so callers scan in one pass without regular expressions.
 */
public final class SqlSyntax {
    private SqlSyntax() {
    }

    /** Past a '...' or "..." run starting at {@code i}; a doubled quote is an escaped quote. */
    public static int endOfQuoted(CharSequence s, int i, boolean backslashEscapes) {
        int close = closeOfQuoted(s, i, backslashEscapes);
        return close < 0 ? s.length() : close;
    }

    /** Like {@link #endOfQuoted}, but -1 when the quote is never closed. */
    public static int closeOfQuoted(CharSequence s, int i, boolean backslashEscapes) {
        char quote = s.charAt(i);
        int n = s.length();
        int j = i + 1;
        while (j < n) {
            char c = s.charAt(j);
            if (backslashEscapes && c == '\\' && j + 1 < n) {
                j += 2;
                continue;
            }
            if (c == quote) {
                if (j + 1 < n && s.charAt(j + 1) == quote) {
                    j += 2;
                    continue;
                }
                return j + 1;
            }
            j++;
        }
        return -1;
    }

    /** Past a block comment starting at {@code i} ("/*"); PostgreSQL block comments nest. */
    public static int endOfBlockComment(CharSequence s, int i) {
        int close = closeOfBlockComment(s, i);
        return close < 0 ? s.length() : close;
    }

    /** Like {@link #endOfBlockComment}, but -1 when the comment is never closed. */
    public static int closeOfBlockComment(CharSequence s, int i) {
        int n = s.length();
        int depth = 0;
        int j = i;
        while (j < n) {
            if (j + 1 < n && s.charAt(j) == '/' && s.charAt(j + 1) == '*') {
                depth++;
                j += 2;
            } else if (j + 1 < n && s.charAt(j) == '*' && s.charAt(j + 1) == '/') {
                depth--;
                j += 2;
                if (depth == 0) {
                    return j;
                }
            } else {
                j++;
            }
        }
        return -1;
    }

    /** Past a "--" comment starting at {@code i}: the index of its line end (LF, CR or CRLF), or the end. */
    public static int endOfLineComment(CharSequence s, int i) {
        int n = s.length();
        int j = i;
        while (j < n && s.charAt(j) != '\n' && s.charAt(j) != '\r') {
            j++;
        }
        return j;
    }

    /**
     * The length of a dollar-quote tag ($$ or $name$) starting at {@code i}, or 0 when the '$' at
     * {@code i} does not open one (a positional parameter such as $1 is not a tag).
     */
    public static int dollarTagLength(CharSequence s, int i) {
        int n = s.length();
        int j = i + 1;
        if (j < n && Character.isDigit(s.charAt(j))) {
            return 0;
        }
        while (j < n) {
            char c = s.charAt(j);
            if (c == '$') {
                return j - i + 1;
            }
            if (!(Character.isLetterOrDigit(c) || c == '_')) {
                return 0;
            }
            j++;
        }
        return 0;
    }

    /** Past the dollar-quoted body whose tag (length {@code tagLength}) starts at {@code i}. */
    public static int endOfDollarQuoted(CharSequence s, int i, int tagLength) {
        int close = closeOfDollarQuoted(s, i, tagLength);
        return close < 0 ? s.length() : close;
    }

    /** Like {@link #endOfDollarQuoted}, but -1 when the body is never closed. */
    public static int closeOfDollarQuoted(CharSequence s, int i, int tagLength) {
        String tag = s.subSequence(i, i + tagLength).toString();
        int close = s.toString().indexOf(tag, i + tagLength);
        return close < 0 ? -1 : close + tagLength;
    }

    /** Whether the char before {@code i} makes an identifier continue (so a quote or $ is not an opener). */
    public static boolean continuesIdentifier(CharSequence s, int i) {
        if (i == 0) {
            return false;
        }
        char p = s.charAt(i - 1);
        return Character.isLetterOrDigit(p) || p == '_' || p == '$';
    }

    /**
     * Whether the quote at {@code i} opens a string constant: one after no identifier character, or after the
     * one-letter prefix of an escape, bit, hex or national string ({@code E'\\n'}, {@code B'101'}, {@code X'ff'},
     * {@code N'x'}). The prefix is a letter, so without this an {@code E'... payload.'} was no string: its closing quote
     * opened one instead, and everything after it was read inside out (graphile/starter's first migration).
     */
    public static boolean opensString(CharSequence s, int i) {
        return !continuesIdentifier(s, i) || stringPrefix(s, i);
    }

    /** Whether the string opening at {@code i} is an escape string ({@code E'...'}), where a backslash escapes the quote. */
    public static boolean escapeString(CharSequence s, int i) {
        return stringPrefix(s, i) && (s.charAt(i - 1) == 'E' || s.charAt(i - 1) == 'e');
    }

    private static boolean stringPrefix(CharSequence s, int i) {
        return i > 0 && "EeBbXxNn".indexOf(s.charAt(i - 1)) >= 0 && !continuesIdentifier(s, i - 1);
    }
}
