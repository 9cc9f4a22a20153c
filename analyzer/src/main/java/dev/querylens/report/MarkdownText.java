package dev.querylens.report;

import java.util.Locale;

/**
 * Text from an input, placed in Markdown so that it can only ever be read, never rendered as
 * markup. A column named {@code [x](https://evil.example)} must not become a link in a pull-request
 * comment, nor {@code <img src=...>} an image, nor {@code @someone} a mention.
 *
 * <p>Three forms: {@link #prose} backslash-escapes every ASCII punctuation character (CommonMark
 * lets any of them be escaped, and an escaped one starts nothing: no emphasis, link, image, HTML,
 * entity, table cell, code span, math or footnote) and puts any word an autolinker would take
 * (a URL, {@code www.}, an e-mail address, an @mention, an #issue) in a code span, where nothing
 * links; {@link #code} is a code span whose backtick fence is longer than any run of backticks
 * inside; {@link #block} is a fenced code block likewise fenced, every line indented to stay inside
 * its list item. All three first show control characters as visible escapes ({@link VisibleText}).
 */
final class MarkdownText {
    private MarkdownText() {
    }

    /** Running text, on one line. */
    static String prose(String text) {
        if (text == null) {
            return "";
        }
        String visible = VisibleText.line(text);
        StringBuilder b = new StringBuilder(visible.length() + 16);
        int i = 0;
        while (i < visible.length()) {
            int end = i;
            while (end < visible.length() && !Character.isWhitespace(visible.charAt(end))) {
                end++;
            }
            if (end == i) {
                char c = visible.charAt(i++);
                b.append(c == '\t' ? ' ' : c);
                continue;
            }
            String word = visible.substring(i, end);
            if (linkLike(word)) {
                b.append(code(word));
            } else {
                escapePunctuation(b, word);
            }
            i = end;
        }
        return b.toString();
    }

    /**
     * Whether an autolinker could make a link or a reference of the word: GitHub's and CommonMark's
     * extensions link {@code scheme:...}, {@code www.} and {@code a@b.c}, and GitHub links
     * {@code @user} and {@code #123}. Escaping does not stop them (they work on the text after
     * escapes are removed), a code span does. A word only ending in ':' ("fix:") is prose.
     */
    private static boolean linkLike(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        int colon = word.indexOf(':');
        return word.indexOf('@') >= 0 || word.indexOf('#') >= 0 || lower.contains("www.")
                || colon >= 0 && colon < word.length() - 1;
    }

    private static void escapePunctuation(StringBuilder b, String word) {
        for (int k = 0; k < word.length(); k++) {
            char c = word.charAt(k);
            if (c < 0x80 && isAsciiPunctuation(c)) {
                b.append('\\');
            }
            b.append(c);
        }
    }

    private static boolean isAsciiPunctuation(char c) {
        return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~';
    }

    /** An inline code span: names, files, rule ids. */
    static String code(String text) {
        String visible = VisibleText.line(text == null ? "" : text).replace('\t', ' ');
        if (visible.isEmpty()) {
            return "` `";
        }
        String fence = "`".repeat(longestBacktickRun(visible) + 1);
        // a span that starts or ends with a backtick or a space needs a space on each side, which CommonMark strips
        boolean pad = visible.startsWith("`") || visible.endsWith("`") || visible.startsWith(" ") || visible.endsWith(" ");
        return fence + (pad ? " " : "") + visible + (pad ? " " : "") + fence;
    }

    /**
     * A fenced code block, each line starting with {@code indent} (so it stays inside the list item
     * it belongs to), ended with a newline. The fence is longer than any run of backticks in the
     * content, so no line of it can close the block early.
     */
    static String block(String info, String content, String indent) {
        String visible = VisibleText.escape(content == null ? "" : content);
        String fence = "`".repeat(Math.max(3, longestBacktickRun(visible) + 1));
        StringBuilder b = new StringBuilder(visible.length() + 64);
        b.append(indent).append(fence).append(info).append('\n');
        for (String line : visible.split("\n", -1)) {
            b.append(indent).append(line).append('\n');
        }
        b.append(indent).append(fence).append('\n');
        return b.toString();
    }

    private static int longestBacktickRun(String s) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            run = s.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
