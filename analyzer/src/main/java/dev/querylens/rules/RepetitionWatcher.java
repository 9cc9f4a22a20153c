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
 * grow with the log. Shared by the sequence rules that look for repetition.
 */
abstract class RepetitionWatcher implements SequenceRule.Watcher {
    final RuleContext context;
    private final Set<String> commands;
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, List<Run>> episodes = new LinkedHashMap<>();

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
        long lastIndex;
        final Set<List<String>> distinctParams = new HashSet<>();
        static final int MAX_TRACKED = 10_000;
    }

    private static final class Session {
        long index;
        String lastSql;
        String lastCommand;
        final Map<String, Run> open = new HashMap<>();
    }

    abstract boolean qualifies(Run run);

    /** The longest run of a statement's episodes. */
    static Run longest(List<Run> episodes) {
        return episodes.stream().max(java.util.Comparator.comparingInt(r -> r.count)).orElseThrow();
    }

    /** Evidence every repetition finding carries: episodes, executions, the longest run, its time and session. */
    static Map<String, Object> evidence(List<Run> episodes, String countName, String longestName, String timeName) {
        Run worst = longest(episodes);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("episodes", episodes.size());
        evidence.put(countName, episodes.stream().mapToInt(r -> r.count).sum());
        evidence.put(longestName, worst.count);
        if (worst.timed) {
            evidence.put(timeName, Math.round(worst.totalMs * 1000) / 1000.0);
        }
        evidence.put("session", worst.session);
        return evidence;
    }

    /**
     * A finding about the longest run, located where it started. Its time at stake is the time of
     * all the statement's loops (the runs that qualified), when every one of them was timed.
     */
    Finding finding(String rule, Run worst, String message, Map<String, Object> evidence, String fix) {
        List<Run> runs = episodes.getOrDefault(worst.sql, List.of(worst));
        double loopMs = runs.stream().allMatch(r -> r.timed) ? runs.stream().mapToDouble(r -> r.totalMs).sum() : Double.NaN;
        return new Finding(rule, context.severity(), message, worst.sql, null, List.of(), List.of(worst.first), evidence, fix, loopMs);
    }

    abstract Finding report(List<Run> episodes);

    /** What makes executions the same for this rule: the fingerprint, by default. */
    String key(SessionEvent e) {
        return e.fingerprint().id();
    }

    /** Statements that do not break a run (transaction control around each iteration). */
    boolean transparent(SessionEvent e) {
        return switch (e.command()) {
            case "begin", "commit", "rollback", "savepoint", "release", "start" -> true;
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
        s.open.values().removeIf(run -> {
            if (s.index - run.lastIndex > maxGap + 1) {
                close(run);
                return true;
            }
            return false;
        });
        if (tracks(e)) {
            String key = key(e);
            Run run = s.open.get(key);
            if (run == null) {
                run = new Run();
                run.session = e.session();
                run.sql = e.fingerprint().normalizedSql();
                run.first = e.location();
                run.parentSql = "select".equals(s.lastCommand) && !run.sql.equals(s.lastSql) ? s.lastSql : null;
                s.open.put(key, run);
            }
            run.count++;
            run.lastIndex = s.index;
            if (e.durationMs() >= 0) {
                run.totalMs += e.durationMs();
            } else {
                run.timed = false;
            }
            if (run.distinctParams.size() < Run.MAX_TRACKED) {
                run.distinctParams.add(e.params());
            }
        }
        s.lastSql = e.fingerprint().normalizedSql();
        s.lastCommand = e.command();
    }

    private void close(Run run) {
        if (qualifies(run)) {
            episodes.computeIfAbsent(run.sql, k -> new ArrayList<>()).add(run);
        }
    }

    @Override
    public List<Finding> finish() {
        sessions.values().forEach(s -> s.open.values().forEach(this::close));
        sessions.clear();
        List<Finding> out = new ArrayList<>();
        episodes.forEach((sql, runs) -> out.add(report(runs)));
        return out;
    }
}
