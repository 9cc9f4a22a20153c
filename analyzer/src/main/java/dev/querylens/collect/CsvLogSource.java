package dev.querylens.collect;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a PostgreSQL csvlog (PostgreSQL 13 to 17: the first 23 columns are the same in all of
 * them; 14 added leader_pid and query_id at the end). Records are read one at a time; a quoted
 * field may span lines. The session is the log's session_id, so reused pids never merge.
 */
public final class CsvLogSource implements ExecutionSource {
    static final int TIME = 0;
    static final int PID = 3;
    static final int SESSION = 5;
    static final int SEVERITY = 11;
    static final int MESSAGE = 13;
    static final int DETAIL = 14;
    static final int APPLICATION = 22;
    private static final int MIN_COLUMNS = 15;

    private final String file;
    private final BufferedReader reader;

    public CsvLogSource(String file, BufferedReader reader) {
        this.file = file;
        this.reader = reader;
    }

    @Override
    public void read(Consumer<Execution> executions, Consumer<Diagnostic> diagnostics) throws IOException {
        LogInterpreter interpreter = new LogInterpreter(SourceKind.CSV_LOG, executions, diagnostics);
        CsvRecords records = new CsvRecords(reader);
        List<String> fields;
        ReadPosition position = ReadPosition.of(reader);
        while (true) {
            long start = records.linesRead() + 1;
            long offset = position == null ? -1 : position.consumed();
            fields = records.next();
            if (fields == null) {
                break;
            }
            if (fields.size() == 1 && fields.get(0).isBlank()) {
                continue;
            }
            if (fields.size() < MIN_COLUMNS) {
                diagnostics.accept(Diagnostic.lost(file, start, offset, "not a csvlog record (" + fields.size() + " columns"
                        + (fields.size() == 1 ? ", " + LineShape.of(fields.get(0)) : "") + "), skipped"));
                continue;
            }
            String session = fields.get(SESSION).isEmpty() ? fields.get(PID) : fields.get(SESSION);
            interpreter.accept(new LogEntry(new SourceLocation(file, start), session, fields.get(SESSION).isEmpty(),
                    fields.get(TIME), fields.get(SEVERITY), fields.get(MESSAGE),
                    fields.get(DETAIL).isEmpty() ? null : fields.get(DETAIL), offset,
                    fields.size() > APPLICATION ? fields.get(APPLICATION) : null));
        }
        if (records.unclosedQuoteLine() > 0) {
            diagnostics.accept(Diagnostic.lost(file, records.unclosedQuoteLine(), records.unclosedQuoteOffset(), "a quoted field opened in this record is never"
                    + " closed: the rest of the file was read as part of it"));
        }
        interpreter.finish();
    }
}
