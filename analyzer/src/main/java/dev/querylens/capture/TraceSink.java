package dev.querylens.capture;

/** Where captured executions go. Implementations must be safe to call from many threads. */
public interface TraceSink extends AutoCloseable {
    void record(TraceRecord record);

    @Override
    default void close() {
    }
}
