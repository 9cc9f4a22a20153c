package dev.querylens.collect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Runs a source on its own thread so reading and parsing the input overlaps with what the
 * caller does with each execution (fingerprinting, grouping, sequence rules): two cores instead
 * of one. Executions and diagnostics cross in order, in batches, through a small bounded queue,
 * so the caller sees exactly what a single-threaded read would give, and memory stays flat. With
 * {@link FingerprintsAhead}, the reading thread also fingerprints each execution's statements, so
 * the caller's thread only groups and runs the sequence rules.
 */
final class PipelinedSource implements ExecutionSource {
    private static final int BATCH = 1024;
    private static final List<Object> END = List.of();

    private final ExecutionSource source;
    private final String name;
    private final ReadPosition position;
    private final FingerprintsAhead ahead;

    /** @param position where the source has got to, for saying where a failure stopped it */
    PipelinedSource(ExecutionSource source, String name, ReadPosition position) {
        this(source, name, position, null);
    }

    /** @param ahead when not null, each execution's fingerprints are worked out on the reading thread too */
    PipelinedSource(ExecutionSource source, String name, ReadPosition position, FingerprintsAhead ahead) {
        this.source = source;
        this.name = name;
        this.position = position;
        this.ahead = ahead;
    }

    @Override
    public void read(Consumer<Execution> executions, Consumer<Diagnostic> diagnostics) throws IOException {
        BlockingQueue<List<Object>> queue = new ArrayBlockingQueue<>(8);
        Thread reader = new Thread(() -> {
            List<List<Object>> current = new ArrayList<>(List.of(new ArrayList<>(BATCH)));
            Consumer<Object> add = item -> {
                List<Object> batch = current.get(0);
                batch.add(item);
                if (batch.size() >= BATCH) {
                    put(queue, batch);
                    current.set(0, new ArrayList<>(BATCH));
                }
            };
            // with work ahead, an execution is followed in its batch by what the worker made of it
            java.util.function.Function<Execution, Object> worker = ahead == null ? null
                    : source instanceof SplitStderrSource split ? split.worker(ahead.worker()) : ahead.worker();
            Consumer<Execution> addExecution = worker == null ? add::accept : e -> {
                Object worked = worker.apply(e);
                List<Object> batch = current.get(0);
                batch.add(e);
                batch.add(worked);
                if (batch.size() >= BATCH) {
                    put(queue, batch);
                    current.set(0, new ArrayList<>(BATCH));
                }
            };
            try {
                source.read(addExecution, add::accept);
                if (!current.get(0).isEmpty()) {
                    put(queue, current.get(0));
                }
            } catch (Throwable e) {
                // an Error too: a stack or heap exhausted by the input must not end the thread
                // silently (the run would report 0 executions and exit 0) nor crash the CLI
                current.get(0).add(failed(e)); // after the items read before it, in order
                put(queue, current.get(0));
            } finally {
                put(queue, END);
            }
        }, "querylens-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            for (List<Object> batch = queue.take(); batch != END; batch = queue.take()) {
                for (int k = 0; k < batch.size(); k++) {
                    Object item = batch.get(k);
                    if (item instanceof Execution e) {
                        if (ahead != null) {
                            ahead.delivering(e, batch.get(++k));
                            executions.accept(e);
                            ahead.delivering(null, null);
                        } else {
                            executions.accept(e);
                        }
                    } else {
                        diagnostics.accept((Diagnostic) item);
                    }
                }
            }
            reader.join();
        } catch (InterruptedException e) {
            reader.interrupt();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + name, e);
        }
    }

    /** The failure as a diagnostic: what was read before it stays analyzed. */
    private Diagnostic failed(Throwable e) {
        Throwable cause = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        return Diagnostic.lost(name, position == null ? 0 : position.line(), position == null ? -1 : position.offset(),
                "reading stopped: " + ReadFailure.describe(cause) + "; what came before was read");
    }

    private static void put(BlockingQueue<List<Object>> queue, List<Object> batch) {
        try {
            queue.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("reader interrupted", e);
        }
    }
}
