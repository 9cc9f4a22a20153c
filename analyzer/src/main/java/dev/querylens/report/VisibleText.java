package dev.querylens.report;

/**
 * Text from an input, made safe to show on a terminal: every character that could steer the
 * terminal or hide or reorder what is shown becomes a visible escape. A quoted identifier in a log
 * can hold ESC ] 52 (an OSC 52 sequence writes the reader's clipboard), a CR that overwrites the
 * line, or U+202E that shows a line backwards; shown escaped ({@code \x1b}, {@code \r},
 * backslash-u202e) they are inert and still tell the reader what was there.
 *
 * <p>Escaped: C0 controls (all but LF and TAB, and LF too in {@link #line}), DEL, C1 controls,
 * format characters (bidirectional embeddings, overrides and isolates, LRM/RLM/ALM, zero-width
 * space, word joiner, BOM, Unicode tag characters) except the zero-width joiner and non-joiner
 * that scripts and emoji need, the line and paragraph separators, and unpaired surrogates.
 * A backslash itself is left as it is: SQL and paths are full of them, and the escapes only
 * need to be visible, not reversible.
 */
public final class VisibleText {
    private VisibleText() {
    }

    /** For text of several lines (stderr, a code block): line feeds and tabs stay, everything else hidden is escaped. */
    public static String escape(String text) {
        return escape(text, false);
    }

    /** For text that must stay on its one line (a report field): line feeds are escaped too. */
    public static String line(String text) {
        return escape(text, true);
    }

    private static String escape(String text, boolean oneLine) {
        if (text == null) {
            return null;
        }
        int i = 0;
        int n = text.length();
        while (i < n) {
            int cp = text.codePointAt(i);
            if (hidden(cp, oneLine)) {
                break;
            }
            i += Character.charCount(cp);
        }
        if (i == n) {
            return text; // the usual case: nothing to escape, no copy
        }
        StringBuilder b = new StringBuilder(n + 16).append(text, 0, i);
        while (i < n) {
            int cp = text.codePointAt(i);
            int length = Character.charCount(cp);
            if (hidden(cp, oneLine)) {
                appendEscape(b, cp);
            } else {
                b.appendCodePoint(cp);
            }
            i += length;
        }
        return b.toString();
    }

    /** Whether a code point is shown escaped (a surrogate here is an unpaired one: paired ones arrive as one code point). */
    static boolean hidden(int cp, boolean oneLine) {
        if (cp == '\n') {
            return oneLine;
        }
        if (cp == '\t') {
            return false;
        }
        if (cp < 0x20 || cp >= 0x7f && cp <= 0x9f) {
            return true;
        }
        if (cp < 0xa0) {
            return false;
        }
        if (cp == 0x200c || cp == 0x200d) {
            return false; // zero-width (non-)joiner: part of Persian, Indic and emoji text
        }
        int type = Character.getType(cp);
        return type == Character.FORMAT || type == Character.SURROGATE || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    /** {@code \x1b} for ASCII controls, backslash-u and four hex digits up to U+FFFF, {@code \U000e0041} above. */
    static void appendEscape(StringBuilder b, int cp) {
        switch (cp) {
            case '\n' -> b.append("\\n");
            case '\r' -> b.append("\\r");
            default -> {
                if (cp < 0x80) {
                    b.append("\\x").append(hex(cp, 2));
                } else if (cp <= 0xffff) {
                    b.append("\\u").append(hex(cp, 4));
                } else {
                    b.append("\\U").append(hex(cp, 8));
                }
            }
        }
    }

    private static String hex(int value, int digits) {
        String h = Integer.toHexString(value);
        return "0".repeat(Math.max(0, digits - h.length())) + h;
    }
}
