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
 * so the caller sees exactly what a single-threaded read would give, and memory stays flat.
 */
final class PipelinedSource implements ExecutionSource {
    private static final int BATCH = 1024;
    private static final List<Object> END = List.of();

    private final ExecutionSource source;
    private final String name;

    PipelinedSource(ExecutionSource source, String name) {
        this.source = source;
        this.name = name;
    }

    @Override
    public void read(Consumer<Execution> executions, Consumer<Diagnostic> diagnostics) throws IOException {
        BlockingQueue<List<Object>> queue = new ArrayBlockingQueue<>(8);
        Throwable[] failure = new Throwable[1];
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
            try {
                source.read(add::accept, add::accept);
                if (!current.get(0).isEmpty()) {
                    put(queue, current.get(0));
                }
            } catch (IOException | RuntimeException e) {
                failure[0] = e;
            } finally {
                put(queue, END);
            }
        }, "querylens-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            for (List<Object> batch = queue.take(); batch != END; batch = queue.take()) {
                for (Object item : batch) {
                    if (item instanceof Execution e) {
                        executions.accept(e);
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
        if (failure[0] instanceof IOException io) {
            throw io;
        }
        if (failure[0] instanceof UncheckedIOException io) {
            throw io.getCause();
        }
        if (failure[0] instanceof RuntimeException re) {
            throw re;
        }
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
