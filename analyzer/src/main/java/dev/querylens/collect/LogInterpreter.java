package dev.querylens.collect;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.plan.ExplainJsonParser;
import dev.querylens.plan.ExplainPlan;
import dev.querylens.plan.PlanNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns server log messages into executions, the same way for every log format. It holds one
 * pending execution per session, because what completes an execution comes after it: the
 * "DETAIL:  parameters:" of an extended-protocol execute, or the bare "duration:" line that
 * follows a statement logged by log_statement. auto_explain logs its plan before the statement's
 * own line; the plan waits per session and is attached to the execution whose text it names.
 *
 * <p>A session's state goes when it disconnects (log_disconnections), and the end is passed on so
 * downstream per-session state goes too. Logs without disconnection lines still keep at most
 * {@value #MAX_OPEN_SESSIONS} sessions: the least recently active is closed early, its pending
 * execution emitted, and the count reported once at the end. That limit is a safety net above the
 * workload's own (which is what the report counts), so only state for sessions that ran nothing is
 * normally dropped here.
 *
 * <p>Executions go on in the order their statements were logged ({@link LogOrder}), though an
 * extended-protocol execute is complete only at its session's next statement: otherwise a query
 * whose session then waits (the parent of a fan-out through a pool) would come after what the
 * other sessions ran meanwhile.
 *
 * <p>Simple protocol gives one "statement:" message per execution. The extended protocol (JDBC)
 * logs parse, bind and execute steps of the same execution: only "execute" is counted. Messages
 * of other kinds (checkpoints, errors) are not executions. Connection and disconnection messages,
 * and the errors of prepared statements a pooler lost or mixed up (26000, 42P05), are passed on as
 * markers ({@link Execution#connection}) that stand for no execution: how often sessions start, how
 * long they last and what a pooler breaks are facts of their own.
 */
final class LogInterpreter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final SourceKind kind;
    private final LogOrder out;
    private final Consumer<Diagnostic> diagnostics;
    private final ExplainJsonParser planParser = new ExplainJsonParser(new ObjectMapper());
    static final int MAX_OPEN_SESSIONS = 50_000;
    /** Least recently active first, so the one closed past the limit is the idlest. */
    private final Map<String, Session> sessions = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Session> eldest) {
            if (size() <= MAX_OPEN_SESSIONS) {
                return false;
            }
            closedEarly++;
            if (eldest.getValue().pending != null) {
                emit(eldest.getValue().pending);
            }
            return true;
        }
    };
    private long closedEarly;
    private SourceLocation lastLocation;
    private final Map<String, Integer> pidGenerations = new HashMap<>();
    /** Statements whose plan was already read; bounded so memory does not grow with the log. */
    private final java.util.Set<String> plannedStatements = new java.util.HashSet<>();
    private static final int MAX_PLANNED = 10_000;

    /** An execution waiting for its parameters or duration. */
    private static final class Pending {
        String session;
        SourceLocation location;
        String sql;
        List<String> params = List.of();
        Instant time;
        double durationMs = Double.NaN;
        boolean acceptsParameters;
        boolean extended;
        PlanNode plan;
        String application;
        /** Its place in the log's order. */
        LogOrder.Slot slot;

        /**
         * Nothing later can add to it: a simple-protocol statement whose duration is known (its
         * auto_explain plan came first). An extended-protocol execute may still get its plan when
         * the portal closes, so it waits for the session's next statement.
         */
        boolean complete() {
            return !extended && !Double.isNaN(durationMs);
        }
    }

    private static final class Session {
        Pending pending;
        boolean lastWasBind;
        ExplainPlan waitingPlan;
        /** application_name, from "connection authorized" or the entries' own field. */
        String application;
    }

    LogInterpreter(SourceKind kind, Consumer<Execution> out, Consumer<Diagnostic> diagnostics) {
        this.kind = kind;
        this.out = new LogOrder(out);
        this.diagnostics = diagnostics;
    }

    void accept(LogEntry e) {
        accept(e, null);
    }

    /**
     * As {@link #accept(LogEntry)}, with the statement's text already cut out of the entry (by
     * {@link LogStatementText#of} on another thread), so this very string is the execution's text.
     *
     * @param known {@link LogStatementText#of} of this entry's text, or null
     * @return whether {@code known} became an execution's text
     */
    boolean accept(LogEntry e, String known) {
        if (e.session() == null) {
            return false;
        }
        String message = LogStatementText.withoutSqlState(e.message() == null ? "" : e.message());
        lastLocation = e.location();
        String key = sessionKey(e, message);
        if (message.startsWith("disconnection:")) {
            end(key, e.location(), e.time(), ConnectionEvent.of(message));
            return false;
        }
        Session s = sessions.computeIfAbsent(key, k -> new Session());
        if (e.application() != null && !e.application().isBlank()) {
            s.application = e.application();
        }
        if (message.startsWith("connection ") && e.level().equals("LOG")) {
            ConnectionEvent started = ConnectionEvent.of(message);
            if (started != null) {
                if (started.application() != null) {
                    s.application = started.application();
                }
                out.pass(Execution.connection(kind, e.location(), key, parseTime(e.time()), started));
            }
            return false;
        }
        if (e.level().equals("DETAIL")) {
            parameters(s, message, e);
            return false;
        }
        if (e.level().equals("ERROR")) {
            // what a transaction pooler does to server-side prepared statements: a fact of how the client connects
            ConnectionEvent error = ConnectionEvent.ofError(message);
            if (error != null) {
                out.pass(Execution.connection(kind, e.location(), key, parseTime(e.time()), error));
            }
            return false;
        }
        if (!e.level().equals("LOG")) {
            return false;
        }
        double duration = Double.NaN;
        // the body is message[from, end): after "duration: ... ms" and the space after it; read in place,
        // not copied before the statement's own text is (a copy of every logged statement, once more)
        String body = message;
        int from = 0;
        if (body.startsWith("duration: ")) {
            int ms = body.indexOf(" ms");
            if (ms > 0) {
                try {
                    duration = Double.parseDouble(body.substring("duration: ".length(), ms));
                } catch (NumberFormatException ignored) {
                    // leave the duration unknown
                }
                from = ms + 3;
                while (from < body.length() && Character.isWhitespace(body.charAt(from))) { // as stripLeading()
                    from++;
                }
            }
            if (from == body.length()) {
                if (s.pending != null && Double.isNaN(s.pending.durationMs)) {
                    s.pending.durationMs = duration;
                    emitIfComplete(s);
                }
                return false;
            }
        }
        if (body.startsWith("plan:", from)) {
            plan(s, e, body.substring(from + "plan:".length()));
            return false;
        }
        s.lastWasBind = body.startsWith("bind ", from);
        int at = LogStatementText.start(body, from);
        if (at < 0) {
            return false;
        }
        at += from;
        boolean extended = !body.startsWith("statement: ", from);
        boolean usesKnown = known != null && known.length() == body.length() - at && body.regionMatches(at, known, 0, known.length());
        String sql = usesKnown ? known : body.substring(at);
        if (s.pending != null) {
            emit(s.pending);
        }
        Pending p = new Pending();
        p.session = key;
        p.application = s.application;
        p.location = e.location();
        p.sql = sql;
        p.time = parseTime(e.time());
        p.durationMs = duration;
        p.acceptsParameters = extended;
        p.extended = extended;
        p.slot = out.reserve(() -> emit(p));
        if (s.waitingPlan != null && sameStatement(s.waitingPlan.queryText(), sql)) {
            p.plan = s.waitingPlan.root();
            s.waitingPlan = null;
        }
        s.pending = p;
        if (e.detail() != null) {
            parameters(s, e.detail(), e);
        }
        emitIfComplete(s);
        return usesKnown;
    }

    /**
     * Emits a complete execution at once rather than at the session's next statement, so the
     * stream follows the log's order and a session's last execution does not wait for the end of
     * the file (which, past the workload's session limit, would reopen sessions long closed).
     */
    private void emitIfComplete(Session s) {
        if (s.pending != null && s.pending.complete()) {
            emit(s.pending);
            s.pending = null;
        }
    }

    /** Emits what is still pending, in the order it was seen. */
    void finish() {
        sessions.values().stream().map(s -> s.pending).filter(java.util.Objects::nonNull)
                .sorted(Comparator.comparingLong(p -> p.location.line()))
                .forEach(this::emit);
        sessions.clear();
        out.finish();
        if (closedEarly > 0) {
            diagnostics.accept(new Diagnostic(lastLocation.file(), 0, closedEarly + " sessions were closed before they"
                    + " disconnected, because more than " + MAX_OPEN_SESSIONS + " were open at once (least recently active"
                    + " first); their executions are counted, but a parameters or duration line logged after that was not read"));
        }
    }

    /** A pid was reused: the session that had it ended, though no disconnection line said so. */
    private void end(String key, SourceLocation at) {
        end(key, at, null, null);
    }

    /**
     * The session disconnected: its pending execution is complete, and downstream may forget it. A
     * disconnection line with its session time is passed on even for a session that began before
     * the log did: it still counts towards how long sessions last.
     */
    private void end(String key, SourceLocation at, String time, ConnectionEvent disconnection) {
        Session ended = sessions.remove(key);
        if (ended != null && ended.pending != null) {
            emit(ended.pending);
        }
        if (disconnection != null) {
            out.pass(Execution.connection(kind, at, key, parseTime(time), disconnection));
        } else if (ended != null) {
            out.pass(Execution.sessionEnd(kind, at, key));
        }
    }

    /**
     * The session an entry belongs to. Keyed by pid alone, a pid the OS reuses for a new backend
     * would merge two sessions: a "connection received" for a pid already in use, or the
     * "disconnection" that ends one (log_connections, log_disconnections), starts a new generation.
     */
    private String sessionKey(LogEntry e, String message) {
        if (!e.byPidOnly()) {
            return e.session();
        }
        String pid = e.session();
        int generation = pidGenerations.getOrDefault(pid, 0);
        String current = generationKey(pid, generation);
        boolean newBackend = message.startsWith("connection received:") && sessions.containsKey(current);
        if (newBackend || message.startsWith("disconnection:")) {
            pidGenerations.put(pid, generation + 1);
            if (newBackend) {
                end(current, e.location());
                return generationKey(pid, generation + 1);
            }
        }
        return current;
    }

    private static String generationKey(String pid, int generation) {
        return generation == 0 ? pid : pid + "#" + generation;
    }

    private void parameters(Session s, String detail, LogEntry at) {
        if (detail.startsWith("parameters: ") && s.pending != null && s.pending.acceptsParameters && !s.lastWasBind) {
            s.pending.params = ParameterList.parse(detail.substring("parameters: ".length()), () -> diagnostics.accept(
                    Diagnostic.lost(at.location().file(), at.location().line(), at.offset(), "bound parameter numbered above $"
                            + ParameterList.MAX_INDEX + " (the protocol's limit) or $0: that value was skipped")));
            s.pending.acceptsParameters = false;
        }
    }

    private void plan(Session s, LogEntry e, String text) {
        String body = text.strip();
        String queryText = queryTextOf(body);
        if (queryText != null && !plannedStatements.add(queryText) ) {
            return; // one plan per statement text is kept downstream; do not parse the others
        }
        if (plannedStatements.size() > MAX_PLANNED) {
            plannedStatements.clear();
        }
        ExplainPlan plan;
        try {
            plan = body.startsWith("{") || body.startsWith("[")
                    ? planParser.parse(body).stream().findFirst()
                            .orElseThrow(() -> new TextPlanParser.Unreadable("no plan in the JSON"))
                    : TextPlanParser.parse(body);
        } catch (java.io.IOException | RuntimeException ex) {
            diagnostics.accept(Diagnostic.lost(e.location().file(), e.location().line(), e.offset(), "auto_explain plan not readable: "
                    + (ex instanceof TextPlanParser.Unreadable ? ex.getMessage() : ReadFailure.describe(ex))));
            return;
        }
        if (plan.nodesCut() > 0) {
            diagnostics.accept(Diagnostic.lost(e.location().file(), e.location().line(), e.offset(), "auto_explain plan nested deeper than "
                    + PlanNode.MAX_DEPTH + " levels: " + plan.nodesCut() + " deeper nodes left out"));
        }
        if (s.pending != null && s.pending.plan == null && sameStatement(plan.queryText(), s.pending.sql)) {
            s.pending.plan = plan.root(); // log_statement logged the statement before it ran
        } else {
            s.waitingPlan = plan;
        }
    }

    /** The "Query Text" of an auto_explain plan, read without parsing the plan. */
    private static String queryTextOf(String body) {
        int at = body.indexOf("Query Text: ");
        if (at < 0 || body.startsWith("{") || body.startsWith("[")) {
            return null;
        }
        int end = body.indexOf('\n', at);
        return body.substring(at + "Query Text: ".length(), end < 0 ? body.length() : end);
    }

    private static boolean sameStatement(String queryText, String sql) {
        return queryText != null && queryText.strip().equals(sql.strip());
    }

    /** Once: a pending execution completed early (too many waited) is not passed on again at its session's next statement. */
    private void emit(Pending p) {
        if (p.slot.isDone()) {
            return;
        }
        // the execution made once with its tags, as new Execution(...).withApplication(application) gives it, not twice
        p.slot.add(new Execution(kind, p.location, p.sql, p.params, p.session, p.time, p.durationMs, p.plan, null, 1, 0, ResultKeys.NONE,
                null, QueryTags.of(p.sql).withApplication(p.application), -1));
        p.slot.done();
    }

    private String lastSecond;
    private long lastSecondEpochMillis;

    /**
     * "2026-11-25 08:44:24.830 UTC" to an instant. Log lines arrive in time order, so the part up
     * to the second is parsed once per second and the fraction added by hand; the zone is taken
     * as UTC (abbreviations are ambiguous; servers usually log in UTC, the samples do).
     */
    Instant parseTime(String text) {
        if (text == null || text.length() < 19) {
            return null;
        }
        if (lastSecond == null || !text.regionMatches(0, lastSecond, 0, 19)) {
            // a copy of the second only when it changed, not per line
            String second = text.substring(0, 19);
            try {
                lastSecondEpochMillis = LocalDateTime.parse(second, TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
                lastSecond = second;
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        long millis = 0;
        if (text.length() > 20 && text.charAt(19) == '.') {
            int scale = 100;
            for (int i = 20; i < text.length() && Character.isDigit(text.charAt(i)) && scale > 0; i++) {
                millis += (text.charAt(i) - '0') * scale;
                scale /= 10;
            }
        }
        return Instant.ofEpochMilli(lastSecondEpochMillis + millis);
    }
}
