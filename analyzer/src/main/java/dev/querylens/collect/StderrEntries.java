package dev.querylens.collect;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns the lines of a stderr log into its entries: a line that starts with the log_line_prefix
 * starts an entry; the lines after it that start with a tab (or with spaces a copy made of the
 * tab) continue it. A line that fits no prefix is either where log_line_prefix changed (worked out
 * from the line) or a line lost, with a diagnostic. One per reading thread (its matchers hold
 * scratch state).
 *
 * <p>Its only state across lines, apart from the entry being gathered, is which prefixes it knows
 * and which one the lines have now. A reader that starts inside a log at a line the first prefix
 * matches, and only ever meets lines that prefix matches (or continuations, or blank lines), does
 * exactly what a reader from the start of the file does there ({@link #onFirstPrefixOnly()}):
 * that is what lets {@link SplitStderrSource} read byte ranges of one log on several threads.
 */
final class StderrEntries {
    /** Prefixes remembered for the lines after them; a line that fits none is worked out on its own. */
    private static final int MAX_PREFIXES = 16;

    private final String file;
    private final LogLinePrefix first;
    private LogLinePrefix current;
    private LogLinePrefix.LineMatcher matcher;
    // the prefixes met so far, in order: a reload may change log_line_prefix and later change it back
    private final List<LogLinePrefix.LineMatcher> known = new ArrayList<>();
    private final List<LogLinePrefix> knownPrefixes = new ArrayList<>();
    private LogLinePrefix.LogLine line;
    private long startLine;
    private long startOffset = -1;
    private final StringBuilder message = new StringBuilder();
    /**
     * The first line's message, and whether continuation lines followed (then {@link #message} holds
     * the whole): an entry of one line, most of them, is passed on as that string, not copied twice more.
     */
    private String firstMessage;
    private boolean continued;
    private long spacedContinuations;
    /** Whether a line fit neither the current prefix nor was a continuation or blank. */
    private boolean leftFirstPrefix;

    StderrEntries(String file, LogLinePrefix prefix) {
        this.file = file;
        this.first = prefix;
        this.current = prefix;
        this.matcher = prefix.matcher();
        known.add(matcher);
        knownPrefixes.add(prefix);
    }

    /**
     * One line of the log, as the server wrote it.
     *
     * @param offset the byte offset where it starts, -1 when unknown
     */
    void line(String raw, long lineNumber, long offset, Consumer<LogEntry> entries, Consumer<Diagnostic> diagnostics) {
        LogLinePrefix.LogLine next = matcher.match(raw);
        if (next != null) {
            start(next, lineNumber, offset, entries);
        } else if (line != null && !raw.isEmpty() && raw.charAt(0) == '\t') {
            continuing().append('\n').append(raw, 1, raw.length());
        } else if (line != null && raw.startsWith("  ") && !raw.isBlank()) {
            // a continuation whose tab became spaces (an editor or a copy expanded it: pgBadger's queryid.log
            // fixture): still the message's text, not a line to lose
            continuing().append('\n').append(raw.stripLeading());
            spacedContinuations++;
        } else if (!raw.isBlank()) {
            leftFirstPrefix = true;
            next = null;
            for (int k = 0; k < known.size() && next == null; k++) {
                if (known.get(k) != matcher && (next = known.get(k).match(raw)) != null) {
                    matcher = known.get(k);
                    current = knownPrefixes.get(k);
                }
            }
            LogLinePrefix changed = next == null ? PrefixInference.of(raw) : null;
            if (changed != null && (next = changed.matcher().match(raw)) != null) {
                // log_line_prefix changed here (ALTER SYSTEM and a reload): read on with the prefix the lines now have
                matcher = changed.matcher();
                current = changed;
                if (known.size() < MAX_PREFIXES) {
                    known.add(matcher);
                    knownPrefixes.add(changed);
                }
                diagnostics.accept(new Diagnostic(file, lineNumber, "log_line_prefix changes here: read on as '" + changed.setting()
                        + "' (worked out from the line; give --log-line-prefix if it is another)"));
            }
            if (next != null) {
                start(next, lineNumber, offset, entries);
            } else {
                diagnostics.accept(Diagnostic.lost(file, lineNumber, offset,
                        "not a log line for log_line_prefix '" + current.setting() + "' (" + LineShape.of(raw) + "), skipped"));
            }
        }
    }

    private void start(LogLinePrefix.LogLine next, long lineNumber, long offset, Consumer<LogEntry> entries) {
        flush(entries);
        line = next;
        startLine = lineNumber;
        startOffset = offset;
        firstMessage = next.message();
        continued = false;
    }

    /** The message being gathered, its first line in it, for a continuation line to be added. */
    private StringBuilder continuing() {
        if (!continued) {
            message.setLength(0);
            message.append(firstMessage);
            continued = true;
        }
        return message;
    }

    /** Passes on the entry being gathered, if any: the log ended, or the next line is known to start another. */
    void flush(Consumer<LogEntry> entries) {
        if (line != null) {
            boolean byPid = line.session() == null;
            entries.accept(new LogEntry(new SourceLocation(file, startLine), byPid ? line.pid() : line.session(), byPid,
                    line.time(), line.level(), continued ? message.toString() : firstMessage, null, startOffset, line.application()));
            line = null;
        }
    }

    /** The one note, at the end of a log, about continuation lines read though they start with spaces; null when none did. */
    static Diagnostic spacedNote(String file, long spacedContinuations) {
        return spacedContinuations == 0 ? null : new Diagnostic(file, 0, spacedContinuations + " continuation line(s) start with"
                + " spaces instead of the server's tab (tabs expanded after the log was written?): read as part of the message before them");
    }

    long spacedContinuations() {
        return spacedContinuations;
    }

    /**
     * Whether every line so far fit the prefix it started with, or continued an entry, or was blank:
     * then the prefixes it knows never changed, and a reader that started where this one did, knowing
     * more prefixes, would have read the same entries.
     */
    boolean onFirstPrefixOnly() {
        return !leftFirstPrefix;
    }

    /** Whether the lines now have the prefix the log started with (the one ranges are cut at). */
    boolean onFirstPrefix() {
        return current == first;
    }

    /** The prefix the log started with. */
    LogLinePrefix firstPrefix() {
        return first;
    }
}
