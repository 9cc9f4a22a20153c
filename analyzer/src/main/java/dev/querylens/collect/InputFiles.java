package dev.querylens.collect;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Expands the paths a user gave (files, directories walked recursively in name order, "-" for
 * standard input) and reads each with the source its content calls for. An unreadable or
 * unrecognisable file becomes a diagnostic; the others are still read.
 */
public final class InputFiles {
    private static final int PROBE_BYTES = 64 * 1024;

    private final LogLinePrefix prefix;
    private final ObjectMapper mapper;
    /** Bytes of the current file read so far (compressed bytes for .gz), for progress reports. */
    private final java.util.concurrent.atomic.AtomicLong bytesRead = new java.util.concurrent.atomic.AtomicLong();

    private final SourceKind forced;

    /** @param prefix the server's log_line_prefix, or null to recognise the common ones */
    public InputFiles(LogLinePrefix prefix, ObjectMapper mapper) {
        this(prefix, mapper, null);
    }

    /** @param forced read every file as this kind instead of detecting it (--source-format), or null */
    public InputFiles(LogLinePrefix prefix, ObjectMapper mapper, SourceKind forced) {
        this.prefix = prefix;
        this.mapper = mapper;
        this.forced = forced;
    }

    /** The files under the given paths, directories expanded, hidden files skipped, in a stable order. */
    public static List<Path> expand(List<Path> paths, Consumer<Diagnostic> diagnostics) {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (p.toString().equals("-")) {
                files.add(p);
            } else if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile)
                            .filter(f -> !f.getFileName().toString().startsWith("."))
                            .sorted()
                            .forEach(files::add);
                } catch (IOException e) {
                    diagnostics.accept(new Diagnostic(p.toString(), 0, "cannot list directory: " + e.getMessage()));
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                diagnostics.accept(new Diagnostic(p.toString(), 0, "no such file or directory"));
            }
        }
        return files;
    }

    /** Reads one file; returns the kind it was read as, or null when it was skipped. */
    public SourceKind read(Path path, Consumer<Execution> executions, Consumer<Diagnostic> diagnostics) {
        String name = path.toString();
        try (InputStream in = open(path)) {
            in.mark(PROBE_BYTES);
            byte[] head = in.readNBytes(PROBE_BYTES);
            in.reset();
            InputKind.Detected detected = forced != null ? InputKind.as(forced, head, prefix)
                    : InputKind.detect(name.replaceFirst("\\.gz$", ""), head, prefix, mapper);
            if (detected == null) {
                diagnostics.accept(new Diagnostic(name, 0, InputKind.looksBinary(head)
                        ? "binary content, not SQL, a log or a plan; skipped"
                        : "not recognised as SQL, a PostgreSQL log (stderr with a known log_line_prefix, csvlog, jsonlog),"
                                + " pg_stat_statements, a JDBC trace or an EXPLAIN JSON plan; skipped"
                                + (prefix == null ? " (for a stderr log, give --log-line-prefix)" : "")));
                return null;
            }
            SourceKind kind = detected.kind();
            switch (kind) {
                // logs and traces can be gigabytes: read them on a second core (see PipelinedSource)
                case STDERR_LOG -> new PipelinedSource(new StderrLogSource(name, reader(in), detected.prefix()), name)
                        .read(executions, diagnostics);
                case CSV_LOG -> new PipelinedSource(new CsvLogSource(name, reader(in)), name).read(executions, diagnostics);
                case JSON_LOG -> new PipelinedSource(new JsonLogSource(name, reader(in), mapper), name).read(executions, diagnostics);
                case JDBC_TRACE -> new PipelinedSource(new JdbcTraceSource(name, reader(in), mapper), name).read(executions, diagnostics);
                case PG_STAT_STATEMENTS -> new PgStatStatementsSource(name, reader(in), mapper, detected.json()).read(executions, diagnostics);
                case SQL_FILE -> new SqlFileSource(name, new String(in.readAllBytes(), StandardCharsets.UTF_8)).read(executions, diagnostics);
                case EXPLAIN_JSON -> new ExplainJsonSource(name, new String(in.readAllBytes(), StandardCharsets.UTF_8), mapper)
                        .read(executions, diagnostics);
            }
            return kind;
        } catch (IOException | java.io.UncheckedIOException e) {
            diagnostics.accept(new Diagnostic(name, 0, "cannot read: " + e.getMessage()));
            return null;
        }
    }

    public long bytesRead() {
        return bytesRead.get();
    }

    private InputStream open(Path path) throws IOException {
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
        buffered.mark(2);
        int b1 = buffered.read();
        int b2 = buffered.read();
        buffered.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16);
        }
        return buffered;
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }
}
