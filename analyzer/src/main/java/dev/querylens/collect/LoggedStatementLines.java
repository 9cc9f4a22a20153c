package dev.querylens.collect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Logs where a library writes each statement before it runs, with JDBC's {@code ?} placeholders,
 * and then one line per bound value, through the application's logging framework:
 * <ul>
 * <li>Hibernate ORM: the {@code org.hibernate.SQL} logger at debug (or {@code o.h.SQL} as Spring Boot
 * abbreviates it, or {@code Hibernate: } from {@code show_sql}); {@code org.hibernate.orm.jdbc.bind}
 * at trace ({@code binding parameter (1:BIGINT) <- [42]}, or {@code binding parameter [1] as [BIGINT] - [42]}
 * before Hibernate 6.2). {@code format_sql}'s indented continuation lines are joined.
 * <li>Spring's JdbcTemplate at debug: {@code Executing prepared SQL statement [select ...]} (or
 * {@code Executing SQL query [...]}, {@code Executing SQL update [...]}); StatementCreatorUtils at
 * trace: {@code Setting SQL statement parameter value: column index 1, parameter value [42], ...}.
 * </ul>
 * Whatever layout the logging framework has, the thread is the last {@code [name]} before the
 * statement when there is one; each thread is a session, else the whole process is one. A
 * statement is complete at its thread's next statement, or at the end of the log.
 */
final class LoggedStatementLines implements AppLogFormat.Lines {
    /** Where a library's statement is, and where its values are. */
    record Shape(Pattern statement, Pattern value) {
    }

    /**
     * Group 1 the SQL, which must start with a statement keyword so that a comment naming the logger
     * in a .sql file is not taken for a log; absent when format_sql puts it on the lines after.
     */
    static final Shape HIBERNATE = new Shape(
            Pattern.compile("(?:^|\\s)(?:org\\.hibernate\\.SQL|o\\.h\\.SQL)\\s*(?:-|:)?(?:\\s+((?i:select|insert|update|delete|with"
                    + "|merge|call|values|create|alter|drop|truncate|lock)\\b.*))?\\s*$"),
            // groups 1 and 2 (6.2 and later) or 3 and 4: index and value
            Pattern.compile("binding parameter (?:\\((\\d+):[^)]*\\) <- \\[(.*)\\]|\\[(\\d+)\\] as \\[[^\\]]*\\] - \\[(.*)\\])\\s*$"));
    static final Shape SPRING = new Shape(
            Pattern.compile("Executing (?:prepared )?SQL (?:query|statement|update) \\[(.*)\\]\\s*$"),
            Pattern.compile("Setting SQL statement parameter value: column index (\\d+), parameter value \\[(.*?)\\], value class"));
    private static final String SHOW_SQL = "Hibernate: ";
    private static final Pattern BRACKETED = Pattern.compile("\\[\\s*([^\\[\\]]*?)\\s*\\]");

    private final AppLogFormat.Target target;
    /** The statement each thread has logged and not yet completed; a thread holds at most one. */
    private final Map<String, Pending> pending = new HashMap<>();
    /** The statement whose format_sql lines are being joined, if any. */
    private Pending continuing;

    private static final class Pending {
        final String session;
        final long line;
        final StringBuilder sql = new StringBuilder();
        final List<String> params = new ArrayList<>();

        Pending(String session, long line) {
            this.session = session;
            this.line = line;
        }
    }

    private final Shape shape;

    LoggedStatementLines(AppLogFormat.Target target, Shape shape) {
        this.target = target;
        this.shape = shape;
    }

    static boolean isStatement(String line, Shape shape) {
        return (shape == HIBERNATE && line.startsWith(SHOW_SQL)) || shape.statement().matcher(line).find();
    }

    @Override
    public void line(long lineNumber, long offset, String raw) {
        if (continuing != null && !raw.isEmpty() && Character.isWhitespace(raw.charAt(0))) {
            continuing.sql.append(continuing.sql.length() == 0 ? "" : " ").append(raw.strip());
            return;
        }
        continuing = null;
        Matcher sql = shape.statement().matcher(raw);
        boolean statement = sql.find();
        int loggerAt = statement ? sql.start() : 0;
        Matcher bind = shape.value().matcher(raw);
        boolean value = !statement && bind.find();
        String session = session(raw, statement ? loggerAt : value ? bind.start() : raw.length());
        if (value) {
            Pending p = pending.get(session);
            if (p != null) {
                boolean first = bind.group(1) != null;
                int index = Integer.parseInt(first ? bind.group(1) : bind.group(3));
                String v = first ? bind.group(2) : bind.group(4);
                if (index >= 1 && index <= ParameterList.MAX_INDEX) {
                    while (p.params.size() < index) {
                        p.params.add(null);
                    }
                    p.params.set(index - 1, v.equals("null") ? null : v);
                }
            }
            return;
        }
        if (shape == HIBERNATE && raw.startsWith(SHOW_SQL)) {
            statement = true;
            session = "process";
        }
        if (statement) {
            // other lines of the thread may come between a statement and its values (Spring logs
            // fetching the connection there): a statement is complete at its thread's next one
            complete(pending.remove(session));
            Pending p = new Pending(session, lineNumber);
            String text = shape == HIBERNATE && raw.startsWith(SHOW_SQL) ? raw.substring(SHOW_SQL.length()) : sql.group(1);
            if (text != null) {
                p.sql.append(text.strip());
            }
            pending.put(session, p);
            continuing = shape == HIBERNATE ? p : null;
        }
    }

    /** "thread:NAME" for the last [NAME] before {@code end}, else "process". */
    private static String session(String raw, int end) {
        Matcher m = BRACKETED.matcher(raw).region(0, end);
        String thread = null;
        while (m.find()) {
            thread = m.group(1);
        }
        return thread == null || thread.isEmpty() ? "process" : "thread:" + thread;
    }

    private void complete(Pending p) {
        if (p == null || p.sql.length() == 0) {
            return;
        }
        target.executions().accept(new Execution(SourceKind.APP_LOG, new SourceLocation(target.file(), p.line),
                JdbcPlaceholders.toPositional(p.sql.toString()), p.params, p.session, null, Double.NaN, null, null));
    }

    @Override
    public void finish() {
        // in the order they were logged, so the sessions' last statements come out the same on every run
        pending.values().stream().sorted(java.util.Comparator.comparingLong(p -> p.line)).forEach(this::complete);
        pending.clear();
    }
}
