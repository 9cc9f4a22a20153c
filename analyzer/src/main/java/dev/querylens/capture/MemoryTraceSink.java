package dev.querylens.capture;

import java.util.ArrayList;
import java.util.List;

/** Keeps captured executions in memory, in order, for a test to inspect. */
public final class MemoryTraceSink implements TraceSink {
    private final List<TraceRecord> records = new ArrayList<>();

    @Override
    public synchronized void record(TraceRecord record) {
        records.add(record);
    }

    public synchronized List<TraceRecord> records() {
        return List.copyOf(records);
    }

    public synchronized void clear() {
        records.clear();
    }
}
