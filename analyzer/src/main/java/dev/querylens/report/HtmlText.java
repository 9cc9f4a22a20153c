package dev.querylens.report;

import java.util.Locale;

/**
 * How the HTML report writes text: every piece of user text escaped for element content and
 * attribute values alike, numbers formatted the same way everywhere, and long SQL collapsed to its
 * first line so one INSERT does not fill a screen.
 */
final class HtmlText {
    /** SQL longer than this many characters or lines is collapsed to its first line. */
    static final int LONG_CHARS = 160;
    static final int LONG_LINES = 3;
    private static final int SUMMARY_CHARS = 100;

    private HtmlText() {
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A statement as a code block, collapsed behind its first line when long. */
    static void sql(StringBuilder h, String sql) {
        if (sql == null) {
            return;
        }
        String text = sql.strip();
        String[] lines = text.split("\n", -1);
        if (text.length() <= LONG_CHARS && lines.length <= LONG_LINES) {
            h.append("<pre class=\"sql\">").append(esc(text)).append("</pre>");
            return;
        }
        String first = lines[0].strip();
        if (first.length() > SUMMARY_CHARS) {
            first = first.substring(0, SUMMARY_CHARS);
        }
        h.append("<details class=\"sql\"><summary><code>").append(esc(first)).append(" …</code> <span class=\"hint\">(")
                .append(text.length()).append(" characters)</span></summary><pre class=\"sql\">").append(esc(text))
                .append("</pre></details>");
    }

    /** Milliseconds as people read them: 0.042 ms, 3.1 ms, 1,234 ms, 12.5 s. */
    static String ms(double ms) {
        if (Double.isNaN(ms)) {
            return "unknown";
        }
        if (ms >= 10_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000);
        }
        if (ms >= 100) {
            return String.format(Locale.ROOT, "%,.0f ms", ms);
        }
        return String.format(Locale.ROOT, ms >= 1 ? "%.1f ms" : "%.3f ms", ms);
    }

    /** A share (0..1) as a CSS length: percent with two decimals, never NaN or negative. */
    static String pct(double share) {
        double v = Double.isNaN(share) || share < 0 ? 0 : Math.min(1, share);
        return String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
