package dev.querylens.report;

import java.io.IOException;
import java.io.Writer;

/**
 * A writer that shows what {@link VisibleText#escape} shows, for a whole stream (stderr, the text
 * report): line feeds and tabs pass, a CR passes only as part of a CRLF line end, everything else
 * that could steer a terminal is written as a visible escape. Whatever reaches it, from any
 * message built anywhere, cannot put a raw escape sequence on the reader's terminal. A surrogate
 * pair or a CR split across two writes is held until the next write decides it.
 */
public final class VisibleTextWriter extends Writer {
    private final Writer out;
    private char pendingHigh;
    private boolean pendingCr;

    public VisibleTextWriter(Writer out) {
        super(out);
        this.out = out;
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        synchronized (lock) {
            StringBuilder b = new StringBuilder(len + 8);
            for (int i = off; i < off + len; i++) {
                char c = cbuf[i];
                if (pendingCr) {
                    pendingCr = false;
                    b.append(c == '\n' ? "\r" : "\\r");
                }
                if (pendingHigh != 0) {
                    char high = pendingHigh;
                    pendingHigh = 0;
                    if (Character.isLowSurrogate(c)) {
                        visible(b, Character.toCodePoint(high, c));
                        continue;
                    }
                    VisibleText.appendEscape(b, high);
                }
                if (Character.isHighSurrogate(c)) {
                    pendingHigh = c;
                } else if (c == '\r') {
                    pendingCr = true;
                } else {
                    visible(b, c);
                }
            }
            out.write(b.toString());
        }
    }

    private static void visible(StringBuilder b, int cp) {
        if (VisibleText.hidden(cp, false)) {
            VisibleText.appendEscape(b, cp);
        } else {
            b.appendCodePoint(cp);
        }
    }

    /** Writes what is held back (a lone CR or high surrogate) escaped: nothing can complete it any more. */
    private void release() throws IOException {
        StringBuilder b = new StringBuilder();
        if (pendingHigh != 0) {
            VisibleText.appendEscape(b, pendingHigh);
            pendingHigh = 0;
        }
        if (pendingCr) {
            b.append("\\r");
            pendingCr = false;
        }
        if (b.length() > 0) {
            out.write(b.toString());
        }
    }

    /**
     * Flushes what was written; a CR or high surrogate at the very end is held, since the next
     * write may complete it (a CRLF line end written in two parts).
     */
    @Override
    public void flush() throws IOException {
        synchronized (lock) {
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (lock) {
            release();
            out.close();
        }
    }

    /**
     * Writes a sequence QueryLens itself means for the terminal (its colours, the progress line's
     * CR and erase-line), past the escaping; never give it text from an input.
     */
    public void control(String ownSequence) throws IOException {
        synchronized (lock) {
            release();
            out.write(ownSequence);
        }
    }
}
