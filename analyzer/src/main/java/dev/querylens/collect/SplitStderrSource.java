package dev.querylens.collect;

import dev.querylens.sql.RecentFingerprints;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads one large stderr log on several threads, with exactly the result of reading it on one
 * ({@link StderrLogSource}). The log is cut into byte ranges at lines that begin an entry
 * ({@link LogRanges}); worker threads turn each range into its entries, and for each statement
 * its text and fingerprints ({@link FingerprintsAhead}), which depend on the entry alone. Only
 * that stateless part runs in parallel: the entries are handed, in file order, to the one
 * {@link LogInterpreter} on the calling thread, which pairs statements with their durations,
 * parameters and plans per session as it always did.
 *
 * <p>What a worker cannot know is carried across a cut, or the range is read again here:
 * <ul>
 * <li>Line numbers: a worker counts from its range's start; the entries are renumbered once the
 * lines of the ranges before are known. Byte offsets are the file's from the start.</li>
 * <li>The prefix: a worker knows only the log's first prefix. Its range is used as read only if
 * every line in it fit that prefix, continued an entry or was blank, and the lines before the cut
 * had that prefix too; otherwise (a changed log_line_prefix, a line lost, a failure) the range is
 * read again on this thread, from the state the ranges before it left.</li>
 * <li>Counts for the end of the file (continuations indented with spaces, characters repaired)
 * are summed in order.</li>
 * </ul>
 * At most a few ranges are read ahead of the one being interpreted, so memory stays bounded
 * however large the log.
 */
final class SplitStderrSource implements ExecutionSource, ReadPosition, java.io.Closeable {
    private final String file;
    private final FileChannel channel;
    private final long size;
    private final long[] starts;
    private final LogLinePrefix prefix;
    private final int threads;
    private final boolean fingerprintsAhead;
    private final AtomicLong bytesRead;
    /** The execution texts cut out ahead, and their fingerprints worked out ahead; the interpreting thread only. */
    private final Map<String, Object> ahead = new IdentityHashMap<>();

    private long repairs;
    private int readAgain;
    private long firstRepairLine;
    private long firstRepairOffset = -1;
    private volatile long line;
    private volatile long offset;

    /**
     * @param starts            where each range starts ({@link LogRanges#cut}), the first at 0
     * @param threads           worker threads
     * @param fingerprintsAhead whether the workers fingerprint the statements too (someone will ask)
     * @param bytesRead         counts the bytes read, for progress; may be null
     */
    SplitStderrSource(String file, FileChannel channel, long size, long[] starts, LogLinePrefix prefix, int threads,
                      boolean fingerprintsAhead, AtomicLong bytesRead) {
        this.file = file;
        this.channel = channel;
        this.size = size;
        this.starts = starts.clone();
        this.prefix = prefix;
        this.threads = Math.max(1, Math.min(threads, starts.length));
        this.fingerprintsAhead = fingerprintsAhead;
        this.bytesRead = bytesRead;
    }

    int ranges() {
        return starts.length;
    }

    /** How many ranges the last read read again on the interpreting thread (their lines left the first prefix, or a worker failed). */
    int readAgain() {
        return readAgain;
    }

    /**
     * An entry; the statement text {@link LogStatementText#of} cut from it (or null) and what was
     * worked out for that text; and the line (of the range) and offset the single reader is at when
     * it passes the entry on (the line after it, which starts the next), for saying where a failure stopped it.
     */
    private record Read(LogEntry entry, String sql, Object worked, long atLine, long atOffset) {
    }

    /** What a worker made of one range. */
    private static final class Range {
        /** Entries ({@link Read}) and diagnostics, in the order the single reader gives them. */
        final List<Object> items = new ArrayList<>();
        long lines;
        boolean diagnosed;
        StderrEntries entries;
        InputText text;
        Throwable failure;
    }

    @Override
    public void read(Consumer<Execution> executions, Consumer<Diagnostic> diagnostics) throws IOException {
        LogInterpreter interpreter = new LogInterpreter(SourceKind.STDERR_LOG, executions, diagnostics);
        Consumer<LogEntry> interpret = interpreter::accept;
        Workers workers = new Workers();
        try {
            StderrEntries prefixes = null; // the prefixes the lines so far left known, and the entry read here and not yet passed on
            long linesBefore = 0;
            long spaced = 0;
            for (int k = 0; k < starts.length; k++) {
                Range r = workers.take(k);
                boolean usable = r.failure == null
                        && (k == 0 || (!r.diagnosed && r.entries.onFirstPrefixOnly() && prefixes.onFirstPrefix()));
                if (usable) {
                    if (prefixes != null) {
                        line = linesBefore + 1; // the single reader passes the last entry on at this range's first line
                        offset = starts[k];
                        prefixes.flush(interpret);
                    }
                    for (Object item : r.items) {
                        if (item instanceof Diagnostic d) {
                            diagnostics.accept(d);
                        } else {
                            interpret(interpreter, item, linesBefore);
                        }
                    }
                    if (k == 0) {
                        prefixes = r.entries; // what its lines taught it about prefixes is the log's, from the start
                    } else {
                        spaced += r.entries.spacedContinuations();
                    }
                    repaired(r.text, linesBefore);
                    linesBefore += r.lines;
                } else {
                    prefixes = prefixes == null ? new StderrEntries(file, prefix) : prefixes;
                    linesBefore += readHere(k, prefixes, linesBefore, interpret, diagnostics);
                    readAgain++;
                }
                workers.done();
            }
            if (prefixes != null) {
                prefixes.flush(interpret);
                spaced += prefixes.spacedContinuations();
            }
            Diagnostic note = StderrEntries.spacedNote(file, spaced);
            if (note != null) {
                diagnostics.accept(note);
            }
            interpreter.finish();
        } finally {
            workers.stop();
        }
    }

    /** An entry a worker read, renumbered from its range's lines to the file's, to the interpreter. */
    private void interpret(LogInterpreter interpreter, Object item, long linesBefore) {
        Read read = (Read) item;
        LogEntry e = read.entry();
        if (linesBefore > 0) {
            e = new LogEntry(new SourceLocation(file, e.location().line() + linesBefore), e.session(), e.byPidOnly(), e.time(),
                    e.level(), e.message(), e.detail(), e.offset(), e.application());
        }
        line = read.atLine() + linesBefore;
        offset = read.atOffset();
        if (read.sql() == null) {
            interpreter.accept(e);
            return;
        }
        if (read.worked() != null) {
            ahead.put(read.sql(), read.worked());
        }
        if (!interpreter.accept(e, read.sql())) {
            ahead.remove(read.sql());
        }
    }

    /**
     * Range {@code k} read on this thread, as the single reader reads it, going on from {@code prefixes};
     * returns its lines.
     */
    private long readHere(int k, StderrEntries prefixes, long linesBefore, Consumer<LogEntry> interpret,
                          Consumer<Diagnostic> diagnostics) throws IOException {
        InputText text = open(k, null);
        long local = 0;
        String raw;
        while ((raw = text.readLine()) != null) {
            local++;
            line = linesBefore + local;
            offset = text.offset();
            prefixes.line(raw, linesBefore + local, text.offset(), interpret, diagnostics);
        }
        repaired(text, linesBefore);
        return local;
    }

    private InputText open(int k, AtomicLong counted) throws IOException {
        long end = k + 1 < starts.length ? starts[k + 1] : size;
        InputStream in = LogRanges.stream(channel, starts[k], end, counted);
        return k == 0 ? new InputText(in) : new InputText(in, starts[k]);
    }

    private void repaired(InputText text, long linesBefore) {
        if (text.repairs() > 0 && repairs == 0) {
            firstRepairLine = text.firstRepairLine() + linesBefore;
            firstRepairOffset = text.firstRepairOffset();
        }
        repairs += text.repairs();
    }

    /** One range read by a worker: its entries, each statement's text and fingerprints cut out ahead. */
    private Range readRange(int k, RecentFingerprints recent) {
        Range r = new Range();
        try {
            InputText text = open(k, bytesRead);
            r.text = text;
            StderrEntries entries = new StderrEntries(file, prefix);
            r.entries = entries;
            long[] at = {0, -1}; // where the single reader is when it passes an entry on
            Consumer<LogEntry> add = e -> {
                LogStatementText statement = LogStatementText.of(e);
                if (statement == null) {
                    r.items.add(new Read(e, null, null, at[0], at[1]));
                } else {
                    String sql = statement.sql();
                    // an execute's parameters come in a later entry: guessed from whether its text has placeholders
                    Object worked = fingerprintsAhead
                            ? FingerprintsAhead.ahead(sql, statement.extended() && sql.indexOf('$') >= 0, recent) : null;
                    r.items.add(new Read(e, sql, worked, at[0], at[1]));
                }
            };
            Consumer<Diagnostic> diagnosed = d -> {
                r.diagnosed = true;
                r.items.add(d);
            };
            String raw;
            while ((raw = text.readLine()) != null) {
                r.lines++;
                at[0] = r.lines;
                at[1] = text.offset();
                entries.line(raw, r.lines, text.offset(), add, diagnosed);
            }
            if (k + 1 < starts.length) { // the last entry goes on at the next range's first line
                at[0] = r.lines + 1;
                at[1] = starts[k + 1];
            }
            entries.flush(add);
        } catch (Throwable e) {
            // read again on the interpreting thread, where a failure is reported as the single reader reports it
            r.items.clear();
            r.failure = e;
        }
        return r;
    }

    /** The worker threads, which read at most a few ranges ahead of the one being interpreted. */
    private final class Workers {
        private final Range[] done = new Range[starts.length];
        private final AtomicInteger next = new AtomicInteger();
        private final Semaphore window = new Semaphore(threads + 1);
        private final List<Thread> running = new ArrayList<>();
        private volatile boolean stopped;

        Workers() {
            for (int t = 0; t < threads; t++) {
                Thread worker = new Thread(this::work, "querylens-range-reader-" + (t + 1));
                worker.setDaemon(true);
                running.add(worker);
                worker.start();
            }
        }

        private void work() {
            RecentFingerprints recent = new RecentFingerprints();
            try {
                while (!stopped) {
                    window.acquire();
                    int k = next.getAndIncrement();
                    if (k >= starts.length) {
                        return;
                    }
                    Range r = readRange(k, recent);
                    synchronized (done) {
                        done[k] = r;
                        done.notifyAll();
                    }
                }
            } catch (InterruptedException e) {
                // stopped
            }
        }

        /** Range k as a worker read it, once it has. */
        Range take(int k) throws IOException {
            synchronized (done) {
                try {
                    while (done[k] == null) {
                        done.wait();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while reading " + file, e);
                }
                Range r = done[k];
                done[k] = null;
                return r;
            }
        }

        /** A range was interpreted: another may be read ahead. */
        void done() {
            window.release();
        }

        void stop() {
            stopped = true;
            running.forEach(Thread::interrupt);
        }
    }

    /** For the consumer's fingerprint worker: what was worked out ahead for this execution's text, else {@code fallback}'s. */
    Function<Execution, Object> worker(Function<Execution, Object> fallback) {
        return e -> {
            Object worked = e.sql() == null ? null : ahead.remove(e.sql());
            Object confirmed = worked == null ? null : FingerprintsAhead.confirmed(worked, e);
            return confirmed != null ? confirmed : fallback.apply(e);
        };
    }

    /** The note for characters repaired anywhere in the log, as the single reader gives it; null when none were. */
    Diagnostic repairNote() {
        return InputText.repairNote(file, repairs, firstRepairLine, firstRepairOffset);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public long line() {
        return line;
    }

    @Override
    public long offset() {
        return offset;
    }

    @Override
    public long consumed() {
        return offset;
    }
}
