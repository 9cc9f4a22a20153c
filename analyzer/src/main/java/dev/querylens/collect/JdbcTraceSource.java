package dev.querylens.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A JDBC trace: JSON Lines, one execution per line, as docs/jdbc-trace-format.md defines it. The
 * sequence a statement belongs to is its test, else its request, else its connection: an N+1
 * loop in one test may use several pooled connections.
 */
public final class JdbcTraceSource implements ExecutionSource {
    private final String file;
    private final BufferedReader reader;
    private final ObjectMapper mapper;

    public JdbcTraceSource(String file, BufferedReader reader, ObjectMapper mapper) {
        this.file = file;
        this.reader = reader;
        this.mapper = mapper;
    }

    @Override
    public void read(Consumer<Execution> executions, Consumer<Diagnostic> diagnostics) throws IOException {
        JsonLines.read(file, reader, mapper, "JSON trace", "sql", diagnostics, (lineNumber, n) -> {
            List<String> params = new ArrayList<>();
            n.path("params").forEach(p -> params.add(p.isNull() ? null : p.asText()));
            String session = text(n, "test") != null ? "test:" + text(n, "test")
                    : text(n, "request") != null ? "request:" + text(n, "request")
                    : "connection:" + (text(n, "connection") == null ? "?" : text(n, "connection"));
            double ms = n.has("durationNanos") ? n.get("durationNanos").asLong() / 1_000_000.0 : Double.NaN;
            executions.accept(new Execution(SourceKind.JDBC_TRACE, new SourceLocation(file, lineNumber),
                    JdbcPlaceholders.toPositional(text(n, "sql")), params,
                    session, time(text(n, "timestamp")), ms, null, null, 1, n.path("batch").asInt(0), keys(n)));
        });
    }

    /** The optional masked key sample (docs/jdbc-trace-format.md: resultKeys, resultKeyColumn). */
    private static ResultKeys keys(JsonNode n) {
        if (!n.path("resultKeys").isArray()) {
            return ResultKeys.NONE;
        }
        List<String> hashes = new ArrayList<>();
        n.get("resultKeys").forEach(k -> hashes.add(k.isNull() ? null : k.asText()));
        return new ResultKeys(text(n, "resultKeyColumn"), hashes);
    }

    private static Instant time(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return Instant.parse(iso);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonNode n, String key) {
        return JsonLines.text(n, key);
    }
}
