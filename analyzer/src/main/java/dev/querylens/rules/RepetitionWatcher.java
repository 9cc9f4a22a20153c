package dev.querylens.rules;

import dev.querylens.collect.SourceLocation;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.SequenceRule;
import dev.querylens.workload.SessionEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tracks, per session, the runs of each fingerprint of the given commands. State per session is the
 * open runs (at most {@code maxGap + 1} of them) and the last statement, so memory does not
 * grow with the log; a session's state goes when it ends (the workload bounds how many are open).
 * A closed run that qualifies is kept only as part of its statement's {@link Episodes} summary,
 * so memory does not grow with the episodes either. Shared by the sequence rules that look for
 * repetition.
 */
abstract class RepetitionWatcher implements SequenceRule.Watcher {
    final RuleContext context;
    private final Set<String> commands;
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, Episodes> episodes = new LinkedHashMap<>();

    RepetitionWatcher(RuleContext context, Set<String> commands) {
        this.context = context;
        this.commands = Set.copyOf(commands);
    }

    static final class Run {
        String session;
        String sql;
        String parentSql;
        SourceLocation first;
        int count;
        double totalMs;
        boolean timed = true;
        long firstIndex;
        long lastIndex;
        /** The parent's masked result keys (JDBC traces that sample them), and how many repetitions bound one of them as $1. */
        dev.querylens.collect.ResultKeys parentKeys = dev.querylens.collect.ResultKeys.NONE;
        int fromParentRows;
        /** Log timestamps of the first and the last execution, and the first one's duration, for the elapsed time. */
        java.time.Instant firstAt;
        java.time.Instant lastAt;
        double firstMs;
        private Set<List<String>> distinctParams = new HashSet<>();
        private int distinctCount;
        static final int MAX_TRACKED = 10_000;

        /** Distinct parameter tuples seen in the run (counted up to {@link #MAX_TRACKED}). */
        int distinctParams() {
            return distinctParams == null ? distinctCount : distinctParams.size();
        }

        /**
         * What the application waited for the run, from the log's timestamps: first to last, plus
         * the first statement's own duration (a duration line is logged when its statement ends).
         * It holds every round trip and the application's own work between the statements, which
         * server durations alone leave out. NaN without timestamps.
         */
        double elapsedMs() {
            if (firstAt == null || lastAt == null) {
                return Double.NaN;
            }
            double between = java.time.Duration.between(firstAt, lastAt).toNanos() / 1e6;
            return between + (Double.isNaN(firstMs) || firstMs < 0 ? 0 : firstMs);
        }

        /** The elapsed time, or the server time where the source has no timestamps; NaN when it has neither. */
        double waitedMs() {
            double elapsed = elapsedMs();
            return Double.isNaN(elapsed) ? (timed ? totalMs : Double.NaN) : elapsed;
        }

        /** The run is over: keep how many tuples it had, not the tuples. */
        void close() {
            distinctCount = distinctParams.size();
            distinctParams = null;
        }
    }

    /** The qualifying runs of one statement, summarized: how many, their executions, the longest (the first, on ties). */
    static final class Episodes {
        int size;
        long executions;
        Run longest;
        double serverMs;
        /** Summed over the runs with a time: elapsed (or server) time, and the longest of them. */
        double waitedMs;
        double maxWaitedMs = Double.NaN;
        /** Each run's time outside the server (round trips, driver, application) shrinks to one statement's worth when its N queries become one. */
        double savingMs;
        boolean elapsedKnown;
        boolean allTimed = true;
        /** How many of these runs overlapped a qualifying run of another statement in the same session, by that statement. */
        final Map<String, Integer> together = new HashMap<>();

        void add(Run run) {
            size++;
            executions += run.count;
            if (longest == null || run.count > longest.count) {
                longest = run;
            }
            serverMs += run.totalMs;
            allTimed &= run.timed;
            double waited = run.waitedMs();
            if (!Double.isNaN(waited)) {
                waitedMs += waited;
                maxWaitedMs = Double.isNaN(maxWaitedMs) ? waited : Math.max(maxWaitedMs, waited);
            }
            double elapsed = run.elapsedMs();
            if (!Double.isNaN(elapsed) && run.timed) {
                elapsedKnown = true;
                savingMs += Math.max(0, elapsed - run.totalMs) * (run.count - 1) / run.count;
            }
        }
    }

    private static final class Session {
        long index;
        String lastSql;
        String lastCommand;
        dev.querylens.collect.ResultKeys lastKeys = dev.querylens.collect.ResultKeys.NONE;
        final Map<String, Run> open = new HashMap<>();
        /** The last few qualifying runs closed here, to see which statements repeat together (a loop body). */
        final java.util.ArrayDeque<Run> recent = new java.util.ArrayDeque<>();
    }

    private static final int RECENT = 8;

    abstract boolean qualifies(Run run);

    /** Evidence every repetition finding carries: episodes, executions, the longest run, its time and session. */
    static Map<String, Object> evidence(Episodes episodes, String countName, String longestName, String timeName) {
        Run worst = episodes.longest;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("episodes", episodes.size);
        evidence.put(countName, episodes.executions);
        evidence.put(longestName, worst.count);
        if (worst.timed) {
            evidence.put(timeName, Math.round(worst.totalMs * 1000) / 1000.0);
        }
        evidence.put("session", worst.session);
        return evidence;
    }

    /**
     * A finding about the longest run, located where it started. Its time at stake is the time of
     * all the statement's loops (the runs that qualified), when every one of them was timed: what
     * the application waited where the log has timestamps, else the server's time.
     */
    Finding finding(String rule, Run worst, String message, Map<String, Object> evidence, String fix) {
        Episodes all = episodes.get(worst.sql);
        double loopMs = all == null ? (worst.timed ? worst.totalMs : Double.NaN)
                : !all.allTimed ? Double.NaN : all.elapsedKnown ? all.waitedMs : all.serverMs;
        return new Finding(rule, context.severity(), message, worst.sql, null, List.of(), List.of(worst.first), evidence, fix, loopMs);
    }

    /** The finding for a statement's episodes, or null when together they do not amount to one. */
    abstract Finding report(Episodes episodes);

    /** What makes executions the same for this rule: the fingerprint, by default. */
    String key(SessionEvent e) {
        return e.fingerprint().id();
    }

    /** Statements that do not break a run (transaction control around each iteration). */
    boolean transparent(SessionEvent e) {
        return switch (e.command()) {
            case "begin", "commit", "end", "rollback", "abort", "savepoint", "release", "start" -> true;
            default -> false;
        };
    }

    boolean tracks(SessionEvent e) {
        return commands.contains(e.command());
    }

    @Override
    public void accept(SessionEvent e) {
        Session s = sessions.computeIfAbsent(e.session(), k -> new Session());
        if (transparent(e)) {
            return;
        }
        s.index++;
        long maxGap = (long) context.number("maxGap");
        String sql = e.fingerprint().normalizedSql();
        // a statement that is itself repeating is a sibling in the loop's body, not the parent
        boolean repeating = s.open.values().stream().anyMatch(r -> r.sql.equals(sql));
        s.open.values().removeIf(run -> {
            // the query the run iterates ran again: the outer loop's next turn starts a new run
            if (s.index - run.lastIndex > maxGap + 1 || sql.equals(run.parentSql) && !repeating) {
                close(run, s);
                return true;
            }
            return false;
        });
        if (tracks(e)) {
            String key = key(e);
            Run run = s.open.get(key);
            if (run != null && pausedTooLong(run, e)) {
                close(run, s);
                s.open.remove(key);
                run = null;
            }
            if (run == null) {
                run = new Run();
                run.session = e.session();
                run.sql = e.fingerprint().normalizedSql();
                run.first = e.location();
                run.parentSql = "select".equals(s.lastCommand) && !run.sql.equals(s.lastSql) ? s.lastSql : null;
                run.parentKeys = run.parentSql != null ? s.lastKeys : dev.querylens.collect.ResultKeys.NONE;
                run.firstAt = e.timestamp();
                run.firstIndex = s.index;
                run.firstMs = e.durationMs();
                s.open.put(key, run);
            }
            run.lastAt = e.timestamp();
            run.count++;
            if (!run.parentKeys.isEmpty() && !e.params().isEmpty() && run.parentKeys.contains(e.params().get(0))) {
                run.fromParentRows++;
            }
            run.lastIndex = s.index;
            if (e.durationMs() >= 0) {
                run.totalMs += e.durationMs();
            } else {
                run.timed = false;
            }
            if (run.distinctParams() < Run.MAX_TRACKED) {
                run.distinctParams.add(e.params());
            }
        }
        s.lastSql = e.fingerprint().normalizedSql();
        s.lastCommand = e.command();
        s.lastKeys = e.resultKeys();
    }

    /**
     * A loop's statements follow each other closely; a longer pause means the same statement came
     * back for another reason (the next request on a pooled connection). Rules without a
     * {@code maxPauseMs} parameter never break a run on time.
     */
    private boolean pausedTooLong(Run run, SessionEvent e) {
        if (!context.parameters().containsKey("maxPauseMs") || run.lastAt == null || e.timestamp() == null) {
            return false;
        }
        double pause = java.time.Duration.between(run.lastAt, e.timestamp()).toNanos() / 1e6
                - (Double.isNaN(e.durationMs()) ? 0 : Math.max(0, e.durationMs()));
        return pause > context.number("maxPauseMs");
    }

    private void close(Run run, Session s) {
        if (!qualifies(run)) {
            return;
        }
        run.close();
        Episodes mine = episodes.computeIfAbsent(run.sql, k -> new Episodes());
        mine.add(run);
        for (Run other : s.recent) {
            if (!other.sql.equals(run.sql) && other.firstIndex <= run.lastIndex && run.firstIndex <= other.lastIndex) {
                mine.together.merge(other.sql, 1, Integer::sum);
                episodes.get(other.sql).together.merge(run.sql, 1, Integer::sum);
            }
        }
        s.recent.addLast(run);
        if (s.recent.size() > RECENT) {
            s.recent.removeFirst();
        }
    }

    @Override
    public void sessionEnded(String session) {
        Session s = sessions.remove(session);
        if (s != null) {
            List.copyOf(s.open.values()).forEach(run -> close(run, s));
        }
    }

    @Override
    public List<Finding> finish() {
        sessions.values().forEach(s -> List.copyOf(s.open.values()).forEach(run -> close(run, s)));
        sessions.clear();
        List<Finding> out = new ArrayList<>();
        for (List<String> block : blocks()) {
            out.addAll(reportBlock(block.stream().map(episodes::get).toList()));
        }
        return out;
    }

    /**
     * Statements whose runs overlap in at least half of their episodes are one loop body (per
     * item: select it, select its details): they are reported together, in the order they run.
     */
    private List<List<String>> blocks() {
        Map<String, String> root = new LinkedHashMap<>();
        episodes.keySet().forEach(sql -> root.put(sql, sql));
        episodes.forEach((sql, e) -> e.together.forEach((other, n) -> {
            if (n * 2 >= Math.min(e.size, episodes.get(other).size)) {
                root.put(find(root, sql), find(root, other));
            }
        }));
        Map<String, List<String>> byRoot = new LinkedHashMap<>();
        episodes.keySet().forEach(sql -> byRoot.computeIfAbsent(find(root, sql), k -> new ArrayList<>()).add(sql));
        List<List<String>> out = new ArrayList<>();
        for (List<String> block : byRoot.values()) {
            List<String> ordered = new ArrayList<>(block);
            ordered.sort(java.util.Comparator.comparingLong(sql -> episodes.get(sql).longest.firstIndex));
            out.add(ordered);
        }
        return out;
    }

    private static String find(Map<String, String> root, String sql) {
        String r = sql;
        while (!root.get(r).equals(r)) {
            r = root.get(r);
        }
        return r;
    }

    /** Statements that repeat together (one, or a loop body); by default each is reported on its own. */
    List<Finding> reportBlock(List<Episodes> block) {
        return block.stream().map(this::report).filter(java.util.Objects::nonNull).toList();
    }
}
