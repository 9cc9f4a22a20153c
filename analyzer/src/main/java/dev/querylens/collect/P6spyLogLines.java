package dev.querylens.collect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * p6spy's default log format (SingleLineFormat):
 * {@code <time>|<elapsed ms>|<category>|connection <id>|url <url>|<prepared sql>|<sql with values>}.
 * The {@code statement} category is an execution (commit, rollback, result lines are not). With
 * the {@code batch} category logged (p6spy leaves it out by default: {@code excludecategories}
 * lists it), each addBatch is a {@code batch} line with that row's values, and executeBatch one
 * more that repeats the last row with the batch's elapsed time: the rows become one execution
 * each, marked as one batch, each with an equal share of the batch's time. Two identical rows
 * added one after the other look like the batch's end there (the log does not tell them apart).
 * The values are read back by matching the SQL with values against the prepared SQL, which
 * also tells where one ends and the other begins when the SQL itself holds a {@code |}. Each
 * connection is a session; the time is p6spy's default, epoch milliseconds, when it is a number.
 */
final class P6spyLogLines implements AppLogFormat.Lines {
    private static final Pattern LINE = Pattern.compile("^([^|]*)\\|(\\d+)\\|([a-z]+)\\|connection\\s*(\\d+)\\|(?:url\\s*[^|]*)?\\|(.*)$");

    private final AppLogFormat.Target target;
    /** Per connection, the rows of a batch whose executeBatch line has not come yet. */
    private final java.util.Map<String, Batch> batches = new java.util.LinkedHashMap<>();

    /** A batch being added to: its rows, each with the line it was logged on and its time. */
    private static final class Batch {
        final List<Row> rows = new ArrayList<>();
        String last;
    }

    private record Row(long line, Instant time, String prepared, List<String> params) {
    }

    P6spyLogLines(AppLogFormat.Target target) {
        this.target = target;
    }

    static boolean isStatement(String line) {
        Matcher m = LINE.matcher(line);
        return m.matches() && (m.group(3).equals("statement") || m.group(3).equals("batch"));
    }

    @Override
    public void line(long lineNumber, long offset, String raw) {
        Matcher m = LINE.matcher(raw);
        if (!m.matches()) {
            return;
        }
        String category = m.group(3);
        String connection = "connection:" + m.group(4);
        boolean batch = category.equals("batch");
        if (!batch && !category.equals("statement")) {
            return;
        }
        Bound bound = split(m.group(5));
        if (bound == null) {
            target.diagnostics().accept(Diagnostic.lost(target.file(), lineNumber, offset,
                    "p6spy " + category + " line whose SQL with values does not match its prepared SQL (" + LineShape.of(raw) + "), skipped"));
            return;
        }
        Instant time = m.group(1).matches("\\d{10,16}") ? Instant.ofEpochMilli(Long.parseLong(m.group(1))) : null;
        double elapsed = Double.parseDouble(m.group(2));
        if (batch) {
            Batch b = batches.computeIfAbsent(connection, k -> new Batch());
            if (m.group(5).equals(b.last)) {
                batches.remove(connection);
                emit(connection, b, elapsed); // executeBatch: the last row again, with the batch's time
            } else {
                b.rows.add(new Row(lineNumber, time, bound.prepared(), bound.params()));
                b.last = m.group(5);
                if (b.rows.size() >= LoggedStatementLines.MAX_BATCH_ROWS) {
                    batches.remove(connection);
                    emit(connection, b, Double.NaN);
                }
            }
            return;
        }
        Batch open = batches.remove(connection);
        if (open != null) {
            emit(connection, open, Double.NaN); // its executeBatch line is missing: the rows still ran, time unknown
        }
        target.executions().accept(new Execution(SourceKind.APP_LOG, new SourceLocation(target.file(), lineNumber),
                JdbcPlaceholders.toPositional(bound.prepared()), bound.params(), connection, time, elapsed, null, null));
    }

    private void emit(String connection, Batch b, double elapsedMs) {
        for (Row r : b.rows) {
            target.executions().accept(new Execution(SourceKind.APP_LOG, new SourceLocation(target.file(), r.line()),
                    JdbcPlaceholders.toPositional(r.prepared()), r.params(), connection, r.time(), elapsedMs / b.rows.size(),
                    null, null, 1, b.rows.size()));
        }
    }

    private record Bound(String prepared, List<String> params) {
    }

    /** The prepared SQL and the values p6spy put in place of its ?s, trying each | as the boundary. */
    private static Bound split(String rest) {
        for (int i = rest.indexOf('|'); i >= 0; i = rest.indexOf('|', i + 1)) {
            String prepared = rest.substring(0, i);
            List<String> params = values(prepared, rest.substring(i + 1));
            if (params != null) {
                return new Bound(prepared, params);
            }
        }
        return null;
    }

    /** The values in {@code filled} where {@code prepared} has a ?, or null when they do not match. */
    private static List<String> values(String prepared, String filled) {
        String[] parts = prepared.split("\\?", -1);
        if (parts.length > ParameterList.MAX_INDEX) {
            return null;
        }
        StringBuilder regex = new StringBuilder();
        for (int k = 0; k < parts.length; k++) {
            regex.append(k == 0 ? "" : "(NULL|'[^']*+(?:''[^']*+)*+'|[^\\s,)]*)").append(Pattern.quote(parts[k]));
        }
        Matcher m = Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(filled);
        if (!m.matches()) {
            return null;
        }
        List<String> params = new ArrayList<>();
        for (int g = 1; g <= m.groupCount(); g++) {
            String v = m.group(g);
            params.add(v.equals("NULL") ? null : v.startsWith("'") ? v.substring(1, v.length() - 1).replace("''", "'") : v);
        }
        return params;
    }

    @Override
    public void finish() {
        batches.forEach((connection, b) -> emit(connection, b, Double.NaN));
        batches.clear();
    }
}
