package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.SequenceRule;
import dev.querylens.workload.SessionEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one pass over sessions, requests and transactions that the loop rules ({@link RepetitionWatcher})
 * read: per execution it finds the session and the request (scope) it belongs to, counts it, follows
 * BEGIN/COMMIT, recognises the session's ORM, and then hands the execution to each rule, which keeps
 * only its own runs. The three loop rules each kept all of this, and each looked at every execution
 * for it; none of it depends on a rule's parameters.
 *
 * <p>State is bounded: at most {@value #MAX_SCOPES} requests are open at once (the least recently
 * active is closed first), and a session's state goes when it ends.
 */
final class LoopTracker implements SequenceRule.Watcher {
    static final int MAX_SCOPES = 10_000;

    /** An array, walked by index: the JIT bin/querylens runs (C1) allocates an iterator per for-each, here per execution. */
    private RepetitionWatcher[] rules = new RepetitionWatcher[0];
    private final Map<String, LoopScope> scopes = new LinkedHashMap<>(16, 0.75f, true);
    /**
     * The same scopes by key, for a look that is not activity: reading the access-ordered map would
     * move a scope in the order in which scopes are closed.
     */
    private final Map<String, LoopScope> byKey = new HashMap<>();
    private final Map<String, LoopSession> sessions = new HashMap<>();
    final SessionOrms sessionOrms = new SessionOrms();
    /** Whether any timestamp had a fraction of a second: until then, times are whole seconds (or absent) and only order counts. */
    boolean fineTimes;
    boolean anyTimes;
    /** Statements seen (not transaction control), in the order the sources gave them: a server log's is the order they ended. */
    long order;
    /** The last SELECT of any session: the parent of a fan-out whose first iteration went out on another connection. */
    SeenStatement lastSelect;

    /** A rule reads the pass from now on; its place is its index into each scope's {@link LoopScope#runs}. */
    int join(RepetitionWatcher rule) {
        if (!scopes.isEmpty()) {
            throw new IllegalStateException("a loop rule joins the tracker before the first execution");
        }
        rules = java.util.Arrays.copyOf(rules, rules.length + 1);
        rules[rules.length - 1] = rule;
        return rules.length - 1;
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
            scope = new LoopScope(scopeKey, request != null, rules.length);
            scopes.put(scopeKey, scope);
            byKey.put(scopeKey, scope);
            session.scopes.add(scopeKey);
            evictScopes();
        }
        if (transactionControl(e, scope)) {
            return;
        }
        sessionOrms.look(e, session.statements);
        order++; // transaction control is not counted between a loop's statements, here as in a request
        scope.index++;
        String sql = e.fingerprint().normalizedSql();
        Instant end = fineTimes ? e.timestamp() : null;
        Instant start = end == null ? null : end.minusNanos((long) (Double.isNaN(e.durationMs()) ? 0 : Math.max(0, e.durationMs()) * 1e6));
        for (int i = 0; i < rules.length; i++) {
            rules[i].observe(e, sql, session, scope, start, end);
        }
        session.statements++;
        String file = FanOuts.file(e);
        SeenStatement here = new SeenStatement(sql, e.command(), e.params(), e.resultKeys(), end, e.session(), scope.transaction, order,
                file, e.timestamp(), e.durationMs());
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
                for (int i = 0; i < rules.length; i++) {
                    rules[i].transactionBegins(scope);
                }
                scope.transaction = ++scope.transactions;
            }
            case "commit", "end", "rollback", "abort" -> {
                scope.transaction = 0;
                for (int i = 0; i < rules.length; i++) {
                    rules[i].transactionEnds(scope);
                }
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
     * Whether the explicit transaction a statement ran in is still open on its connection: the
     * request that ran it is still at work (waiting for what it sent to a pool, say), however long
     * ago it ran.
     */
    boolean inOpenTransaction(SeenStatement st) {
        LoopSession owner = sessions.get(st.session());
        LoopScope scope = owner == null || owner.scope == null ? null : byKey.get(owner.scope);
        return st.transaction() != 0 && scope != null && scope.transaction == st.transaction();
    }

    private void closeScope(LoopScope scope) {
        for (int i = 0; i < rules.length; i++) {
            rules[i].closeScope(scope);
        }
        scopes.remove(scope.key);
        byKey.remove(scope.key);
    }

    private void evictScopes() {
        while (scopes.size() > MAX_SCOPES) {
            closeScope(scopes.values().iterator().next());
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

    /** Closes what is still open, for every rule; the rules report in their own {@code finish}. Again, it does nothing. */
    @Override
    public List<Finding> finish() {
        List.copyOf(scopes.values()).forEach(this::closeScope);
        sessions.clear();
        sessionOrms.clear();
        return List.of();
    }
}
