package dev.querylens.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Drizzle ORM's DefaultLogger: {@code Query: <sql>} and, when the statement has bound values,
 * {@code  -- params: [<values>]}, the values each JSON.stringify'd (numbers bare, strings and dates
 * quoted, objects as JSON) and joined with ", ". The SQL already has PostgreSQL's $n placeholders.
 * The log says neither how long a statement ran nor which request ran it: each process (the whole
 * log, or each compose service / pm2 process named in a {@link ConsolePrefix}) is one session, in
 * the order of the log; a prefix's timestamp is the statement's time.
 *
 * <p>A statement written with newlines (a {@code sql`...`} template) comes out on several lines,
 * each but the first without "Query: ". With values, its last line ends with the params, so every
 * line up to that one is SQL. Without values nothing marks the end: the lines that follow are SQL
 * while they are indented, or the text so far leaves a parenthesis or quote open; the first other
 * line is the application's own. A statement is read whole up to {@link #MAX_LINES} lines or
 * {@link #MAX_CHARS} characters; past that it is read as far as the cap, with a diagnostic.
 */
final class DrizzleLogLines implements AppLogFormat.Lines {
    static final int MAX_LINES = 500;
    static final int MAX_CHARS = 256 * 1024;
    private static final String QUERY = "Query: ";
    private static final String PARAMS = " -- params: [";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AppLogFormat.Target target;
    /** The statement whose end has not been seen yet, with the lines after its first; null when none. */
    private Pending pending;

    private static final class Pending {
        final long line;
        final long offset;
        final String source;
        final Instant time;
        final StringBuilder sql;
        /** Lines after the first, prefixes removed; which of them are SQL is known only at the end. */
        final List<String> next = new ArrayList<>();
        int chars;

        Pending(long line, long offset, ConsolePrefix first) {
            this.line = line;
            this.offset = offset;
            this.source = first.source();
            this.time = first.timestamp();
            this.sql = new StringBuilder(first.text().length() > QUERY.length() ? first.text().substring(QUERY.length()) : "");
            this.chars = sql.length();
        }
    }

    DrizzleLogLines(AppLogFormat.Target target) {
        this.target = target;
    }

    static boolean isStatement(String line) {
        String text = ConsolePrefix.of(line).text();
        return text.startsWith(QUERY) && text.length() > QUERY.length();
    }

    @Override
    public void line(long lineNumber, long offset, String raw) {
        ConsolePrefix line = ConsolePrefix.of(raw);
        // a template statement that starts with a newline leaves "Query: " alone on its line; the SQL follows, indented
        boolean statement = (line.text().startsWith(QUERY) && line.text().length() > QUERY.length())
                || line.text().strip().equals(QUERY.strip());
        if (pending != null && !statement && line.source().equals(pending.source)) {
            if (hasParams(line.text())) {
                // the params end the statement: every line since its first was SQL
                pending.next.forEach(l -> pending.sql.append('\n').append(l));
                pending.sql.append('\n').append(line.text());
                pending.next.clear();
                emit(pending, lineNumber);
                pending = null;
                return;
            }
            pending.next.add(line.text());
            pending.chars += line.text().length() + 1;
            if (pending.next.size() >= MAX_LINES || pending.chars >= MAX_CHARS) {
                flush(true);
            }
            return;
        }
        if (!statement) {
            return; // the application's own messages, or another process's
        }
        flush(false);
        Pending p = new Pending(lineNumber, offset, line);
        if (hasParams(p.sql.toString())) {
            emit(p, lineNumber);
        } else {
            pending = p;
        }
    }

    private static boolean hasParams(String text) {
        int at = text.lastIndexOf(PARAMS);
        return at >= 0 && text.endsWith("]");
    }

    /**
     * Ends the pending statement without having seen params: its SQL is the first line and the
     * indented or still-open lines after it. {@code capped}: the cap ended it, not another line.
     */
    private void flush(boolean capped) {
        Pending p = pending;
        if (p == null) {
            return;
        }
        pending = null;
        int taken = 0;
        for (String l : p.next) {
            if (!(open(p.sql) || (!l.isEmpty() && Character.isWhitespace(l.charAt(0))))) {
                break;
            }
            p.sql.append('\n').append(l);
            taken++;
        }
        if (capped && taken == p.next.size()) {
            target.diagnostics().accept(Diagnostic.lost(target.file(), p.line, p.offset, "Drizzle statement continuing past "
                    + MAX_LINES + " lines or " + MAX_CHARS + " characters without its end; read up to line " + (p.line + taken)));
        }
        if (p.sql.toString().isBlank()) {
            return; // "Query:" with nothing after it: no statement
        }
        emit(p, p.line + taken);
    }

    /** Whether the SQL so far leaves a parenthesis, a quote or a block comment open (a rough lexer: enough to go on reading). */
    static boolean open(CharSequence sql) {
        int depth = 0;
        char quote = 0;
        boolean comment = false;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            char n = i + 1 < sql.length() ? sql.charAt(i + 1) : 0;
            if (comment) {
                if (c == '*' && n == '/') {
                    comment = false;
                    i++;
                }
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '/' && n == '*') {
                comment = true;
                i++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
        }
        return depth > 0 || quote != 0 || comment;
    }

    private void emit(Pending p, long lastLine) {
        String sql = p.sql.toString();
        List<String> params = List.of();
        int at = sql.lastIndexOf(PARAMS);
        if (at >= 0 && sql.endsWith("]")) {
            List<String> parsed = values(sql.substring(at + PARAMS.length() - 1));
            if (parsed != null) {
                params = parsed;
            } else {
                target.diagnostics().accept(new Diagnostic(target.file(), lastLine, -1, false,
                        "Drizzle params that are not a JSON array; the statement is read without its values"));
            }
            sql = sql.substring(0, at);
        }
        target.executions().accept(new Execution(SourceKind.APP_LOG, new SourceLocation(target.file(), p.line), sql,
                params, p.source.isEmpty() ? "process" : "process:" + p.source, p.time, Double.NaN, null, null));
    }

    /** The values as text, SQL NULL as null; null when the list is not JSON (a value String() wrote). */
    private static List<String> values(String json) {
        JsonNode array;
        try {
            array = JSON.readTree(json);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
        if (array == null || !array.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString()));
        return out;
    }

    @Override
    public void finish() {
        flush(false);
    }
}
