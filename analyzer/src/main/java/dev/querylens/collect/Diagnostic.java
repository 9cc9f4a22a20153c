package dev.querylens.collect;

/**
 * A problem with the input that did not stop the run: a malformed log line, a statement nobody
 * could read, an unreadable file. Reported beside the findings so the user knows what was skipped.
 */
public record Diagnostic(String file, long line, String message) {
    public static Diagnostic at(SourceLocation location, String message) {
        return new Diagnostic(location.file(), location.line(), message);
    }

    @Override
    public String toString() {
        return (line > 0 ? file + ":" + line : file) + ": " + message;
    }
}
