package dev.querylens.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;

/** A one-line progress display on stderr, shown only on a terminal and not with --quiet. */
final class Progress implements Consumer<String> {
    private final PrintWriter err;
    private final boolean shown;

    Progress(PrintWriter err, boolean quiet) {
        this.err = err;
        this.shown = !quiet && System.console() != null;
    }

    @Override
    public void accept(String message) {
        if (shown) {
            // the CR and erase-line are QueryLens's own; the message (it may name a file) is escaped like all stderr
            if (err instanceof VisibleErr visible) {
                visible.control("\r\033[K");
            } else {
                err.print("\r\033[K");
            }
            err.print(dev.querylens.report.VisibleText.line(message));
            err.flush();
        }
    }

    /** Clears the line before the report or a message is printed. */
    void clear() {
        accept("");
    }
}
