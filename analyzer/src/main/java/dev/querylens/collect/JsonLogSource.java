package dev.querylens.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.function.Consumer;

/** Reads a PostgreSQL jsonlog (PostgreSQL 15 and later): one JSON object per line. */
public final class JsonLogSource implements ExecutionSource {
    private final String file;
    private final BufferedReader reader;
    private final ObjectMapper mapper;

    public JsonLogSource(String file, BufferedReader reader, ObjectMapper mapper) {
        this.file = file;
        this.reader = reader;
        this.mapper = mapper;
    }

    @Override
    public void read(Consumer<Execution> executions, Consumer<Diagnostic> diagnostics) throws IOException {
        LogInterpreter interpreter = new LogInterpreter(SourceKind.JSON_LOG, executions, diagnostics);
        JsonLines.read(file, reader, mapper, "jsonlog", "error_severity", diagnostics, (lineNumber, n) -> {
            String session = text(n, "session_id");
            boolean byPid = session == null;
            interpreter.accept(new LogEntry(new SourceLocation(file, lineNumber), byPid ? text(n, "pid") : session, byPid,
                    text(n, "timestamp"), text(n, "error_severity"), text(n, "message"), text(n, "detail"), offset(reader),
                    text(n, "application_name")));
        });
        interpreter.finish();
    }

    private static long offset(BufferedReader reader) {
        ReadPosition p = ReadPosition.of(reader);
        return p == null ? -1 : p.offset();
    }

    private static String text(JsonNode n, String key) {
        return JsonLines.text(n, key);
    }
}
