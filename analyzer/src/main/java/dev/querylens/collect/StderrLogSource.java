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
        LogLinePrefix.LineMatcher matcher = prefix.matcher();
        LogLinePrefix.LogLine line = null;
        long startLine = 0;
        long startOffset = -1;
        StringBuilder message = new StringBuilder();
        String raw;
        long lineNumber = 0;
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
            } else if (!raw.isBlank()) {
                diagnostics.accept(Diagnostic.lost(file, lineNumber, offsetOfLine(),
                        "not a log line for log_line_prefix '" + prefix.setting() + "' (" + LineShape.of(raw) + "), skipped"));
            }
        }
        if (line != null) {
            interpreter.accept(entry(line, startLine, startOffset, message));
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
