package dev.querylens.collect;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Expands the paths a user gave (files, directories walked recursively in name order, "-" for
 * standard input) and reads each with the source its content calls for. An unreadable or
 * unrecognisable file becomes a diagnostic; the others are still read.
 */
public final class InputFiles {
    private static final int PROBE_BYTES = 64 * 1024;

    private final LogLinePrefix prefix;
    private final ObjectMapper mapper;
    /** Bytes of the current file read so far (compressed bytes for a compressed file), for progress reports. */
    private final java.util.concurrent.atomic.AtomicLong bytesRead = new java.util.concurrent.atomic.AtomicLong();
    /** .sql files read whose down section (goose, dbmate) was left out, for the run's one line about it. */
    private final java.util.concurrent.atomic.AtomicLong filesWithDownSections = new java.util.concurrent.atomic.AtomicLong();

    /** Walked JSON files that are one document and no input (ForeignJson), in the order met. */
    private final List<String> foreignJson = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Walked files no source recognised whose extension no input has (ForeignExtension), in the order met. */
    private final List<String> foreignExtension = java.util.Collections.synchronizedList(new ArrayList<>());
    private final SourceKind forced;
    private final InflationLimits inflation;
    private final List<DescribedLogFormat> described;
    /** Threads a stderr log is read on (0: as its size and the machine call for), and byte ranges (0: as its size calls for). */
    private final int readers;
    private final int ranges;

    /** @param prefix the server's log_line_prefix, or null to recognise the common ones */
    public InputFiles(LogLinePrefix prefix, ObjectMapper mapper) {
        this(prefix, mapper, null);
    }

    /**
     * @param forced read every file as this kind instead of detecting it (--source-format), or null;
     *               compressed files expand as far as {@link InflationLimits#fromSystemProperties()} lets them
     */
    public InputFiles(LogLinePrefix prefix, ObjectMapper mapper, SourceKind forced) {
        this(prefix, mapper, forced, InflationLimits.fromSystemProperties(), List.of());
    }

    public InputFiles(LogLinePrefix prefix, ObjectMapper mapper, SourceKind forced, InflationLimits inflation) {
        this(prefix, mapper, forced, inflation, List.of());
    }

    /** @param described log formats described in querylens.yaml, recognised before the built-in ones */
    public InputFiles(LogLinePrefix prefix, ObjectMapper mapper, SourceKind forced, List<DescribedLogFormat> described) {
        this(prefix, mapper, forced, InflationLimits.fromSystemProperties(), described);
    }

    public InputFiles(LogLinePrefix prefix, ObjectMapper mapper, SourceKind forced, InflationLimits inflation,
                      List<DescribedLogFormat> described) {
        this(prefix, mapper, forced, inflation, described, Integer.getInteger("querylens.readers", 0), 0);
    }

    private InputFiles(LogLinePrefix prefix, ObjectMapper mapper, SourceKind forced, InflationLimits inflation,
                       List<DescribedLogFormat> described, int readers, int ranges) {
        this.prefix = prefix;
        this.mapper = mapper;
        this.forced = forced;
        this.inflation = inflation;
        this.described = List.copyOf(described);
        this.readers = readers;
        this.ranges = ranges;
    }

    /**
     * These inputs, a stderr log of any size read on {@code readers} threads (1: on one), cut into
     * {@code ranges} byte ranges (0: as many as its size calls for): for tests and benchmarks.
     */
    InputFiles readingIn(int readers, int ranges) {
        return new InputFiles(prefix, mapper, forced, inflation, described, readers, ranges);
    }

    /**
     * The files under the given paths, directories expanded in a stable order (see {@link InputWalk#expand}).
     */
    public static List<Path> expand(List<Path> paths, Consumer<Diagnostic> diagnostics) {
        return InputWalk.expand(paths, diagnostics);
    }

    /**
     * Reads one file; returns the kind it was read as, or null when it was skipped. Nothing the
     * input does escapes as an exception or Error: a failure is a diagnostic saying where reading
     * stopped, and what was read before it is kept.
     */
    public SourceKind read(Path path, Consumer<Execution> executions, Consumer<Diagnostic> diagnostics) {
        return read(path, executions, diagnostics, null);
    }

    /** Reads as above; a log read on a second thread also fingerprints its executions there, for {@code ahead}'s consumer. */
    public SourceKind read(Path path, Consumer<Execution> executions, Consumer<Diagnostic> diagnostics, FingerprintsAhead ahead) {
        return read(path, executions, diagnostics, ahead, false);
    }

    /**
     * Reads as above; {@code walked}: the file was found by walking a directory, not named, so a JSON
     * document that is no input is skipped and counted ({@link #foreignJson}) rather than lost.
     */
    public SourceKind read(Path path, Consumer<Execution> executions, Consumer<Diagnostic> diagnostics, FingerprintsAhead ahead,
                           boolean walked) {
        FileDiagnostics listed = new FileDiagnostics(path.toString(), diagnostics);
        try {
            return read(path, executions, listed, ahead, walked);
        } finally {
            listed.finish();
        }
    }

    /**
     * What a file will be read as, from its first bytes, without reading it (null when it cannot be
     * opened or recognised: reading it says why). Standard input is not probed (it can be read once).
     */
    public SourceKind kindOf(Path path) {
        if (path.toString().equals("-")) {
            return forced;
        }
        try {
            Opened opened = open(path);
            if (opened.unsupported() != null) {
                return null;
            }
            try (InputStream in = opened.stream()) {
                byte[] head = in.readNBytes(PROBE_BYTES);
                String headText = InputText.decodeHead(head);
                InputKind.Detected detected = forced != null ? InputKind.as(forced, headText, prefix)
                        : InputKind.looksBinary(head) ? null
                        : InputKind.detect(Compression.withoutSuffix(path.toString()), headText, prefix, mapper, described);
                return detected == null ? null : detected.kind();
            }
        } catch (IOException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    private SourceKind read(Path path, Consumer<Execution> executions, FileDiagnostics diagnostics, FingerprintsAhead ahead,
                            boolean walked) {
        String name = path.toString();
        Opened opened;
        try {
            opened = open(path);
        } catch (IOException | RuntimeException | LinkageError e) {
            diagnostics.accept(Diagnostic.lost(name, 0, 0, "cannot read: " + ReadFailure.describe(e)));
            return null;
        }
        if (opened.unsupported() != null) {
            diagnostics.accept(Diagnostic.lost(name, 0, 0, opened.unsupported()));
            return null;
        }
        InputText text = null;
        SourceKind kind = null;
        try (InputStream in = opened.stream()) {
            in.mark(PROBE_BYTES);
            byte[] head = in.readNBytes(PROBE_BYTES);
            in.reset();
            String headText = InputText.decodeHead(head);
            InputKind.Detected detected = forced != null ? InputKind.as(forced, headText, prefix)
                    : InputKind.looksBinary(head) ? null
                    : InputKind.detect(Compression.withoutSuffix(name), headText, prefix, mapper, described);
            if (detected == null && walked && opened.compression() == null && ForeignJson.isOneDocument(path)) {
                foreignJson.add(name);
                return null;
            }
            // text only: binary content under any name stays lost input, as a damaged or mis-named input may be binary
            if (detected == null && walked && opened.compression() == null && !InputKind.looksBinary(head)
                    && ForeignExtension.isForeign(path, headText)) {
                foreignExtension.add(name);
                return null;
            }
            if (detected == null) {
                diagnostics.accept(Diagnostic.lost(name, 0, 0, InputKind.looksLikeUtf16WithoutBom(head)
                        ? "looks like UTF-16 text without a byte order mark; re-encode it as UTF-8 (or add a BOM); skipped"
                        : InputKind.looksBinary(head)
                        ? "binary content, not SQL, a log or a plan; skipped"
                        : "not recognised as SQL, a PostgreSQL log (stderr with a known log_line_prefix, csvlog, jsonlog),"
                                + " pg_stat_statements, a JDBC trace, an application's SQL log or an EXPLAIN JSON plan; skipped"
                                + (prefix == null ? " (for a stderr log, give --log-line-prefix)" : "")));
                return null;
            }
            text = new InputText(in);
            kind = detected.kind();
            if (detected.prefixAssumed() != null) {
                diagnostics.accept(Diagnostic.note(name, detected.prefixAssumed()));
            }
            long[] counted = {0};
            boolean[] lost = {false};
            Consumer<Execution> measured = new OversizedStatements(name, diagnostics).watching(e -> {
                counted[0] += e.sql() != null || e.plan() != null ? 1 : 0;
                executions.accept(e);
            });
            Consumer<Diagnostic> noted = d -> {
                lost[0] |= d.inputLost();
                diagnostics.accept(d);
            };
            SplitStderrSource split = opened.compression() == null && text.utf8() && detected.kind() == SourceKind.STDERR_LOG && detected.prefix() != null
                    ? split(path, detected.prefix(), ahead != null) : null;
            if (split != null) {
                try (split) {
                    new PipelinedSource(split, name, split, ahead).read(measured, noted);
                }
            } else {
                read(detected, name, text, measured, ahead, noted);
            }
            if (forced != null && forced != SourceKind.SQL_FILE && counted[0] == 0 && !lost[0] && !headText.isBlank()) {
                // the named format matched nothing: the file's content was not analyzed, and the exit code must say so
                diagnostics.accept(Diagnostic.lost(name, 0, 0, "read as " + forced.label() + " (--source-format) but nothing in it"
                        + " is a statement of that format; nothing was read from it"));
            }
            Diagnostic repairs = split != null ? split.repairNote() : text.repairNote(name);
            if (repairs != null) {
                diagnostics.accept(repairs);
            }
            if (opened.salvage().damage() instanceof InflationLimits.Exceeded limit) {
                diagnostics.accept(Diagnostic.lost(name, text.linesReached(), opened.salvage().delivered(),
                        opened.compression() + " data " + limit.getMessage() + " and analyzed, the rest not"
                                + " (byte offset in the decompressed text)"));
            } else if (opened.salvage().damage() != null) {
                diagnostics.accept(Diagnostic.lost(name, text.linesReached(), opened.salvage().delivered(),
                        (opened.compression() == null ? "input" : opened.compression() + " data")
                                + " damaged here (" + ReadFailure.describe(opened.salvage().damage()) + "; byte offset "
                                + (opened.compression() == null ? "in the file" : "in the decompressed text")
                                + "); everything before it was read, nothing after"));
            }
            return kind;
        } catch (IOException | RuntimeException | Error e) {
            // an Error here (a stack or heap exhausted by the input) is the input's fault, not the JVM's
            long line = text == null ? 0 : text.linesReached();
            long offset = text == null ? 0 : text.bytesConsumed();
            diagnostics.accept(Diagnostic.lost(name, line, offset, "reading stopped: " + ReadFailure.describe(e)
                    + "; what came before was read"));
            return kind; // null when it failed before its kind was known
        }
    }

    private void read(InputKind.Detected detected, String name, InputText text, Consumer<Execution> executions,
                      FingerprintsAhead ahead, Consumer<Diagnostic> diagnostics) throws IOException {
        switch (detected.kind()) {
            // logs and traces can be gigabytes: read them on a second core (see PipelinedSource)
            case STDERR_LOG -> new PipelinedSource(new StderrLogSource(name, text, detected.prefix()), name, text, ahead)
                    .read(executions, diagnostics);
            case CSV_LOG -> new PipelinedSource(new CsvLogSource(name, text), name, text, ahead).read(executions, diagnostics);
            case JSON_LOG -> new PipelinedSource(new JsonLogSource(name, text, mapper), name, text, ahead).read(executions, diagnostics);
            case JDBC_TRACE -> new PipelinedSource(new JdbcTraceSource(name, text, mapper), name, text, ahead).read(executions, diagnostics);
            case PG_STAT_STATEMENTS -> new PgStatStatementsSource(name, text, mapper, detected.json()).read(executions, diagnostics);
            case SQL_FILE -> new SqlFileSource(name, text.readAll(), filesWithDownSections::incrementAndGet).read(executions, diagnostics);
            case EXPLAIN_JSON -> new ExplainJsonSource(name, text.readAll(), mapper).read(executions, diagnostics);
            case SYSLOG, LOGPLEX -> new PipelinedSource(new SyslogLogSource(name, text, detected.kind(), detected.prefix()), name, text, ahead)
                    .read(executions, diagnostics);
            case CLOUD_SQL, CLOUDWATCH -> new PipelinedSource(new JsonWrappedLogSource(name, text, detected.json(), detected.recordsField(),
                    detected.kind(), detected.prefix(), mapper), name, text, ahead).read(executions, diagnostics);
            case CLOUDWATCH_TAIL -> new PipelinedSource(new StderrLogSource(name, text, detected.prefix(), detected.kind(),
                    CloudWatchTailLine::serverLine), name, text, ahead).read(executions, diagnostics);
            case SUPABASE -> new PipelinedSource(new SupabaseLogSource(name, text, !detected.json(), mapper), name, text, ahead)
                    .read(executions, diagnostics);
            case AZURE -> new PipelinedSource(new AzureLogSource(name, text, detected.recordsField(), detected.prefix(), mapper), name, text, ahead)
                    .read(executions, diagnostics);
            case CLOUDNATIVEPG -> new PipelinedSource(new CloudNativePgSource(name, text, mapper), name, text, ahead).read(executions, diagnostics);
            case APP_LOG -> new PipelinedSource(new AppLogSource(name, text, described), name, text, ahead).read(executions, diagnostics);
        }
    }

    /**
     * A reader that splits this stderr log into byte ranges read on several threads, or null when
     * not asked for: the system property {@code querylens.readers=N} (N at least 2) sets N reading
     * threads, the file cut into at least N ranges; without it (or with 1) the log is read on one
     * thread.
     * Only a plain (uncompressed, UTF-8) stderr log is split: a compressed one cannot be entered in
     * the middle, and the other formats' records are read on one thread as before.
     */
    private SplitStderrSource split(Path path, LogLinePrefix logPrefix, boolean fingerprintsAhead) throws IOException {
        if (path.toString().equals("-") || !Files.isRegularFile(path)) {
            return null;
        }
        long size = Files.size(path);
        // off unless asked for: measured on a 2-core machine it cost 70% more CPU and twice the wall time, and the
        // consumer thread (grouping, sequence rules) bounds the wall time however many threads read
        int threads = readers > 0 ? readers : 1;
        if (threads < 2) {
            return null;
        }
        // ranges small enough that the few read ahead of the one interpreted keep memory flat
        long cuts = ranges > 0 ? ranges : Math.max(threads, (size + RANGE_BYTES - 1) / RANGE_BYTES);
        java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(path);
        try {
            long[] starts = LogRanges.cut(channel, size, (int) Math.min(cuts, Integer.MAX_VALUE), logPrefix);
            if (starts.length < 2) {
                channel.close();
                return null;
            }
            return new SplitStderrSource(path.toString(), channel, size, starts, logPrefix, threads, fingerprintsAhead, bytesRead);
        } catch (IOException | RuntimeException e) {
            channel.close();
            return null; // read on one thread, which says what is wrong with the file if anything is
        }
    }

    private static final long RANGE_BYTES = 4L << 20;

    /** How many .sql files read so far held a down section (goose's {@code -- +goose Down}, dbmate's {@code -- migrate:down}) that was not read as statements. */
    public long filesWithDownSections() {
        return filesWithDownSections.get();
    }

    /** The walked files skipped so far because no source recognised them and their extension is no input's. */
    public List<String> foreignExtension() {
        return List.copyOf(foreignExtension);
    }

    /** The distinct extensions of {@link #foreignExtension()}, for the note that counts them. */
    public static String extensionsOf(List<String> files) {
        return ForeignExtension.extensions(files);
    }

    /** The walked JSON files skipped as no input so far. */
    public List<String> foreignJson() {
        return List.copyOf(foreignJson);
    }

    public long bytesRead() {
        return bytesRead.get();
    }

    /** An opened input: the stream to read, its compression, and what ends it where it is damaged. */
    private record Opened(InputStream stream, String compression, SalvagingStream salvage, String unsupported) {
    }

    private Opened open(Path path) throws IOException {
        bytesRead.set(0);
        InputStream raw = new java.io.FilterInputStream(path.toString().equals("-") ? System.in : Files.newInputStream(path)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    bytesRead.addAndGet(n);
                }
                return n;
            }
        };
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        Compression compression = Compression.sniff(buffered);
        InputStream decoded;
        try {
            decoded = compression == null ? buffered : compression.open(buffered);
        } catch (IOException | RuntimeException | LinkageError e) {
            buffered.close();
            return new Opened(null, null, null, compression.label() + " file that cannot be opened ("
                    + (e instanceof LinkageError ? "its decompressor is not available on this platform" : ReadFailure.describe(e))
                    + "); skipped");
        }
        if (compression != null) {
            decoded = inflation.guard(decoded, bytesRead::get);
        }
        SalvagingStream salvage = new SalvagingStream(decoded, compression == null ? 1 << 16 : SalvagingStream.COMPRESSED_CHUNK);
        return new Opened(new BufferedInputStream(salvage, 1 << 16), compression == null ? null : compression.label(), salvage, null);
    }
}
