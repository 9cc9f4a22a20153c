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
        StderrEntries entries = new StderrEntries(file, prefix);
        Consumer<LogEntry> interpret = interpreter::accept;
        String raw;
        long lineNumber = 0;
        while ((raw = reader.readLine()) != null) {
            lineNumber++;
            entries.line(unwrap.apply(raw), lineNumber, offsetOfLine(), interpret, diagnostics);
        }
        entries.flush(interpret);
        Diagnostic spaced = StderrEntries.spacedNote(file, entries.spacedContinuations());
        if (spaced != null) {
            diagnostics.accept(spaced);
        }
        interpreter.finish();
    }

    /** The byte offset of the line just read, when the reader knows it. */
    private long offsetOfLine() {
        return reader instanceof ReadPosition p ? p.offset() : -1;
    }
}
