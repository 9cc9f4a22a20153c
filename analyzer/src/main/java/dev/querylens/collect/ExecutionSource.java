package dev.querylens.collect;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * A source streams its input as executions, in the order it saw them. It never throws for a bad
 * line: that becomes a diagnostic and reading goes on. IOException is for an unreadable input.
 * Log sources also pass on where a session disconnected, as {@link Execution#sessionEnd} markers
 * ({@link Execution#endsSession()}), which stand for no execution.
 */
public interface ExecutionSource {
    void read(Consumer<Execution> executions, Consumer<Diagnostic> diagnostics) throws IOException;
}
