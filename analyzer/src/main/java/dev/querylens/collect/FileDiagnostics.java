package dev.querylens.collect;

import java.util.function.Consumer;

/**
 * The diagnostics of one input, at most {@link #LISTED} of them passed on: a file that is not
 * what it was read as (a binary forced to be a log) would otherwise give one per line, millions
 * of them, and the report would hold them all. The rest are counted in one closing diagnostic,
 * which says whether any of them lost input.
 */
final class FileDiagnostics implements Consumer<Diagnostic> {
    static final int LISTED = 100;

    private final String file;
    private final Consumer<Diagnostic> out;
    private long seen;
    private long unlisted;
    private boolean unlistedLost;
    private Diagnostic firstUnlisted;

    FileDiagnostics(String file, Consumer<Diagnostic> out) {
        this.file = file;
        this.out = out;
    }

    @Override
    public void accept(Diagnostic d) {
        if (++seen <= LISTED) {
            out.accept(d);
            return;
        }
        if (unlisted++ == 0) {
            firstUnlisted = d;
        }
        unlistedLost |= d.inputLost();
    }

    /** Passes on the count of the diagnostics not listed, if any. */
    void finish() {
        if (unlisted > 0) {
            out.accept(new Diagnostic(file, firstUnlisted.line(), firstUnlisted.offset(), unlistedLost, unlisted
                    + " more diagnostics in this file, not listed (the first of them here)"
                    + (unlistedLost ? "; some input they describe was not analyzed" : "")));
            unlisted = 0;
        }
    }
}
