package dev.querylens.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Reads Azure Database for PostgreSQL's server log as diagnostic settings export it
 * ({@link AzureLogRecord}): storage-account blobs of JSON lines, or Event Hubs documents. Each
 * record is one whole server message: its first line starts with the server's log_line_prefix,
 * the lines after it (a multi-line statement, an auto_explain plan) continue it, and the DETAIL
 * that stderr logs as a message of its own is in the same record. The session is %c when the
 * prefix has it, else the pid (from the prefix, or the record's {@code processId}).
 */
public final class AzureLogSource implements ExecutionSource {
    private static final String FORMAT = "PostgreSQLLogs (Azure)";
    private final String file;
    private final BufferedReader reader;
    private final String recordsField;
    private final LogLinePrefix prefix;
    private final ObjectMapper mapper;

    /** @param recordsField "records" for Event Hubs documents, null for JSON lines */
    public AzureLogSource(String file, BufferedReader reader, String recordsField, LogLinePrefix prefix, ObjectMapper mapper) {
        this.file = file;
        this.reader = reader;
        this.recordsField = recordsField;
        this.prefix = prefix;
        this.mapper = mapper;
    }

    @Override
    public void read(Consumer<Execution> executions, Consumer<Diagnostic> diagnostics) throws IOException {
        LogInterpreter interpreter = new LogInterpreter(SourceKind.AZURE, executions, diagnostics);
        LogLinePrefix.LineMatcher matcher = prefix.matcher();
        JsonRecords.read(file, reader, false, recordsField, mapper, FORMAT, "properties", diagnostics, (lineNumber, n) -> {
            if (!AzureLogRecord.isServerLog(n)) {
                return; // another category exported to the same place (sessions, query store): no statements
            }
            JsonNode props = n.get("properties");
            String text = props.isObject() ? AzureLogRecord.serverLine(props) : null;
            if (text == null) {
                diagnostics.accept(Diagnostic.lost(file, lineNumber, offset(), FORMAT + " record without properties.message, skipped"));
                return;
            }
            int end = text.indexOf('\n');
            LogLinePrefix.LogLine line = matcher.match(end < 0 ? text : text.substring(0, end));
            if (line == null) {
                diagnostics.accept(Diagnostic.lost(file, lineNumber, offset(), "not a log line for log_line_prefix '" + prefix.setting()
                        + "' in the record's properties.message (" + LineShape.of(text) + "), skipped"));
                return;
            }
            StringBuilder message = new StringBuilder(line.message());
            if (end >= 0) {
                // the server's newline-tab inside a message; the tab is kept or dropped depending on the export
                for (String more : text.substring(end + 1).split("\n", -1)) {
                    message.append('\n').append(more.startsWith("\t") ? more.substring(1) : more);
                }
            }
            boolean byPid = line.session() == null;
            String pid = line.pid() != null ? line.pid() : JsonLines.text(props, "processId");
            String time = line.time() != null ? line.time() : firstNonNull(JsonLines.text(props, "timestamp"),
                    JsonWrappedLogSource.time(n.get("time")));
            interpreter.accept(new LogEntry(new SourceLocation(file, lineNumber), byPid ? pid : line.session(), byPid, time,
                    line.level(), message.toString(), AzureLogRecord.detail(props), offset()));
        });
        interpreter.finish();
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    private long offset() {
        ReadPosition p = ReadPosition.of(reader);
        return recordsField == null && p != null ? p.offset() : -1;
    }
}
