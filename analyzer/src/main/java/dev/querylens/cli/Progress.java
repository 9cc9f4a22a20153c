package dev.querylens.cli;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Progress on stderr, never with --quiet. On a terminal, one line redrawn in place. Elsewhere (a CI
 * log, a file) redrawing would write a line per update, and saying nothing makes a long run look
 * hung: there a plain line is written at most every {@link #QUIET_INTERVAL_NANOS}, and only once the
 * run has lasted that long, so short runs stay silent.
 */
final class Progress implements Consumer<String> {
    static final long QUIET_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final PrintWriter err;
    private final boolean quiet;
    private final boolean terminal;
    private final LongSupplier clock;
    private final long started;
    private long lastLine;

    Progress(PrintWriter err, boolean quiet) {
        this(err, quiet, System.console() != null, System::nanoTime);
    }

    Progress(PrintWriter err, boolean quiet, boolean terminal, LongSupplier clock) {
        this.err = err;
        this.quiet = quiet;
        this.terminal = terminal;
        this.clock = clock;
        this.started = clock.getAsLong();
        this.lastLine = started;
    }

    @Override
    public void accept(String message) {
        if (quiet) {
            return;
        }
        if (terminal) {
            // the CR and erase-line are QueryLens's own; the message (it may name a file) is escaped like all stderr
            if (err instanceof VisibleErr visible) {
                visible.control("\r\033[K");
            } else {
                err.print("\r\033[K");
            }
            err.print(dev.querylens.report.VisibleText.line(message));
            err.flush();
            return;
        }
        long now = clock.getAsLong();
        if (!message.isEmpty() && now - lastLine >= QUIET_INTERVAL_NANOS) {
            lastLine = now;
            err.println("querylens: " + dev.querylens.report.VisibleText.line(message) + " ("
                    + TimeUnit.NANOSECONDS.toSeconds(now - started) + " s)");
            err.flush();
        }
    }

    /** Clears the line before the report or a message is printed. */
    void clear() {
        if (terminal && !quiet) {
            accept("");
        }
    }
}
