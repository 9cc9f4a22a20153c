package dev.querylens.collect;

/**
 * A problem with the input that did not stop the run: a malformed log line, a statement nobody
 * could read, an unreadable file, a database that could not be reached. Reported beside the
 * findings so the user knows what was skipped.
 *
 * @param line      1-based line, 0 when unknown
 * @param offset    byte offset in the file where the problem starts, -1 when unknown
 * @param inputLost whether some input was not analyzed because of it (the CLI's exit code says so,
 *                  and {@code check} does not pass such a run unless told to accept partial input)
 * @param message   what happened, never the raw input: a diagnostic may be shown anywhere
 * @param note      whether it only informs (how the input was read, that two inputs held the same
 *                  events): not a problem with the input, so a clean run may have notes
 */
public record Diagnostic(String file, long line, long offset, boolean inputLost, String message, boolean note) {
    public Diagnostic(String file, long line, long offset, boolean inputLost, String message) {
        this(file, line, offset, inputLost, message, false);
    }

    /** How an input was read, when nothing is wrong with it: shown, but no problem. */
    public static Diagnostic note(String file, String message) {
        return new Diagnostic(file, 0, -1, false, message, true);
    }

    /** A note about input that was still analyzed (nothing lost). */
    public Diagnostic(String file, long line, String message) {
        this(file, line, -1, false, message);
    }

    public static Diagnostic at(SourceLocation location, String message) {
        return new Diagnostic(location.file(), location.line(), message);
    }

    /** Input at this place could not be analyzed. */
    public static Diagnostic lost(String file, long line, long offset, String message) {
        return new Diagnostic(file, line, offset, true, message);
    }

    @Override
    public String toString() {
        return (line > 0 ? file + ":" + line : file) + (offset >= 0 ? " (byte " + offset + ")" : "") + ": " + message;
    }
}
