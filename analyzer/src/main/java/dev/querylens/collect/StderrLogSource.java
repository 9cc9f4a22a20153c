package dev.querylens.collect;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Reads a PostgreSQL stderr log line by line. A line that starts with the log_line_prefix starts a
 * message; the lines after it that start with a tab are its continuation (the server follows each
 * newline inside a message with a tab). Anything else is a diagnostic, and reading goes on.
 * A shipper that only puts something before each line the server wrote (aws logs tail) is read
 * the same way, each line unwrapped first.
 */
public final class StderrLogSource implements ExecutionSource {
    /** Prefixes remembered for the lines after them; a line that fits none is worked out on its own. */
    private static final int MAX_PREFIXES = 16;
    private final String file;
    private final BufferedReader reader;
    private final LogLinePrefix prefix;
    private final SourceKind kind;
    private final java.util.function.UnaryOperator<String> unwrap;

    public StderrLogSource(String file, BufferedReader reader, LogLinePrefix prefix) {
        this(file, reader, prefix, SourceKind.STDERR_LOG, java.util.function.UnaryOperator.identity());
    }

    /** @param unwrap the line the server wrote, from the line as the file has it */
    StderrLogSource(String file, BufferedReader reader, LogLinePrefix prefix, SourceKind kind,
                    java.util.function.UnaryOperator<String> unwrap) {
        this.file = file;
        this.reader = reader;
        this.prefix = prefix;
        this.kind = kind;
        this.unwrap = unwrap;
    }

    @Override
    public void read(Consumer<Execution> executions, Consumer<Diagnostic> diagnostics) throws IOException {
        LogInterpreter interpreter = new LogInterpreter(kind, executions, diagnostics);
        LogLinePrefix current = prefix;
        LogLinePrefix.LineMatcher matcher = prefix.matcher();
        // the prefixes met so far, in order: a reload may change log_line_prefix and later change it back
        java.util.List<LogLinePrefix.LineMatcher> known = new java.util.ArrayList<>(java.util.List.of(matcher));
        java.util.List<LogLinePrefix> knownPrefixes = new java.util.ArrayList<>(java.util.List.of(prefix));
        LogLinePrefix.LogLine line = null;
        long startLine = 0;
        long startOffset = -1;
        StringBuilder message = new StringBuilder();
        String raw;
        long lineNumber = 0;
        long spacedContinuations = 0;
        while ((raw = reader.readLine()) != null) {
            lineNumber++;
            raw = unwrap.apply(raw);
            LogLinePrefix.LogLine next = matcher.match(raw);
            if (next != null) {
                if (line != null) {
                    interpreter.accept(entry(line, startLine, startOffset, message));
                }
                line = next;
                startLine = lineNumber;
                startOffset = offsetOfLine();
                message.setLength(0);
                message.append(next.message());
            } else if (line != null && !raw.isEmpty() && raw.charAt(0) == '\t') {
                message.append('\n').append(raw, 1, raw.length());
            } else if (line != null && raw.startsWith("  ") && !raw.isBlank()) {
                // a continuation whose tab became spaces (an editor or a copy expanded it: pgBadger's queryid.log
                // fixture): still the message's text, not a line to lose
                message.append('\n').append(raw.stripLeading());
                spacedContinuations++;
            } else if (!raw.isBlank()) {
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
                    if (line != null) {
                        interpreter.accept(entry(line, startLine, startOffset, message));
                    }
                    line = next;
                    startLine = lineNumber;
                    startOffset = offsetOfLine();
                    message.setLength(0);
                    message.append(next.message());
                } else {
                    diagnostics.accept(Diagnostic.lost(file, lineNumber, offsetOfLine(),
                            "not a log line for log_line_prefix '" + current.setting() + "' (" + LineShape.of(raw) + "), skipped"));
                }
            }
        }
        if (line != null) {
            interpreter.accept(entry(line, startLine, startOffset, message));
        }
        if (spacedContinuations > 0) {
            diagnostics.accept(new Diagnostic(file, 0, spacedContinuations + " continuation line(s) start with spaces instead of the"
                    + " server's tab (tabs expanded after the log was written?): read as part of the message before them"));
        }
        interpreter.finish();
    }

    private LogEntry entry(LogLinePrefix.LogLine line, long lineNumber, long offset, StringBuilder message) {
        boolean byPid = line.session() == null;
        return new LogEntry(new SourceLocation(file, lineNumber), byPid ? line.pid() : line.session(), byPid,
                line.time(), line.level(), message.toString(), null, offset, line.application());
    }

    /** The byte offset of the line just read, when the reader knows it. */
    private long offsetOfLine() {
        return reader instanceof ReadPosition p ? p.offset() : -1;
    }
}
