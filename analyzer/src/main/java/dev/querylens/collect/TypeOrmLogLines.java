package dev.querylens.collect;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * TypeORM's query logging ({@code logging: true}, or a list with "query", "error", "slow"), as its
 * advanced-console and simple-console loggers write it: {@code query: <sql> -- PARAMETERS: [<json>]}
 * when a statement is sent, {@code query failed: <same>} and an {@code error: ...} line when it
 * failed, {@code query is slow: <same>} and {@code execution time: <ms>} when it took longer than
 * {@code maxQueryExecutionTime}. A failed or slow line is the statement logged just before it
 * (the same text), not another execution: it adds the duration, or stands for the execution when
 * only errors or slow queries are logged. The SQL has PostgreSQL's $n. Each process (see
 * {@link ConsolePrefix}) is one session.
 */
final class TypeOrmLogLines implements AppLogFormat.Lines {
    private static final String QUERY = "query: ";
    private static final String FAILED = "query failed: ";
    private static final String SLOW = "query is slow: ";
    private static final String TIME = "execution time: ";
    private static final String PARAMS = " -- PARAMETERS: ";
    /** Statements kept back for a failed or slow line that may still name them. */
    static final int WINDOW = 32;

    private final AppLogFormat.Target target;
    private final Deque<Held> held = new ArrayDeque<>();
    /** The statement a {@code query is slow:} line named, waiting for its execution time line. */
    private Held slow;
    /** The statement being continued over more lines (SQL with newlines), or null. */
    private Held open;

    private static final class Held {
        final long line;
        final String source;
        final Instant time;
        String text;
        double ms = Double.NaN;
        /** Whether a failed or slow line already named it. */
        boolean named;

        Held(long line, String source, Instant time, String text) {
            this.line = line;
            this.source = source;
            this.time = time;
            this.text = text;
        }
    }

    TypeOrmLogLines(AppLogFormat.Target target) {
        this.target = target;
    }

    static boolean isStatement(String line) {
        String text = AnsiCodes.strip(ConsolePrefix.of(line).text());
        return (text.startsWith(QUERY) || text.startsWith(FAILED) || text.startsWith(SLOW)) && !text.endsWith(": ");
    }

    @Override
    public void line(long lineNumber, long offset, String raw) {
        ConsolePrefix prefix = ConsolePrefix.of(AnsiCodes.strip(raw));
        String text = prefix.text();
        if (text.startsWith(QUERY)) {
            open = add(new Held(lineNumber, prefix.source(), prefix.timestamp(), text.substring(QUERY.length())));
        } else if (text.startsWith(FAILED) || text.startsWith(SLOW)) {
            boolean isSlow = text.startsWith(SLOW);
            String same = text.substring(isSlow ? SLOW.length() : FAILED.length());
            Held h = find(prefix.source(), same);
            if (h == null) {
                h = add(new Held(lineNumber, prefix.source(), prefix.timestamp(), same));
            }
            h.named = true;
            open = null;
            slow = isSlow ? h : null;
        } else if (text.startsWith(TIME) && slow != null) {
            try {
                slow.ms = Double.parseDouble(text.substring(TIME.length()).strip());
            } catch (NumberFormatException e) {
                // not a number: the statement stays without a duration
            }
            slow = null;
        } else if (open != null && open.source.equals(prefix.source()) && !text.startsWith("error: ")
                && (DrizzleLogLines.open(open.text) || (!text.isEmpty() && Character.isWhitespace(text.charAt(0))))) {
            open.text = open.text + "\n" + text;
        } else {
            open = null;
        }
    }

    private Held add(Held h) {
        held.addLast(h);
        while (held.size() > WINDOW) {
            emit(held.removeFirst());
        }
        return h;
    }

    /** The latest statement of that process with that text not yet given a failed or slow line. */
    private Held find(String source, String text) {
        for (Iterator<Held> it = held.descendingIterator(); it.hasNext(); ) {
            Held h = it.next();
            if (!h.named && h.source.equals(source) && h.text.equals(text)) {
                return h;
            }
        }
        return null;
    }

    private void emit(Held h) {
        String sql = h.text;
        List<String> params = List.of();
        int at = sql.lastIndexOf(PARAMS);
        if (at >= 0) {
            List<String> parsed = LoggedValues.nodePgList(sql.substring(at + PARAMS.length()));
            if (parsed != null) {
                params = parsed;
                sql = sql.substring(0, at);
            }
        }
        target.executions().accept(new Execution(SourceKind.APP_LOG, new SourceLocation(target.file(), h.line), sql, params,
                h.source.isEmpty() ? "process" : "process:" + h.source, h.time, h.ms, null, null));
    }

    @Override
    public void finish() {
        while (!held.isEmpty()) {
            emit(held.removeFirst());
        }
    }
}
