package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.SequenceRule;
import dev.querylens.workload.SessionEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds runs of one statement shape, the way a loop in the application sends them: one execution
 * after another in one request (the request its query comment names, else its session), each
 * right after the last, the first right after the statement whose rows it may iterate. What a run
 * is comes from order, not from the clock: a run goes on while the statement recurs within
 * {@code maxGap} other statements of its request, and ends where the application paused
 * ({@code maxPauseMs}, only when timestamps resolve milliseconds: whole-second times cannot tell a
 * pause from the next second; not inside the explicit transaction that holds the run's executions,
 * where the connection serves no other request), where a transaction that held two or more of its executions ends,
 * where the request changes on the connection, or where its parent query runs again (the outer
 * loop's next turn). Where the rule has {@code fanOutWindowMs}, executions of the same shape with
 * new values on other connections, starting within that window of the run's last one (four windows
 * on a connection the pool has just opened, whose first statement it is), after a parent, are the
 * same run: a fan-out through a pool. Where timestamps do not resolve milliseconds (%t, or none),
 * the log's order stands in for the window: such an execution joins when at most {@code maxGap}
 * statements of any session lie between it and the run's last one in the same file.
 *
 * <p>State is bounded: per request the open runs (at most {@code maxGap + 1} statements' worth)
 * and the last statement; at most {@value #MAX_SCOPES} requests are open at once (the least recently
 * active is closed first), and a session's state goes when it ends. A closed run that qualifies is
 * kept only in its statement's {@link LoopSummary}.
 */
abstract class RepetitionWatcher implements SequenceRule.Watcher {
    static final int MAX_SCOPES = 10_000;
    private static final int RECENT = 8;

    final RuleContext context;
    private final Set<String> commands;
    private final Map<String, LoopScope> scopes = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, LoopSession> sessions = new HashMap<>();
    private final Map<String, LoopSummary> summaries = new LinkedHashMap<>();
    private final FanOuts fanOuts;
    private SeenStatement lastSelect;
    private final SessionOrms sessionOrms = new SessionOrms();
    /** Whether any timestamp had a fraction of a second: until then, times are whole seconds (or absent) and only order counts. */
    private boolean fineTimes;
    private boolean anyTimes;
    /** Statements seen (not transaction control), in the order the sources gave them: a server log's is the order they ended. */
    private long order;
    /**
     * The rule's maxPauseMs (infinite without one), read once: the parameters do not change, and
     * looking them up was a map lookup or two per execution in each rule.
     */
    private final double maxPause;

    RepetitionWatcher(RuleContext context, Set<String> commands) {
        this.context = context;
        this.commands = Set.copyOf(commands);
        this.fanOuts = new FanOuts(context);
        this.maxPause = has("maxPauseMs") ? context.number("maxPauseMs") : Double.POSITIVE_INFINITY;
    }

    abstract boolean qualifies(LoopRun run);

    /** The finding for a statement's summary, or null when it does not amount to one. */
    abstract Finding report(LoopSummary summary);

    /** What makes executions the same for this rule: the fingerprint, by default. */
    String key(SessionEvent e) {
        return e.fingerprint().id();
    }

    boolean tracks(SessionEvent e) {
        return commands.contains(e.command());
    }

    /** Whether a run whose changing values are only LIMIT/OFFSET/keyset bounds counts; a page walk is not a loop. */
    boolean pageWalksCount() {
        return false;
    }

    private boolean has(String parameter) {
        return context.parameters().containsKey(parameter);
    }

    /** How the runs' extent was measured, for the evidence. */
    String timing() {
        if (fineTimes) {
            return "statement order, with pauses read from the log's millisecond timestamps";
        }
        return anyTimes ? "statement order and durations only: the log's timestamps are whole seconds, too coarse to show a pause"
                : "statement order only: the source has no timestamps";
    }

    @Override
    public void accept(SessionEvent e) {
        if (e.timestamp() != null) {
            anyTimes = true;
            fineTimes |= e.timestamp().getNano() != 0;
        }
        LoopSession session = sessions.computeIfAbsent(e.session(), LoopSession::new);
        String request = e.tags().requestId();
        String scopeKey = request != null ? "request " + request : session.ownScope;
        if (session.scope != null && !session.scope.equals(scopeKey)) {
            // the connection serves another request now: what the previous one left open on it is over
            LoopScope previous = scopes.get(session.scope);
            if (previous != null && !previous.request) {
                closeScope(previous);
            }
        }
        session.scope = scopeKey;
        LoopScope scope = scopes.get(scopeKey);
        if (scope == null) {
            scope = new LoopScope(scopeKey, request != null);
            scopes.put(scopeKey, scope);
            session.scopes.add(scopeKey);
            evictScopes();
        }
        if (transactionControl(e, scope)) {
            return;
        }
        sessionOrms.look(e, session.statements);
        order++; // transaction control is not counted between a loop's statements, here as in a request
        scope.index++;
        long maxGap = (long) context.number("maxGap");
        String sql = e.fingerprint().normalizedSql();
        // a statement that is itself repeating is a sibling in the loop's body, not the parent
        boolean repeating = false;
        for (LoopRun r : scope.open.values()) {
            if (r.sql.equals(sql)) {
                repeating = true;
                break;
            }
        }
        // plain loops, not a stream and a copy of the open runs per execution (a tenth of this
        // method's time on a log of short statements); releasing one run changes no other's
        // condition, so deciding all first and releasing after, in the same order, is the same
        List<String> ended = null;
        for (Map.Entry<String, LoopRun> entry : scope.open.entrySet()) {
            // the query the run iterates ran again: the outer loop's next turn starts a new run
            if (scope.index - scope.lastIndex.get(entry.getKey()) > maxGap + 1 || sql.equals(entry.getValue().parentSql) && !repeating) {
                if (ended == null) {
                    ended = new ArrayList<>(2);
                }
                ended.add(entry.getKey());
            }
        }
        if (ended != null) {
            for (String key : ended) {
                release(scope, key);
            }
        }
        Instant end = fineTimes ? e.timestamp() : null;
        Instant start = end == null ? null : end.minusNanos((long) (Double.isNaN(e.durationMs()) ? 0 : Math.max(0, e.durationMs()) * 1e6));
        if (tracks(e)) {
            String key = key(e);
            LoopRun run = scope.open.get(key);
            // inside one explicit transaction the connection serves no other request: a pause there is the
            // application working (a JVM compiling the next query, a stalled host), not the loop's end
            boolean sameTransaction = scope.transaction != 0 && scope.inTransaction.getOrDefault(key, 0) > 0;
            if (run != null && !sameTransaction && pausedTooLong(run, start)) {
                release(scope, key);
                run = null;
            }
            if (run == null) {
                // a connection that just ran a parent of its own runs a loop of its own (two requests at once),
                // unless that parent is the fan-out's own
                run = scope.request ? null : fanOuts.join(key, e, start, session.statements == 0, ownParent(scope, start, e), order);
            }
            if (run == null) {
                run = startRun(key, e, scope, start);
            }
            if (!scope.open.containsKey(key)) {
                scope.open.put(key, run);
                run.holders++;
            }
            scope.lastIndex.put(key, scope.index);
            run.addSession(e.session());
            if (run.firstStart == null) {
                run.firstStart = start;
            }
            run.lastEnd = end != null && (run.lastEnd == null || end.isAfter(run.lastEnd)) ? end : run.lastEnd;
            run.lastOrder = order;
            run.lastFile = FanOuts.file(e);
            run.lastLogged = e.timestamp();
            run.count++;
            run.span(start, e.durationMs());
            scope.inTransaction.merge(key, 1, Integer::sum);
            if (!run.parentKeys.isEmpty() && !e.params().isEmpty() && run.parentKeys.contains(e.params().get(0))) {
                run.fromParentRows++;
            }
            run.lastIndex = scope.index;
            if (e.durationMs() >= 0) {
                run.totalMs += e.durationMs();
            } else {
                run.timed = false;
            }
            run.add(e.params());
        }
        session.statements++;
        SeenStatement here = new SeenStatement(sql, e.command(), e.params(), e.resultKeys(), end, e.session(), scope.transaction, order, FanOuts.file(e),
                e.timestamp(), e.durationMs());
        scope.last = here;
        if ("select".equals(e.command())) {
            lastSelect = here;
        }
    }

    /**
     * BEGIN starts counting anew; COMMIT or ROLLBACK after two or more executions of a run ends it
     * (the application finished a unit of work). One execution per transaction is a loop that
     * commits each row, which goes on.
     */
    private boolean transactionControl(SessionEvent e, LoopScope scope) {
        switch (e.command()) {
            case "begin", "start" -> {
                scope.inTransaction.clear();
                scope.transaction = ++scope.transactions;
            }
            case "commit", "end", "rollback", "abort" -> {
                scope.transaction = 0;
                for (String key : List.copyOf(scope.open.keySet())) {
                    if (scope.inTransaction.getOrDefault(key, 0) >= 2) {
                        release(scope, key);
                    }
                }
                scope.inTransaction.clear();
            }
            case "savepoint", "release" -> {
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * The statement before this one in its request, when it can be a parent: a SELECT of another
     * shape, with no pause after it, or in the same explicit transaction as this one (one unit of
     * work: a pooled connection is not handed to another request inside a transaction, so a pause
     * there is the application working, say compiling its next query, not another request).
     */
    private SeenStatement ownParent(LoopScope scope, Instant start, SessionEvent e) {
        SeenStatement parent = scope.last;
        if (parent == null || !"select".equals(parent.command()) || parent.sql().equals(e.fingerprint().normalizedSql())) {
            return null;
        }
        if (parent.transaction() != 0 && parent.transaction() == scope.transaction) {
            return parent;
        }
        // the application paused after it: it is not what the loop iterates
        return start != null && parent.end() != null && gapMs(parent.end(), start) > maxPause ? null : parent;
    }

    /**
     * Whether the explicit transaction a statement ran in is still open on its connection: the
     * request that ran it is still at work (waiting for what it sent to a pool, say), however long
     * ago it ran.
     */
    private boolean inOpenTransaction(SeenStatement st) {
        LoopSession owner = sessions.get(st.session());
        LoopScope scope = owner == null || owner.scope == null ? null : scopes.get(owner.scope);
        return st.transaction() != 0 && scope != null && scope.transaction == st.transaction();
    }

    private LoopRun startRun(String key, SessionEvent e, LoopScope scope, Instant start) {
        SeenStatement parent = ownParent(scope, start, e);
        if (parent == null && fanOuts.enabled() && lastSelect != null && !lastSelect.session().equals(e.session()) && !scope.request
                && (start != null ? lastSelect.end() != null
                        && (gapMs(lastSelect.end(), start) <= maxPause || inOpenTransaction(lastSelect))
                        && gapMs(lastSelect.end(), start) >= -context.number("fanOutWindowMs")
                        : fanOuts.nextInLogOrder(lastSelect.order(), lastSelect.file(), lastSelect.logged(), e, order))) {
            parent = lastSelect; // the first iteration of a fan-out went out on another connection than its parent
        }
        String sql = e.fingerprint().normalizedSql();
        boolean isParent = parent != null && !parent.sql().equals(sql);
        LoopRun run = new LoopRun(key, sql, e.rawSql(), e.tags(), e.location(), scope.index,
                isParent ? parent.sql() : null, isParent ? parent.params() : null, isParent ? parent.keys() : null);
        if (isParent) {
            run.parentSession = parent.session();
            run.parentEnd = parent.end();
            run.parentDurationMs = parent.durationMs();
        }
        if (isParent && !scope.request) {
            fanOuts.offer(key, run);
        }
        return run;
    }

    private static double gapMs(Instant from, Instant to) {
        return dev.querylens.workload.Elapsed.millis(from, to);
    }

    /**
     * A loop's statements follow each other closely; a longer pause means the same statement came
     * back for another reason (the next request on a pooled connection). Only where timestamps
     * resolve milliseconds, and only for rules with a {@code maxPauseMs} parameter.
     */
    private boolean pausedTooLong(LoopRun run, Instant start) {
        return maxPause != Double.POSITIVE_INFINITY && start != null && run.lastEnd != null && gapMs(run.lastEnd, start) > maxPause;
    }

    /** The scope lets go of a run; the run is over when no scope holds it. */
    private void release(LoopScope scope, String key) {
        LoopRun run = scope.open.remove(key);
        scope.lastIndex.remove(key);
        scope.inTransaction.remove(key);
        if (run != null && --run.holders <= 0) {
            close(run, scope);
        }
    }

    private void closeScope(LoopScope scope) {
        List.copyOf(scope.open.keySet()).forEach(k -> release(scope, k));
        scopes.remove(scope.key);
    }

    private void evictScopes() {
        while (scopes.size() > MAX_SCOPES) {
            closeScope(scopes.values().iterator().next());
        }
    }

    private void close(LoopRun run, LoopScope scope) {
        if (run.closed) {
            return;
        }
        run.close();
        if (run.sessionOrm == null) {
            run.sessionOrm = sessionOrms.sharedBy(run.sessions());
        }
        fanOuts.closed(run);
        if (!qualifies(run) || !pageWalksCount() && run.pageWalk()) {
            return;
        }
        String summaryKey = run.sql + "\u0000" + java.util.Objects.toString(run.tags.route(), "");
        LoopSummary mine = summaries.computeIfAbsent(summaryKey, k -> new LoopSummary());
        mine.add(run, scope.request ? scope.key.substring("request ".length()) : null);
        for (LoopRun other : scope.recent) {
            String otherKey = other.sql + "\u0000" + java.util.Objects.toString(other.tags.route(), "");
            if (!otherKey.equals(summaryKey) && other.firstIndex <= run.lastIndex && run.firstIndex <= other.lastIndex) {
                mine.together.merge(otherKey, 1, Integer::sum);
                summaries.get(otherKey).together.merge(summaryKey, 1, Integer::sum);
            }
        }
        scope.recent.addLast(run);
        if (scope.recent.size() > RECENT) {
            scope.recent.removeFirst();
        }
    }

    @Override
    public void sessionEnded(String session) {
        LoopSession s = sessions.remove(session);
        if (s == null) {
            return;
        }
        for (String key : s.scopes) {
            LoopScope scope = scopes.get(key);
            if (scope != null && !scope.request) {
                closeScope(scope);
            }
        }
        sessionOrms.forget(session);
    }

    /** The ORM that sent a loop: from its own statement, else from what its connection's other statements showed. */
    static java.util.Optional<OrmFixes.Recognised> ormOf(LoopRun run) {
        return OrmFixes.table().recognise(run.tags, run.rawSql).or(() -> java.util.Optional.ofNullable(run.sessionOrm));
    }

    @Override
    public List<Finding> finish() {
        List.copyOf(scopes.values()).forEach(this::closeScope);
        sessions.clear();
        sessionOrms.clear();
        List<Finding> out = new ArrayList<>();
        for (List<String> block : LoopBodies.of(summaries)) {
            out.addAll(reportBlock(block.stream().map(summaries::get).toList()));
        }
        return out;
    }

    /** Statements that repeat together (one, or a loop body); by default each is reported on its own. */
    List<Finding> reportBlock(List<LoopSummary> block) {
        return block.stream().map(this::report).filter(java.util.Objects::nonNull).toList();
    }

    static double round(double ms) {
        return LoopEvidence.round(ms);
    }

    double roundTripMs() {
        return evidenceOf().roundTripMs();
    }

    Map<String, Object> evidence(LoopSummary summary, long executions, String countName, String longestName) {
        return evidenceOf().of(summary, executions, countName, longestName, timing());
    }

    static String origin(LoopSummary summary) {
        return LoopEvidence.origin(summary);
    }

    Finding finding(String rule, LoopSummary summary, long executions, double serverMs, String message, Map<String, Object> evidence,
                    String fix) {
        return evidenceOf().finding(rule, summary, executions, serverMs, message, evidence, fix);
    }

    private LoopEvidence evidenceOf() {
        return new LoopEvidence(context);
    }
}
