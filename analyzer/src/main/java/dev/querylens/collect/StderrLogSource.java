package dev.querylens.collect;

import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a PostgreSQL stderr log written with {@code log_min_duration_statement = 0} and/or
 * {@code log_statement = 'all'}, line by line, holding only one pending execution per session.
 *
 * <p>Simple protocol gives one "statement:" line per execution. The extended protocol (JDBC) logs
 * parse, bind and execute steps of the same execution: only "execute" is counted, and the
 * "DETAIL:  parameters:" line after it supplies the bound values. With log_statement the statement
 * is logged before it runs and a bare "duration:" line follows it; that duration is attached.
 * Continuation lines (a message's own newlines, which the server follows with a tab) are joined.
 */
public final class StderrLogSource implements ExecutionSource {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS][.SS][.S]");

    private final String file;
    private final BufferedReader reader;
    private final LogLinePrefix prefix;

    public StderrLogSource(String file, BufferedReader reader, LogLinePrefix prefix) {
        this.file = file;
        this.reader = reader;
        this.prefix = prefix;
    }

    /** The entry being assembled: one prefixed line plus its continuation lines. */
    private static final class Entry {
        LogLinePrefix.LogLine line;
        long lineNumber;
        final StringBuilder message = new StringBuilder();
    }

    /** An execution waiting for its DETAIL parameters or its bare duration line. */
    private static final class Pending {
        String session;
        SourceLocation location;
        String sql;
        List<String> params = List.of();
        Instant time;
        double durationMs = Double.NaN;
        boolean acceptsParameters;
    }

    @Override
    public void read(Consumer<Execution> executions, Consumer<Diagnostic> diagnostics) throws IOException {
        Map<String, Pending> pending = new HashMap<>();
        Map<String, Boolean> lastWasBind = new HashMap<>();
        Entry entry = null;
        String raw;
        long lineNumber = 0;
        while ((raw = reader.readLine()) != null) {
            lineNumber++;
            LogLinePrefix.LogLine line = prefix.match(raw);
            if (line != null) {
                if (entry != null) {
                    handle(entry, pending, lastWasBind, executions);
                }
                entry = new Entry();
                entry.line = line;
                entry.lineNumber = lineNumber;
                entry.message.append(line.message());
            } else if (entry != null && !raw.isEmpty() && raw.charAt(0) == '\t') {
                entry.message.append('\n').append(raw, 1, raw.length());
            } else if (!raw.isBlank()) {
                diagnostics.accept(new Diagnostic(file, lineNumber,
                        "not a log line for log_line_prefix '" + prefix.setting() + "': " + preview(raw)));
            }
        }
        if (entry != null) {
            handle(entry, pending, lastWasBind, executions);
        }
        pending.values().stream()
                .sorted(java.util.Comparator.comparingLong(p -> p.location.line()))
                .forEach(p -> emit(p, executions));
    }

    private void handle(Entry e, Map<String, Pending> pending, Map<String, Boolean> lastWasBind, Consumer<Execution> out) {
        String session = e.line.session() != null ? e.line.session() : e.line.pid();
        if (session == null) {
            return;
        }
        String level = e.line.level();
        String msg = e.message.toString();
        if (level.equals("DETAIL")) {
            Pending p = pending.get(session);
            if (msg.startsWith("parameters: ") && p != null && p.acceptsParameters && !lastWasBind.getOrDefault(session, false)) {
                p.params = ParameterList.parse(msg.substring("parameters: ".length()));
                p.acceptsParameters = false;
            }
            return;
        }
        if (!level.equals("LOG")) {
            return; // errors, hints, statements of errors: not executions
        }
        double duration = Double.NaN;
        String body = msg;
        if (body.startsWith("duration: ")) {
            int ms = body.indexOf(" ms");
            if (ms > 0) {
                try {
                    duration = Double.parseDouble(body.substring("duration: ".length(), ms));
                } catch (NumberFormatException ignored) {
                    // leave the duration unknown
                }
                body = body.substring(ms + 3).stripLeading();
            }
            if (body.isEmpty()) {
                Pending p = pending.get(session);
                if (p != null && Double.isNaN(p.durationMs)) {
                    p.durationMs = duration;
                }
                return;
            }
        }
        boolean bind = body.startsWith("bind ");
        lastWasBind.put(session, bind);
        String sql = null;
        boolean extended = false;
        if (body.startsWith("statement: ")) {
            sql = body.substring("statement: ".length());
        } else if (body.startsWith("execute ") && !body.startsWith("execute fetch from")) {
            int colon = body.indexOf(": ");
            if (colon > 0) {
                sql = body.substring(colon + 2);
                extended = true;
            }
        }
        if (sql == null) {
            return; // parse/bind steps, connection lines, checkpoints, auto_explain plans
        }
        Pending previous = pending.remove(session);
        if (previous != null) {
            emit(previous, out);
        }
        Pending p = new Pending();
        p.session = session;
        p.location = new SourceLocation(file, e.lineNumber);
        p.sql = sql;
        p.time = parseTime(e.line.time());
        p.durationMs = duration;
        p.acceptsParameters = extended;
        pending.put(session, p);
    }

    private static void emit(Pending p, Consumer<Execution> out) {
        out.accept(new Execution(SourceKind.STDERR_LOG, p.location, p.sql, p.params, p.session, p.time, p.durationMs, null, null));
    }

    static Instant parseTime(String text) {
        if (text == null) {
            return null;
        }
        int space = text.indexOf(' ', 11);
        String local = space > 0 ? text.substring(0, space) : text;
        try {
            // zone abbreviations are ambiguous; UTC is what servers are usually set to and what samples use
            return LocalDateTime.parse(local, TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String preview(String raw) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < raw.length() && b.length() < 60; i++) {
            char c = raw.charAt(i);
            b.append(c >= 32 && c < 127 ? c : '?');
        }
        return raw.length() > 60 ? b + "..." : b.toString();
    }
}
