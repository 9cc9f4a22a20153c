package dev.querylens.collect;

import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQLAlchemy's engine log ({@code echo=True}, or the {@code sqlalchemy.engine} logger at INFO):
 * each message is a logging record of {@code sqlalchemy.engine.Engine} (1.3: {@code .base.Engine},
 * a named engine adds {@code .<name>}) in whatever layout the handler uses: echo's
 * {@code 2024-05-01 10:00:00,123 INFO sqlalchemy.engine.Engine <message>}, basicConfig's
 * {@code INFO:sqlalchemy.engine.Engine:<message>}. A statement is one message, its SQL going on
 * over the lines after the record's first (those have no prefix), and is followed by a message
 * with its parameters: {@code [generated in 0.00012s] {...}}, {@code [cached since 0.0021s ago] (...)},
 * {@code [raw sql] {}}, or in 1.3 just the values. The bracket is SQLAlchemy's compile cache
 * (the time is compiling, not running: the log has no durations). A tuple or list of several
 * dicts or tuples is an executemany: for a one-row INSERT, what psycopg2's execute_values sends
 * (SQLAlchemy 1.4's default): one multi-row INSERT per page of {@link #VALUES_PAGE} rows; for
 * anything else one execution per row, as one batch. {@code BEGIN (implicit)},
 * {@code COMMIT} and {@code ROLLBACK} are the transaction's ends. psycopg2's {@code %(name)s} and
 * {@code %s} get their values written in, as psycopg2 sends them ({@link PyFormatSql}). Each engine (by name) is one session, since the log does not say which
 * pooled connection ran a statement.
 */
final class SqlAlchemyLogLines implements AppLogFormat.Lines {
    private static final Pattern RECORD = Pattern.compile(
            "^(.*?)\\bsqlalchemy\\.engine(?:\\.base)?\\.Engine(\\.[\\w.-]+)?(?:\\s*\\[[^\\]]*\\])?(?::| - |\\s)\\s?(.*)$");
    private static final Pattern PARAMS = Pattern.compile("^(?:\\[(?:generated in|cached since|no key|raw sql|dialect)[^\\]]*\\]\\s*)?(.*)$");
    /** SQLAlchemy's note where it shortened a long list of rows in the log. */
    private static final Pattern ELIDED = Pattern.compile("\\s*\\.\\.\\. displaying (\\d+) of (\\d+) total bound parameter sets \\.\\.\\.\\s*");
    static final int MAX_LINES = 2000;
    /** psycopg2.extras.execute_values' page, as SQLAlchemy 1.4 sets it (executemany_values_page_size). */
    static final int VALUES_PAGE = 1000;
    private static final Pattern SINGLE_ROW_INSERT = Pattern.compile("(?is)^(insert\\s.*?\\svalues\\s*)(\\((?:[^()]|\\([^()]*\\))*\\))(\\s*(?:returning\\s.*)?)$");

    private final AppLogFormat.Target target;
    private final LogLineTime times = new LogLineTime();
    /**
     * Statements whose parameter line has not come yet, oldest first. Threads sharing an engine
     * interleave their records (a ROLLBACK, another thread's statement between a statement and
     * its parameters), and the log does not say which thread wrote which: parameters go to the
     * oldest statement waiting.
     */
    private final java.util.ArrayDeque<Pending> pending = new java.util.ArrayDeque<>();
    static final int MAX_WAITING = 64;

    private static final class Pending {
        final long line;
        final Instant time;
        final String session;
        final StringBuilder sql;
        int lines = 1;

        Pending(long line, Instant time, String session, String first) {
            this.line = line;
            this.time = time;
            this.session = session;
            this.sql = new StringBuilder(first);
        }
    }

    SqlAlchemyLogLines(AppLogFormat.Target target) {
        this.target = target;
    }

    /** An engine record, which is a statement line when it is not a parameter line or the BEGIN/COMMIT one. */
    static boolean isStatement(String line) {
        Matcher m = RECORD.matcher(AnsiCodes.strip(line));
        return m.matches() && !m.group(3).isBlank();
    }

    @Override
    public void line(long lineNumber, long offset, String raw) {
        String line = AnsiCodes.strip(raw);
        Matcher m = RECORD.matcher(line);
        if (!m.matches()) {
            Pending last = pending.peekLast();
            if (last != null && looksContinued(line)) {
                last.sql.append('\n').append(line);
                if (++last.lines > MAX_LINES) {
                    lose(pending.removeLast(), "continues past " + MAX_LINES + " lines without its parameters");
                }
            }
            return;
        }
        String message = m.group(3);
        String session = m.group(2) == null ? "engine" : "engine" + m.group(2);
        Instant time = times.of(m.group(1));
        String trimmed = message.strip();
        if (!pending.isEmpty() && looksLikeParams(trimmed)) {
            emit(pending.removeFirst(), trimmed, lineNumber);
            return;
        }
        String transaction = switch (trimmed) {
            case "BEGIN (implicit)", "BEGIN" -> "BEGIN";
            case "COMMIT" -> "COMMIT";
            case "ROLLBACK" -> "ROLLBACK";
            default -> null;
        };
        if (transaction != null) {
            target.executions().accept(new Execution(SourceKind.APP_LOG, new SourceLocation(target.file(), lineNumber),
                    transaction, List.of(), session, time, Double.NaN, null, null));
        } else if (!trimmed.startsWith("[") || !looksLikeParams(trimmed)) {
            pending.addLast(new Pending(lineNumber, time, session, message));
            if (pending.size() > MAX_WAITING) {
                lose(pending.removeFirst(), "without its parameters in the " + MAX_WAITING + " statements after it");
            }
        }
    }

    /** A line after a statement's first that is still SQL: not another logger's record. */
    private static boolean looksContinued(String line) {
        return !line.matches("^(?:\\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:\\d\\d:\\d\\d|[A-Z]+:[\\w.]+:).*");
    }

    private static boolean looksLikeParams(String message) {
        Matcher p = PARAMS.matcher(message);
        if (!p.matches()) {
            return false;
        }
        String values = p.group(1).strip();
        return message.startsWith("[") || values.startsWith("{") || values.startsWith("(");
    }

    private void lose(Pending p, String why) {
        target.diagnostics().accept(Diagnostic.lost(target.file(), p.line, -1, "SQLAlchemy statement " + why + ", skipped"));
    }

    private void emit(Pending p, String paramsMessage, long paramsLine) {
        Matcher pm = PARAMS.matcher(paramsMessage);
        pm.matches();
        String text = pm.group(1).strip();
        Matcher elided = ELIDED.matcher(text);
        long total = 0;
        if (elided.find()) {
            total = Long.parseLong(elided.group(2));
            text = elided.replaceAll(", ");
            text = text.replaceAll(",\\s*,", ",").replaceAll(",\\s*([)\\]])", "$1");
        }
        String sql = p.sql.toString().strip();
        SourceLocation at = new SourceLocation(target.file(), p.line);
        LoggedValues.Value values = text.isEmpty() ? null : LoggedValues.parse(text);
        if (!text.isEmpty() && values == null) {
            target.diagnostics().accept(new Diagnostic(target.file(), paramsLine, -1, false,
                    "SQLAlchemy parameters that are not a Python literal; the statement is read without its values"));
        }
        if (values instanceof LoggedValues.ListValue rows && rows.items().size() > 1
                && rows.items().stream().allMatch(r -> r instanceof LoggedValues.ListValue || r instanceof LoggedValues.MapValue)) {
            List<LoggedValues.Value> all = new java.util.ArrayList<>(rows.items());
            while (all.size() < total) {
                all.add(null); // rows the log left out ran too: counted, without their values
            }
            Matcher insert = SINGLE_ROW_INSERT.matcher(sql);
            if (insert.matches()) {
                // psycopg2's execute_values, SQLAlchemy 1.4's default for INSERT: one statement per page of rows
                for (int from = 0; from < all.size(); from += VALUES_PAGE) {
                    List<LoggedValues.Value> page = all.subList(from, Math.min(all.size(), from + VALUES_PAGE));
                    List<String> params = new java.util.ArrayList<>();
                    StringBuilder statement = new StringBuilder(insert.group(1));
                    // execute_values writes every row's values into the text; where the log left a row out (or a
                    // value's text is not certain) the whole page keeps $n, so its numbering stays the server's
                    boolean inline = page.stream().allMatch(r -> r != null && PyFormatSql.inlined(insert.group(2), r) != null);
                    for (int r = 0; r < page.size(); r++) {
                        PyFormatSql row = inline ? PyFormatSql.of(insert.group(2), page.get(r)) : PyFormatSql.numbered(insert.group(2), page.get(r));
                        String renumbered = renumber(row.sql(), params.size());
                        statement.append(r == 0 ? "" : ",").append(renumbered);
                        params.addAll(page.get(r) == null ? java.util.Collections.nCopies(SequelizeLogLines.highestPlaceholder(row.sql()), null)
                                : row.params());
                    }
                    statement.append(insert.group(3));
                    target.executions().accept(new Execution(SourceKind.APP_LOG, at, statement.toString(), params, p.session, p.time,
                            Double.NaN, null, null, 1, page.size()));
                }
                return;
            }
            for (LoggedValues.Value row : all) {
                PyFormatSql bound = PyFormatSql.of(sql, row);
                target.executions().accept(new Execution(SourceKind.APP_LOG, at, bound.sql(), bound.params(), p.session, p.time,
                        Double.NaN, null, null, 1, all.size()));
            }
            return;
        }
        if (values instanceof LoggedValues.ListValue one && one.items().size() == 1
                && (one.items().get(0) instanceof LoggedValues.MapValue || one.items().get(0) instanceof LoggedValues.ListValue)
                && !sql.contains("%s")) {
            values = one.items().get(0); // a list of one row: executemany of one
        }
        PyFormatSql bound = PyFormatSql.of(sql, values);
        target.executions().accept(new Execution(SourceKind.APP_LOG, at, bound.sql(), bound.params(), p.session, p.time,
                Double.NaN, null, null));
    }

    /** The row's $n moved up by {@code by}, so rows after the first number on. */
    private static String renumber(String row, int by) {
        return by == 0 ? row : Pattern.compile("\\$(\\d+)").matcher(row).replaceAll(r -> "\\$" + (Integer.parseInt(r.group(1)) + by));
    }

    @Override
    public void finish() {
        while (!pending.isEmpty()) {
            lose(pending.removeFirst(), "at the end of the log without its parameters");
        }
    }
}
