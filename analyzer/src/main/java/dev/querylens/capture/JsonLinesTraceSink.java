package dev.querylens.capture;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes executions as JSON Lines (docs/jdbc-trace-format.md), buffered: a line costs a few
 * hundred nanoseconds of the calling thread and no I/O until the buffer fills.
 */
public final class JsonLinesTraceSink implements TraceSink {
    private final Writer out;
    private final JsonGenerator json;

    public JsonLinesTraceSink(Writer out) {
        this.out = out;
        try {
            this.json = new JsonFactory().createGenerator(out);
            json.setRootValueSeparator(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonLinesTraceSink appendingTo(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new JsonLinesTraceSink(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    }

    @Override
    public synchronized void record(TraceRecord r) {
        try {
            json.writeStartObject();
            json.writeStringField("sql", r.sql());
            json.writeArrayFieldStart("params");
            for (String p : r.params()) {
                if (p == null) {
                    json.writeNull();
                } else {
                    json.writeString(p);
                }
            }
            json.writeEndArray();
            json.writeStringField("connection", r.connection());
            json.writeStringField("thread", r.thread());
            if (r.tx() != null) {
                json.writeStringField("tx", r.tx());
            }
            json.writeNumberField("batch", r.batch());
            json.writeNumberField("startNanos", r.startNanos());
            json.writeNumberField("durationNanos", r.durationNanos());
            json.writeNumberField("rows", r.rows());
            if (r.test() != null) {
                json.writeStringField("test", r.test());
            }
            if (r.request() != null) {
                json.writeStringField("request", r.request());
            }
            if (!r.resultKeys().isEmpty()) {
                if (r.resultKeys().column() != null) {
                    json.writeStringField("resultKeyColumn", r.resultKeys().column());
                }
                json.writeArrayFieldStart("resultKeys");
                for (String k : r.resultKeys().hashes()) {
                    if (k == null) {
                        json.writeNull();
                    } else {
                        json.writeString(k);
                    }
                }
                json.writeEndArray();
            }
            json.writeEndObject();
            json.flush(); // into the buffered writer, not to disk
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void flush() {
        try {
            json.flush();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            json.close();
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
