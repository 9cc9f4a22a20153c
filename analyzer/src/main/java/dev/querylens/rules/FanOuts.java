package dev.querylens.rules;

import dev.querylens.engine.RuleContext;
import dev.querylens.workload.Elapsed;
import dev.querylens.workload.SessionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Loops sent through a connection pool: per statement shape, the latest run that followed a parent,
 * which an execution with new values on another connection may join. Only for rules with a
 * {@code fanOutWindowMs} parameter, and only for sessions without request tags (tagged requests
 * are grouped by their tags already).
 */
final class FanOuts {
    private final RuleContext context;
    private final boolean enabled;
    private final Map<String, LoopRun> candidates = new HashMap<>();

    FanOuts(RuleContext context) {
        this.context = context;
        this.enabled = context.parameters().containsKey("fanOutWindowMs");
    }

    boolean enabled() {
        return enabled;
    }

    /** A run that followed a parent: executions on other connections may join it from now on. */
    void offer(String key, LoopRun run) {
        if (enabled) {
            candidates.put(key, run);
        }
    }

    void closed(LoopRun run) {
        if (candidates.get(run.key) == run) {
            candidates.remove(run.key);
        }
    }

    /**
     * The run an execution on another connection joins, or null: one with new values starting within
     * the fan-out window of the run's last execution (four windows on a connection the pool has just
     * opened, {@code fresh}), or, where timestamps do not resolve milliseconds ({@code start} null),
     * right after it in the log's order. A connection that just ran a parent of its own
     * ({@code ownParent}, other than the fan-out's) runs a loop of its own.
     */
    LoopRun join(String key, SessionEvent e, Instant start, boolean fresh, SeenStatement ownParent, long order) {
        if (!enabled) {
            return null;
        }
        LoopRun candidate = candidates.get(key);
        if (candidate != null && ownParent != null && !(ownParent.session().equals(candidate.parentSession)
                && Objects.equals(ownParent.end(), candidate.parentEnd) && ownParent.sql().equals(candidate.parentSql))) {
            return null;
        }
        if (candidate == null || candidate.closed || candidate.sessions().contains(e.session())
                || candidate.seen(e.params()) || candidate.sessions().size() >= LoopRun.MAX_SESSIONS) {
            return null;
        }
        if (start == null) {
            // timestamps too coarse to measure a window (or none): the log's order decides, as it does for runs
            return nextInLogOrder(candidate.lastOrder, candidate.lastFile, candidate.lastLogged, e, order) ? candidate : null;
        }
        if (candidate.lastEnd == null) {
            return null;
        }
        // a connection the pool opens for the fan-out starts its first query after its own start-up (a round trip
        // or more, and authentication): it may join within four windows
        double window = context.number("fanOutWindowMs") * (fresh ? 4 : 1);
        return Elapsed.millis(candidate.lastEnd, start) <= window ? candidate : null;
    }

    /**
     * Without millisecond times, whether an execution (the {@code order}th statement seen) follows an
     * earlier one closely enough in the log's own order to be the same fan-out: in the same file (the
     * order of two inputs read one after the other means nothing), with at most {@code maxGap}
     * statements of any session between them, and, where the log has whole-second times, no more
     * than the second a line may be late apart.
     */
    boolean nextInLogOrder(long earlierOrder, String earlierFile, Instant earlierLogged, SessionEvent e, long order) {
        if (earlierOrder <= 0 || !Objects.equals(earlierFile, file(e))) {
            return false;
        }
        if (earlierLogged != null && e.timestamp() != null && Math.abs(Duration.between(earlierLogged, e.timestamp()).toSeconds()) > 1) {
            return false;
        }
        return order - earlierOrder - 1 <= (long) context.number("maxGap");
    }

    static String file(SessionEvent e) {
        return e.location() == null ? null : e.location().file();
    }
}
