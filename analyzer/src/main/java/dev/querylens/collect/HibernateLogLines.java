package dev.querylens.collect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hibernate ORM's statement log: the {@code org.hibernate.SQL} logger at debug (or {@code o.h.SQL}
 * as Spring Boot abbreviates it, or {@code Hibernate: } from {@code show_sql}) writes each statement
 * before it runs, with JDBC's {@code ?} placeholders; the {@code org.hibernate.orm.jdbc.bind} logger
 * at trace then writes one line per bound value ({@code binding parameter (1:BIGINT) <- [42]}, or
 * {@code binding parameter [1] as [BIGINT] - [42]} before Hibernate 6.2). Whatever layout the logging
 * framework has, the thread is the last {@code [name]} before the logger name when there is one;
 * each thread is a session, else the whole process is one. A statement is complete at its thread's
 * next line that is not a bound value. {@code format_sql}'s indented continuation lines are joined.
 */
final class HibernateLogLines implements AppLogFormat.Lines {
    private static final Pattern SQL = Pattern.compile("(?:^|\\s)(?:org\\.hibernate\\.SQL|o\\.h\\.SQL)\\s*(?:-|:)?(?:\\s+(.*))?$");
    private static final String SHOW_SQL = "Hibernate: ";
    private static final Pattern BIND = Pattern.compile("binding parameter (?:\\((\\d+):[^)]*\\) <- \\[(.*)\\]"
            + "|\\[(\\d+)\\] as \\[[^\\]]*\\] - \\[(.*)\\])\\s*$");
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

    HibernateLogLines(AppLogFormat.Target target) {
        this.target = target;
    }

    static boolean isStatement(String line) {
        if (line.startsWith(SHOW_SQL)) {
            return true;
        }
        Matcher m = SQL.matcher(line);
        return m.find();
    }

    @Override
    public void line(long lineNumber, long offset, String raw) {
        if (continuing != null && !raw.isEmpty() && Character.isWhitespace(raw.charAt(0))) {
            continuing.sql.append(continuing.sql.length() == 0 ? "" : " ").append(raw.strip());
            return;
        }
        continuing = null;
        Matcher sql = SQL.matcher(raw);
        boolean statement = sql.find();
        int loggerAt = statement ? sql.start() : 0;
        Matcher bind = BIND.matcher(raw);
        boolean value = !statement && bind.find();
        String session = session(raw, statement ? loggerAt : value ? bind.start() : raw.length());
        if (value) {
            Pending p = pending.get(session);
            if (p != null) {
                int index = Integer.parseInt(bind.group(1) != null ? bind.group(1) : bind.group(3));
                String v = bind.group(1) != null ? bind.group(2) : bind.group(4);
                if (index >= 1 && index <= ParameterList.MAX_INDEX) {
                    while (p.params.size() < index) {
                        p.params.add(null);
                    }
                    p.params.set(index - 1, v.equals("null") ? null : v);
                }
            }
            return;
        }
        complete(pending.remove(session));
        if (raw.startsWith(SHOW_SQL)) {
            statement = true;
            session = "process";
        }
        if (statement) {
            Pending p = new Pending(session, lineNumber);
            String text = raw.startsWith(SHOW_SQL) ? raw.substring(SHOW_SQL.length()) : sql.group(1);
            if (text != null) {
                p.sql.append(text.strip());
            }
            pending.put(session, p);
            continuing = p;
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
