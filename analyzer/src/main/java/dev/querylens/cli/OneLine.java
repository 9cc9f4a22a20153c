package dev.querylens.cli;

/**
 * Text from the input (table names, statements, file names) made safe to print as one line of a
 * CI log: a line break inside a quoted identifier or a file name would otherwise start a new log
 * line, and a log line that starts with {@code ::} is a GitHub Actions workflow command.
 */
final class OneLine {
    private OneLine() {
    }

    /** The report's one-line escaping, so stderr and the text report show the same escapes (a line feed as backslash-n, ESC as backslash-x1b). */
    static String of(String text) {
        return dev.querylens.report.VisibleText.line(text);
    }
}
