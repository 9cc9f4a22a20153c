package dev.querylens.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Reads CloudNativePG's log (what {@code kubectl logs} gives for a cluster's pod): JSON lines from
 * the instance manager, where the server's own messages are the lines with {@code "msg":"record"},
 * the server's csvlog record turned into a {@code record} object with csvlog's column names
 * (log_time, process_id, session_id, error_severity, message, detail). The manager's other lines
 * (WAL archiving, probes) hold no SQL and are passed over without a diagnostic.
 */
public final class CloudNativePgSource implements ExecutionSource {
    private final String file;
    private final BufferedReader reader;
    private final ObjectMapper mapper;

    public CloudNativePgSource(String file, BufferedReader reader, ObjectMapper mapper) {
        this.file = file;
        this.reader = reader;
        this.mapper = mapper;
    }

    @Override
    public void read(Consumer<Execution> executions, Consumer<Diagnostic> diagnostics) throws IOException {
        LogInterpreter interpreter = new LogInterpreter(SourceKind.CLOUDNATIVEPG, executions, diagnostics);
        JsonLines.read(file, reader, mapper, "CloudNativePG", "msg", diagnostics, (lineNumber, n) -> {
            JsonNode r = n.get("record");
            if (r == null || !r.isObject()) {
                return; // the instance manager's own message
            }
            if (!r.hasNonNull("error_severity")) {
                diagnostics.accept(Diagnostic.lost(file, lineNumber, offset(), "CloudNativePG record without \"error_severity\", skipped"));
                return;
            }
            String session = JsonLines.text(r, "session_id");
            boolean byPid = session == null;
            interpreter.accept(new LogEntry(new SourceLocation(file, lineNumber), byPid ? JsonLines.text(r, "process_id") : session,
                    byPid, JsonLines.text(r, "log_time"), JsonLines.text(r, "error_severity"), JsonLines.text(r, "message"),
                    JsonLines.text(r, "detail"), offset()));
        });
        interpreter.finish();
    }

    private long offset() {
        ReadPosition p = ReadPosition.of(reader);
        return p == null ? -1 : p.offset();
    }
}
