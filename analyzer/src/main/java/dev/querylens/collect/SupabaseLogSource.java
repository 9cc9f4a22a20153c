package dev.querylens.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads what Supabase's Logs Explorer exports from its {@code postgres_logs} source: the rows of
 * the explorer's query, copied as JSON (an array of objects) or downloaded as CSV (react-csv: a
 * header of the row's keys, every field quoted, nested values as JSON text). A row holds
 * {@code timestamp} (microseconds since the epoch), {@code event_message} (the server's message
 * without prefix or severity: Supabase keeps csvlog's columns apart) and the csvlog columns the
 * query picked, either flat ({@code parsed.error_severity} selected as {@code error_severity}) or
 * nested as {@code metadata[0].parsed[0]} (a query that selects {@code metadata}). The session is
 * {@code session_id}, else the pid; a query that selected neither gives one session for the file,
 * said in a note.
 *
 * <p>The explorer lists newest first (its queries end in {@code order by timestamp desc}), and the
 * log interpreter needs each session's messages in the order the server wrote them, so the rows
 * are held and put in time order before they are read: up to {@value #MAX_ROWS} rows, which is far
 * more than the explorer returns for one query; past that, reading stops with a diagnostic.
 */
public final class SupabaseLogSource implements ExecutionSource {
    static final int MAX_ROWS = 200_000;
    private static final String FORMAT = "Supabase postgres_logs";
    private final String file;
    private final BufferedReader reader;
    private final boolean csv;
    private final ObjectMapper mapper;

    /** One row, reduced to what the interpreter needs. */
    private record Row(long line, long offset, long micros, String session, boolean byPid, String level, String message,
                       String detail) {
    }

    public SupabaseLogSource(String file, BufferedReader reader, boolean csv, ObjectMapper mapper) {
        this.file = file;
        this.reader = reader;
        this.csv = csv;
        this.mapper = mapper;
    }

    @Override
    public void read(Consumer<Execution> executions, Consumer<Diagnostic> diagnostics) throws IOException {
        List<Row> rows = new ArrayList<>();
        boolean[] full = {false};
        boolean[] sessionless = {false};
        Consumer<Row> add = r -> {
            if (rows.size() >= MAX_ROWS) {
                if (!full[0]) {
                    diagnostics.accept(Diagnostic.lost(file, r.line(), r.offset(), "more than " + MAX_ROWS + " rows in one " + FORMAT
                            + " export: the rows after this one are not read (export a shorter time range per file)"));
                }
                full[0] = true;
                return;
            }
            sessionless[0] |= r.session() == null;
            rows.add(r);
        };
        if (csv) {
            readCsv(add, diagnostics);
        } else {
            JsonRecords.read(file, reader, true, mapper, FORMAT, "event_message", diagnostics, (line, n) -> add.accept(row(line, -1, n)));
        }
        if (sessionless[0]) {
            diagnostics.accept(new Diagnostic(file, 0, FORMAT + " export without session_id or process_id: its rows are read as one"
                    + " session (select parsed.session_id in the Logs Explorer query to tell sessions apart)"));
        }
        if (rows.size() > 1 && rows.get(0).micros() > rows.get(rows.size() - 1).micros()) {
            java.util.Collections.reverse(rows); // newest first, as the explorer lists: rows of one microsecond keep the server's order
        }
        rows.sort(Comparator.comparingLong(Row::micros)); // stable
        LogInterpreter interpreter = new LogInterpreter(SourceKind.SUPABASE, executions, diagnostics);
        for (Row r : rows) {
            interpreter.accept(new LogEntry(new SourceLocation(file, r.line()), r.session() != null ? r.session() : "export",
                    r.byPid(), time(r.micros()), r.level(), r.message(), r.detail(), r.offset()));
        }
        interpreter.finish();
    }

    private Row row(long line, long offset, JsonNode n) {
        JsonNode parsed = n;
        JsonNode metadata = n.get("metadata");
        if (metadata != null && metadata.isTextual()) {
            try {
                metadata = mapper.readTree(metadata.asText()); // a CSV download holds it as JSON text
            } catch (IOException | RuntimeException e) {
                metadata = null;
            }
        }
        if (metadata != null && metadata.isArray() && metadata.size() > 0) {
            JsonNode p = metadata.get(0).get("parsed");
            if (p != null && p.isArray() && p.size() > 0) {
                parsed = p.get(0);
            }
        }
        String session = field(n, parsed, "session_id");
        String pid = field(n, parsed, "process_id");
        String level = field(n, parsed, "error_severity");
        return new Row(line, offset, micros(n.get("timestamp")), session != null ? session : pid, session == null && pid != null,
                level != null ? level.toUpperCase(java.util.Locale.ROOT) : "LOG", JsonLines.text(n, "event_message"),
                field(n, parsed, "detail"));
    }

    /** A column of the row, or of its nested parsed metadata; "null" and "" (what the CSV writes for none) are none. */
    private static String field(JsonNode row, JsonNode parsed, String name) {
        String v = JsonLines.text(row, name);
        if (v == null && parsed != row) {
            v = JsonLines.text(parsed, name);
        }
        return v == null || v.isEmpty() || v.equals("null") ? null : v;
    }

    private void readCsv(Consumer<Row> add, Consumer<Diagnostic> diagnostics) throws IOException {
        CsvRecords records = new CsvRecords(reader);
        ReadPosition position = ReadPosition.of(reader);
        List<String> header = records.next();
        if (header == null) {
            return;
        }
        int message = header.indexOf("event_message");
        if (message < 0) {
            diagnostics.accept(Diagnostic.lost(file, 1, 0, FORMAT + " CSV header without an event_message column ("
                    + header.size() + " columns); nothing read"));
            return;
        }
        for (List<String> fields = records.next(); fields != null; fields = records.next()) {
            long line = records.linesRead();
            if (fields.size() == 1 && fields.get(0).isBlank()) {
                continue;
            }
            if (fields.size() != header.size()) {
                diagnostics.accept(Diagnostic.lost(file, line, position == null ? -1 : position.offset(), FORMAT + " CSV row with "
                        + fields.size() + " fields where the header has " + header.size() + ", skipped"));
                continue;
            }
            com.fasterxml.jackson.databind.node.ObjectNode n = mapper.createObjectNode();
            for (int i = 0; i < header.size(); i++) {
                n.put(header.get(i), fields.get(i));
            }
            add.accept(row(line, position == null ? -1 : position.offset(), n));
        }
        if (records.unclosedQuoteLine() > 0) {
            diagnostics.accept(Diagnostic.lost(file, records.unclosedQuoteLine(), records.unclosedQuoteOffset(), "a quoted field opened"
                    + " in this " + FORMAT + " CSV row is never closed; the rest of the file was read as that field"));
        }
    }

    /** Microseconds since the epoch (the explorer's timestamp), from a number, its text or an ISO time. */
    private static long micros(JsonNode t) {
        if (t == null || t.isNull()) {
            return Long.MIN_VALUE;
        }
        if (t.isNumber()) {
            return t.asLong();
        }
        String s = t.asText().trim();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            try {
                Instant i = Instant.parse(s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$") ? s.replace(' ', 'T') : s.replace(' ', 'T') + "Z");
                return i.getEpochSecond() * 1_000_000 + i.getNano() / 1000;
            } catch (RuntimeException unreadable) {
                return Long.MIN_VALUE;
            }
        }
    }

    private static String time(long micros) {
        if (micros == Long.MIN_VALUE) {
            return null;
        }
        return LogEnvelope.isoTime(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L)
                .toString());
    }
}
