package dev.querylens.cli;

/**
 * Text from the input (table names, statements, file names) made safe to print as one line of a
 * CI log: a line break inside a quoted identifier or a file name would otherwise start a new log
 * line, and a log line that starts with {@code ::} is a GitHub Actions workflow command.
 */
final class OneLine {
    private OneLine() {
    }

    static String of(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
