package dev.querylens.collect;

import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Django's {@code django.db.backends} logger at DEBUG: {@code (0.001) <sql>; args=<params>}, and
 * since Django 4.0 {@code ; alias=<database>} after them. The duration is in seconds. With
 * PostgreSQL the SQL is the text psycopg sent, values already inlined (Django logs
 * {@code cursor.query}), so the values come from the SQL as they do in the server's log; an
 * executemany logs its {@code %s} text with a list of rows, which become one execution each.
 * Whatever a logging formatter put in front of the {@code (} is skipped (its time, when it starts
 * with one, is the statement's). The schema editor's own lines ({@code <sql>; (params ...)}, from
 * {@code django.db.backends.schema}) repeat statements the backend logs anyway, and are skipped.
 * A statement with newlines spans lines; its last ends with the args. Django's introspection
 * queries start on the next line: {@code (0.038) } ends its line, and the statement follows.
 */
final class DjangoLogLines implements AppLogFormat.Lines {
    private static final Pattern START = Pattern.compile("^((?:.*?[\\s:])?)\\((\\d+\\.\\d{3})\\)(?: (\\S.*)| ?)$");
    private static final Pattern ARGS = Pattern.compile("^(.*); args=(.*?)(?:; alias=(\\w+))?$", Pattern.DOTALL);
    private static final Pattern STATEMENT = Pattern.compile("\\(\\d+\\.\\d{3}\\) \\S.*; args=(?:\\(|\\[|None|\\{).*");
    static final int MAX_LINES = 500;

    private final AppLogFormat.Target target;
    private final LogLineTime times = new LogLineTime();
    private Pending pending;

    private static final class Pending {
        final long line;
        final Instant time;
        final double ms;
        final StringBuilder text;
        int lines = 1;

        Pending(long line, Instant time, double ms, String text) {
            this.line = line;
            this.time = time;
            this.ms = ms;
            this.text = new StringBuilder(text);
        }
    }

    DjangoLogLines(AppLogFormat.Target target) {
        this.target = target;
    }

    static boolean isStatement(String line) {
        return STATEMENT.matcher(AnsiCodes.strip(line)).find();
    }

    @Override
    public void line(long lineNumber, long offset, String raw) {
        String line = AnsiCodes.strip(raw);
        Matcher start = START.matcher(line);
        if (start.matches() && (pending == null || start.group(1).isBlank() || LogLineTime.startsWithTime(start.group(1)))) {
            drop(pending);
            pending = new Pending(lineNumber, times.of(start.group(1)), Double.parseDouble(start.group(2)) * 1000,
                    start.group(3) == null ? "" : start.group(3));
        } else if (pending != null) {
            pending.text.append('\n').append(line);
            if (++pending.lines > MAX_LINES) {
                drop(pending);
                pending = null;
                return;
            }
        } else {
            return; // the application's own lines, and the schema editor's
        }
        Matcher args = ARGS.matcher(pending.text);
        if (args.matches()) {
            emit(pending, args.group(1), args.group(2), args.group(3));
            pending = null;
        }
    }

    /** A statement whose args never came: the log was cut, or the line was something else that looked like a start. */
    private void drop(Pending p) {
        if (p != null) {
            target.diagnostics().accept(Diagnostic.lost(target.file(), p.line, -1,
                    "Django statement line without its '; args=' end within " + MAX_LINES + " lines, skipped"));
        }
    }

    private void emit(Pending p, String sql, String args, String alias) {
        sql = sql.strip();
        String session = alias == null ? "process" : "process:" + alias;
        SourceLocation at = new SourceLocation(target.file(), p.line);
        if (PyFormatSql.hasPlaceholders(sql)) {
            // executemany: the text with its placeholders, and a list of rows
            LoggedValues.Value rows = LoggedValues.parse(args);
            if (rows instanceof LoggedValues.ListValue list && !list.items().isEmpty()
                    && list.items().stream().allMatch(r -> r instanceof LoggedValues.ListValue || r instanceof LoggedValues.MapValue)) {
                for (LoggedValues.Value row : list.items()) {
                    PyFormatSql bound = PyFormatSql.of(sql, row);
                    target.executions().accept(new Execution(SourceKind.APP_LOG, at, bound.sql(), bound.params(), session, p.time,
                            p.ms / list.items().size(), null, null, 1, list.items().size()));
                }
                return;
            }
            PyFormatSql bound = PyFormatSql.of(sql, rows);
            target.executions().accept(new Execution(SourceKind.APP_LOG, at, bound.sql(), bound.params(), session, p.time, p.ms, null, null));
            return;
        }
        target.executions().accept(new Execution(SourceKind.APP_LOG, at, sql, List.of(), session, p.time, p.ms, null, null));
    }

    @Override
    public void finish() {
        drop(pending);
        pending = null;
    }
}
