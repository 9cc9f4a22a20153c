package dev.querylens.collect;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * An export of the pg_stat_statements view: CSV with a header row (as {@code \copy (SELECT * FROM
 * pg_stat_statements) TO 'f.csv' CSV HEADER} writes it) or JSON (an array of row objects, or one
 * object per line). Any column subset that has {@code query} and {@code calls} works; total time
 * is {@code total_exec_time} (PostgreSQL 13+) or {@code total_time} (12 and before). Each row is
 * one aggregated execution: it feeds the statement groups, not the per-session sequences.
 */
public final class PgStatStatementsSource implements ExecutionSource {
    private final String file;
    private final BufferedReader reader;
    private final ObjectMapper mapper;
    private final boolean json;

    public PgStatStatementsSource(String file, BufferedReader reader, ObjectMapper mapper, boolean json) {
        this.file = file;
        this.reader = reader;
        this.mapper = mapper;
        this.json = json;
    }

    @Override
    public void read(Consumer<Execution> executions, Consumer<Diagnostic> diagnostics) throws IOException {
        if (json) {
            readJson(executions, diagnostics);
        } else {
            readCsv(executions, diagnostics);
        }
    }

    private void readCsv(Consumer<Execution> executions, Consumer<Diagnostic> diagnostics) throws IOException {
        CsvRecords records = new CsvRecords(reader);
        List<String> header = records.next();
        if (header == null) {
            return;
        }
        header = header.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
        int query = header.indexOf("query");
        int calls = header.indexOf("calls");
        int total = header.contains("total_exec_time") ? header.indexOf("total_exec_time") : header.indexOf("total_time");
        int rows = header.indexOf("rows");
        List<String> row;
        ReadPosition position = ReadPosition.of(reader);
        while (true) {
            long line = records.linesRead() + 1;
            long offset = position == null ? -1 : position.consumed();
            row = records.next();
            if (row == null) {
                break;
            }
            if (row.size() == 1 && row.get(0).isBlank()) {
                continue;
            }
            if (row.size() <= Math.max(query, calls)) {
                diagnostics.accept(Diagnostic.lost(file, line, offset, "pg_stat_statements row with " + row.size() + " columns, expected "
                        + header.size() + "; skipped"));
                continue;
            }
            emit(row.get(query), row.get(calls), total >= 0 && total < row.size() ? row.get(total) : null,
                    rows >= 0 && rows < row.size() ? row.get(rows) : null, line, executions, diagnostics);
        }
    }

    private void readJson(Consumer<Execution> executions, Consumer<Diagnostic> diagnostics) throws IOException {
        StringBuilder all = new StringBuilder();
        String raw;
        while ((raw = reader.readLine()) != null) {
            all.append(raw).append('\n');
        }
        // rows are read one at a time (an array's elements too), so the rows before damage in
        // the middle of an array are kept
        String json = all.toString();
        try (JsonParser parser = mapper.getFactory().createParser(json)) {
            long index = 0;
            for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                if (t == JsonToken.START_ARRAY) {
                    continue; // rows inside are read one by one; the END_ARRAY is skipped below
                }
                if (t == JsonToken.END_ARRAY) {
                    continue;
                }
                JsonNode row = mapper.readTree(parser);
                index++;
                emit(text(row, "query"), text(row, "calls"),
                        row.has("total_exec_time") ? text(row, "total_exec_time") : text(row, "total_time"), text(row, "rows"),
                        index, executions, diagnostics);
            }
        } catch (IOException | RuntimeException e) {
            // rows before the damage were emitted already; Jackson's message would quote the text
            var at = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getLocation() : null;
            long offset = at == null || at.getCharOffset() < 0 ? -1 : InputText.utf8Offset(json, at.getCharOffset());
            diagnostics.accept(Diagnostic.lost(file, at == null ? 0 : Math.max(0, at.getLineNr()), offset,
                    "pg_stat_statements JSON export not readable from here (" + ReadFailure.describe(e) + "); the rows before it were read"));
        }
    }

    /** One row; {@code rows} (the rows its calls returned or wrote) may be absent: an export that left the column out. */
    private void emit(String query, String calls, String totalMs, String rows, long row, Consumer<Execution> out, Consumer<Diagnostic> diagnostics) {
        if (query == null || query.isBlank() || calls == null) {
            diagnostics.accept(Diagnostic.lost(file, row, -1, "pg_stat_statements row without query or calls; skipped"));
            return;
        }
        try {
            long n = Long.parseLong(calls.strip());
            double ms = totalMs == null || totalMs.isBlank() ? Double.NaN : Double.parseDouble(totalMs.strip());
            long counted = rows == null || rows.isBlank() ? -1 : Long.parseLong(rows.strip());
            out.accept(Execution.aggregate(SourceKind.PG_STAT_STATEMENTS, new SourceLocation(file, row), PgStatStatementsText.unglued(query), ms, n,
                    counted < 0 ? -1 : counted));
        } catch (NumberFormatException e) {
            diagnostics.accept(Diagnostic.lost(file, row, -1, "pg_stat_statements row with a non-numeric calls, time or rows; skipped"));
        }
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
