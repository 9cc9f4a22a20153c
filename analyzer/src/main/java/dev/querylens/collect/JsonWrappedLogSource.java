package dev.querylens.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a log export whose JSON entries each hold one line the server wrote, prefix and all:
 * Google Cloud SQL and AlloyDB (Cloud Logging entries, the line in {@code textPayload}, the time
 * in {@code timestamp}), and CloudWatch Logs events ({@code message}, as JSON lines or inside the
 * {@code {"events":[...]}} document the AWS CLI prints). The server's syslog-style chunks arrive as separate entries: an entry
 * that starts with a tab continues the message before it on a new line. The session is the pid
 * from the prefix ({@code [%p]}), or %c when the prefix has it. AlloyDB's entries (resource type
 * {@code alloydb.googleapis.com/Instance}) hold the whole stderr line, time and "[pid]: [n-1]"
 * included, with the source file and line AlloyDB adds after the level ("ERROR:  [nbtinsert.c:671]
 *  duplicate key ...", pgBadger issue #762, pganalyze collector issue #272 / PR #302), peeled here.
 */
public final class JsonWrappedLogSource implements ExecutionSource {
    private final String file;
    private final BufferedReader reader;
    private final boolean array;
    private final String recordsField;
    private final LogLinePrefix prefix;
    private final ObjectMapper mapper;
    private final SourceKind kind;

    public JsonWrappedLogSource(String file, BufferedReader reader, boolean array, SourceKind kind, LogLinePrefix prefix,
                                ObjectMapper mapper) {
        this(file, reader, array, null, kind, prefix, mapper);
    }

    /** @param recordsField the field of a document that holds the entries (CloudWatch's "events"), or null */
    public JsonWrappedLogSource(String file, BufferedReader reader, boolean array, String recordsField, SourceKind kind,
                                LogLinePrefix prefix, ObjectMapper mapper) {
        this.file = file;
        this.reader = reader;
        this.array = array;
        this.recordsField = recordsField;
        this.kind = kind;
        this.prefix = prefix;
        this.mapper = mapper;
    }

    /** Cloud SQL's "[pid]: " and the server's "[n-k] " chunk number before the log_line_prefix. */
    private static final Pattern CHUNK = Pattern.compile("(?:\\[(\\d+)\\]: )?\\[\\d+-\\d+\\] ?");

    /** The "[file.c:line]  " AlloyDB writes before a message's text. */
    private static final Pattern ALLOYDB_SOURCE = Pattern.compile("^\\[[A-Za-z0-9_.-]+\\.c:\\d+\\] {1,2}");

    /** Whether a Cloud Logging entry comes from AlloyDB, by its resource type or log name. */
    static boolean isAlloyDb(JsonNode entry) {
        return entry.path("resource").path("type").asText().startsWith("alloydb.")
                || entry.path("logName").asText().contains("/logs/alloydb.googleapis.com");
    }

    /** The field that holds the server's line. */
    static String payloadField(SourceKind kind) {
        return kind == SourceKind.CLOUDWATCH ? "message" : "textPayload";
    }

    @Override
    public void read(Consumer<Execution> executions, Consumer<Diagnostic> diagnostics) throws IOException {
        LogInterpreter interpreter = new LogInterpreter(kind, executions, diagnostics);
        LogLinePrefix.LineMatcher matcher = prefix.matcher();
        String field = payloadField(kind);
        Open open = new Open();
        JsonRecords.read(file, reader, array, recordsField, mapper, kind.label(), field, diagnostics, (lineNumber, n) -> {
            String text = n.get(field).asText();
            // only AlloyDB's entries: another server's message may start with a bracketed name
            boolean alloyDb = kind == SourceKind.CLOUD_SQL && isAlloyDb(n);
            boolean first = true;
            for (String line : text.split("\n", -1)) {
                String part = line;
                boolean within = !first;
                first = false;
                if (part.startsWith("\t") && open.line != null) {
                    open.message.append('\n').append(part, 1, part.length());
                    continue;
                }
                if (part.isBlank()) {
                    continue;
                }
                Matcher peel = CHUNK.matcher(part);
                String pid = null;
                if (peel.lookingAt()) {
                    pid = peel.group(1);
                    part = part.substring(peel.end());
                    if (part.startsWith("\t") && open.line != null) {
                        open.message.append('\n').append(part, 1, part.length());
                        continue;
                    }
                }
                LogLinePrefix.LogLine next = matcher.match(part);
                if (next == null && alloyDb && within && open.line != null) {
                    // AlloyDB gives a message one entry: its later lines belong to it, tab or not
                    open.message.append('\n').append(line);
                    continue;
                }
                if (next == null) {
                    diagnostics.accept(Diagnostic.lost(file, lineNumber, -1, "not a log line for log_line_prefix '" + prefix.setting()
                            + "' in the " + kind.label() + " entry's \"" + field + "\" (" + LineShape.of(part) + "), skipped"));
                    continue;
                }
                flush(open, interpreter);
                open.line = next;
                open.pid = pid != null ? pid : next.pid();
                open.lineNumber = lineNumber;
                open.time = next.time() != null ? next.time() : time(n.get("timestamp"));
                open.message.append(alloyDb ? ALLOYDB_SOURCE.matcher(next.message()).replaceFirst("") : next.message());
            }
        });
        flush(open, interpreter);
        interpreter.finish();
    }

    /** The message being assembled from an entry and the continuation entries after it. */
    private static final class Open {
        LogLinePrefix.LogLine line;
        String pid;
        long lineNumber;
        String time;
        final StringBuilder message = new StringBuilder();
    }

    private void flush(Open open, LogInterpreter interpreter) {
        LogLinePrefix.LogLine line = open.line;
        if (line != null) {
            boolean byPid = line.session() == null;
            interpreter.accept(new LogEntry(new SourceLocation(file, open.lineNumber), byPid ? open.pid : line.session(), byPid,
                    open.time, line.level(), open.message.toString(), null, -1));
        }
        open.line = null;
        open.message.setLength(0);
    }

    /** An ISO time string, or epoch milliseconds (CloudWatch), as the interpreter's "yyyy-MM-dd HH:mm:ss.fff". */
    static String time(JsonNode t) {
        if (t == null || t.isNull()) {
            return null;
        }
        if (t.isNumber()) {
            return LogEnvelope.isoTime(Instant.ofEpochMilli(t.asLong()).toString());
        }
        return LogEnvelope.isoTime(t.asText());
    }
}
