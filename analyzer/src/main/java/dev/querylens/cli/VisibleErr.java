package dev.querylens.cli;

import dev.querylens.report.VisibleTextWriter;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * Standard error as every command writes it: through {@link VisibleTextWriter}, so no diagnostic,
 * file name, statement or server message (whoever built the string) can put a raw control
 * character on the terminal. Only {@link #control} writes QueryLens's own sequences (the progress
 * line's CR and erase-line) past it.
 */
final class VisibleErr extends PrintWriter {
    private final VisibleTextWriter visible;

    private VisibleErr(VisibleTextWriter visible) {
        super(visible, true);
        this.visible = visible;
    }

    /** {@code err} behind the escaping, or {@code err} itself when it already is. */
    static PrintWriter of(PrintWriter err) {
        return err instanceof VisibleErr ? err : new VisibleErr(new VisibleTextWriter(err));
    }

    /** Writes a sequence of QueryLens's own; never text from an input. */
    void control(String ownSequence) {
        try {
            visible.control(ownSequence);
            visible.flush();
        } catch (IOException e) {
            setError();
        }
    }
}
