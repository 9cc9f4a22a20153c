package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.SequenceRule;
import dev.querylens.engine.SharedPasses;
import dev.querylens.workload.SessionEvent;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * <p>Sessions, requests, transactions and the last statement of each are followed once for all
 * loop rules by the {@link LoopTracker} the engine shares between them; a rule keeps its own runs
 * only. State is bounded: per request the open runs (at most {@code maxGap + 1} statements' worth);
 * a closed run that qualifies is kept only in its statement's {@link LoopSummary}.
 */
abstract class RepetitionWatcher implements SequenceRule.Watcher {
    private static final int RECENT = 8;

    final RuleContext context;
    private final Set<String> commands;
    private final Map<String, LoopSummary> summaries = new LinkedHashMap<>();
    private final FanOuts fanOuts;
    private final LoopTracker tracker;
    /** Whether this watcher feeds its tracker (one of its own) or the engine does (one shared with the other loop rules). */
    private final boolean ownTracker;
    /** Where this rule's runs are in each scope. */
    private final int place;
    /**
     * The rule's maxPauseMs (infinite without one) and maxGap, read once: the parameters do not
     * change, and looking them up was a map lookup or two per execution in each rule.
     */
    private final double maxPause;
    private final long maxGap;
    /**
     * The runs an execution ends, decided before any is released, and whether each ends only as its
     * parent's next turn: kept, cleared after each use (on a log of short statements a run ends at
     * almost every execution, and these were two lists made each time). Releasing a run never comes back here.
     */
    private final List<String> ending = new ArrayList<>();
    private final List<Boolean> endingByParentOnly = new ArrayList<>();

    /** {@code shared} the engine's shared passes, or null for a watcher that keeps its own tracker. */
    RepetitionWatcher(RuleContext context, SharedPasses shared, Set<String> commands) {
        this.context = context;
        this.commands = Set.copyOf(commands);
        this.fanOuts = new FanOuts(context);
        this.maxPause = has("maxPauseMs") ? context.number("maxPauseMs") : Double.POSITIVE_INFINITY;
        this.maxGap = (long) context.number("maxGap");
        this.ownTracker = shared == null;
        this.tracker = ownTracker ? new LoopTracker() : shared.get(LoopTracker.class, LoopTracker::new);
        this.place = tracker.join(this);
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
        if (tracker.fineTimes) {
            return "statement order, with pauses read from the log's millisecond timestamps";
        }
        return tracker.anyTimes ? "statement order and durations only: the log's timestamps are whole seconds, too coarse to show a pause"
                : "statement order only: the source has no timestamps";
    }

    @Override
    public void accept(SessionEvent e) {
        if (ownTracker) {
            tracker.accept(e);
        }
    }

    @Override
    public void sessionEnded(String session) {
        if (ownTracker) {
            tracker.sessionEnded(session);
        }
    }

    /**
     * One execution that is not transaction control, as the tracker placed it: in {@code scope} of
     * {@code session}, whose statement counts and last statement do not include it yet; {@code start}
     * and {@code end} only from timestamps that resolve milliseconds.
     */
    void observe(SessionEvent e, String sql, LoopSession session, LoopScope scope, Instant start, Instant end) {
        ScopeRuns runs = scope.runs[place];
        if (!runs.open.isEmpty()) {
            endRuns(scope, runs, sql);
        }
        if (tracks(e)) {
            extend(e, sql, session, scope, start, end);
        }
    }

    /**
     * Ends the scope's runs this execution ends: those that did not recur within {@code maxGap}
     * statements, and those whose parent query this is (the outer loop's next turn), unless this
     * statement is itself repeating (a sibling in the loop's body, not the parent). One walk over the
     * open runs, not two, and no copy of them: releasing one run changes no other's condition, so
     * deciding all first and releasing after, in the same order, is the same.
     */
    private void endRuns(LoopScope scope, ScopeRuns runs, String sql) {
        boolean repeating = false;
        for (Map.Entry<String, ScopeRuns.Held> entry : runs.open.entrySet()) {
            ScopeRuns.Held held = entry.getValue();
            repeating |= held.run.sql.equals(sql);
            boolean gone = scope.index - held.lastIndex > maxGap + 1;
            if (gone || sql.equals(held.run.parentSql)) {
                ending.add(entry.getKey());
                endingByParentOnly.add(!gone);
            }
        }
        for (int i = 0; i < ending.size(); i++) {
            if (!(endingByParentOnly.get(i) && repeating)) {
                release(scope, ending.get(i));
            }
        }
        ending.clear();
        endingByParentOnly.clear();
    }

    /** Adds a tracked execution to its run, starting one (or joining a fan-out) where none is open. */
    private void extend(SessionEvent e, String sql, LoopSession session, LoopScope scope, Instant start, Instant end) {
        ScopeRuns runs = scope.runs[place];
        String key = key(e);
        ScopeRuns.Held held = runs.open.get(key);
        LoopRun run = held == null ? null : held.run;
        // inside one explicit transaction the connection serves no other request: a pause there is the
        // application working (a JVM compiling the next query, a stalled host), not the loop's end
        boolean sameTransaction = scope.transaction != 0 && held != null && held.inTransaction > 0;
        if (run != null && !sameTransaction && pausedTooLong(run, start)) {
            release(scope, key);
            held = null;
            run = null;
        }
        if (run == null) {
            // a connection that just ran a parent of its own runs a loop of its own (two requests at once),
            // unless that parent is the fan-out's own
            run = scope.request ? null : fanOuts.join(key, e, start, session.statements == 0, ownParent(scope, start, sql), tracker.order);
        }
        if (run == null) {
            run = startRun(key, e, sql, scope, start);
        }
        if (held == null) {
            held = new ScopeRuns.Held(run);
            runs.open.put(key, held);
            run.holders++;
        }
        held.lastIndex = scope.index;
        run.addSession(e.session());
        if (run.firstStart == null) {
            run.firstStart = start;
        }
        run.lastEnd = end != null && (run.lastEnd == null || end.isAfter(run.lastEnd)) ? end : run.lastEnd;
        run.lastOrder = tracker.order;
        run.lastFile = FanOuts.file(e);
        run.lastLogged = e.timestamp();
        run.count++;
        run.span(start, e.durationMs());
        held.inTransaction++;
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

    /** BEGIN in a scope: its executions are counted anew. */
    void transactionBegins(LoopScope scope) {
        for (ScopeRuns.Held held : scope.runs[place].open.values()) {
            held.inTransaction = 0;
        }
    }

    /** COMMIT or ROLLBACK in a scope: a run with two or more executions in the transaction is over. */
    void transactionEnds(LoopScope scope) {
        ScopeRuns runs = scope.runs[place];
        for (Map.Entry<String, ScopeRuns.Held> entry : runs.open.entrySet()) {
            if (entry.getValue().inTransaction >= 2) {
                ending.add(entry.getKey());
            }
            entry.getValue().inTransaction = 0;
        }
        for (int i = 0; i < ending.size(); i++) {
            release(scope, ending.get(i));
        }
        ending.clear();
    }

    /**
     * The statement before this one in its request, when it can be a parent: a SELECT of another
     * shape, with no pause after it, or in the same explicit transaction as this one (one unit of
     * work: a pooled connection is not handed to another request inside a transaction, so a pause
     * there is the application working, say compiling its next query, not another request).
     */
    private SeenStatement ownParent(LoopScope scope, Instant start, String sql) {
        SeenStatement parent = scope.last;
        if (parent == null || !"select".equals(parent.command()) || parent.sql().equals(sql)) {
            return null;
        }
        if (parent.transaction() != 0 && parent.transaction() == scope.transaction) {
            return parent;
        }
        // the application paused after it: it is not what the loop iterates
        return start != null && parent.end() != null && gapMs(parent.end(), start) > maxPause ? null : parent;
    }

    private LoopRun startRun(String key, SessionEvent e, String sql, LoopScope scope, Instant start) {
        SeenStatement parent = ownParent(scope, start, sql);
        SeenStatement lastSelect = tracker.lastSelect;
        if (parent == null && fanOuts.enabled() && lastSelect != null && !lastSelect.session().equals(e.session()) && !scope.request
                && (start != null ? lastSelect.end() != null
                        && (gapMs(lastSelect.end(), start) <= maxPause || tracker.inOpenTransaction(lastSelect))
                        && gapMs(lastSelect.end(), start) >= -context.number("fanOutWindowMs")
                        : fanOuts.nextInLogOrder(lastSelect.order(), lastSelect.file(), lastSelect.logged(), e, tracker.order))) {
            parent = lastSelect; // the first iteration of a fan-out went out on another connection than its parent
        }
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
        ScopeRuns runs = scope.runs[place];
        ScopeRuns.Held held = runs.open.remove(key);
        if (held != null && --held.run.holders <= 0) {
            close(held.run, scope);
        }
    }

    /** The scope is over (its session ended or moved to another request, or it was the least recently active): so are its runs. */
    void closeScope(LoopScope scope) {
        List.copyOf(scope.runs[place].open.keySet()).forEach(k -> release(scope, k));
    }

    private void close(LoopRun run, LoopScope scope) {
        if (run.closed) {
            return;
        }
        run.close();
        if (run.sessionOrm == null) {
            String only = run.onlySession();
            run.sessionOrm = only != null ? tracker.sessionOrms.sharedBy(only) : tracker.sessionOrms.sharedBy(run.sessions());
        }
        fanOuts.closed(run);
        if (!qualifies(run) || !pageWalksCount() && run.pageWalk()) {
            return;
        }
        String summaryKey = run.sql + "\u0000" + java.util.Objects.toString(run.tags.route(), "");
        LoopSummary mine = summaries.computeIfAbsent(summaryKey, k -> new LoopSummary());
        mine.add(run, scope.request ? scope.key.substring("request ".length()) : null);
        ArrayDeque<LoopRun> recent = scope.runs[place].recent;
        for (LoopRun other : recent) {
            String otherKey = other.sql + "\u0000" + java.util.Objects.toString(other.tags.route(), "");
            if (!otherKey.equals(summaryKey) && other.firstIndex <= run.lastIndex && run.firstIndex <= other.lastIndex) {
                mine.together.merge(otherKey, 1, Integer::sum);
                summaries.get(otherKey).together.merge(summaryKey, 1, Integer::sum);
            }
        }
        recent.addLast(run);
        if (recent.size() > RECENT) {
            recent.removeFirst();
        }
    }

    /** The ORM that sent a loop: from its own statement, else from what its connection's other statements showed. */
    static java.util.Optional<OrmFixes.Recognised> ormOf(LoopRun run) {
        return OrmFixes.table().recognise(run.tags, run.rawSql).or(() -> java.util.Optional.ofNullable(run.sessionOrm));
    }

    @Override
    public List<Finding> finish() {
        tracker.finish(); // closes what is still open, for every rule sharing it (once: again, there is nothing open)
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
