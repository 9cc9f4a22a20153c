package dev.querylens.rules;

import dev.querylens.collect.QueryTags;
import dev.querylens.collect.ResultKeys;
import dev.querylens.collect.SourceLocation;
import dev.querylens.engine.LoopTrace;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One run of a statement: its executions one after another in one request (or session), with
 * the statement that came right before it (the parent whose rows it may iterate). A run may span
 * several sessions when it is a fan-out through a connection pool.
 */
final class LoopRun {
    static final int MAX_TRACKED = 10_000;
    static final int MAX_SESSIONS = 64;

    final String key;
    final String sql;
    final String rawSql;
    final QueryTags tags;
    final SourceLocation first;
    final long firstIndex;
    /** The statement before the run, its values and masked result keys; null sql when there is none worth naming. */
    final String parentSql;
    final List<String> parentParams;
    final ResultKeys parentKeys;
    /**
     * The sessions holding its executions, in the order they came: the first alone, the set made when a
     * second one comes (most runs have one session, and a run is started per execution on a log of
     * short statements).
     */
    private String firstSession;
    private Set<String> sessions;
    /** Where and when the parent ran: a connection whose own last statement is that very execution may join a fan-out. */
    String parentSession;
    Instant parentEnd;
    /** How long the parent ran, NaN when the source does not say. */
    double parentDurationMs = Double.NaN;
    /**
     * The first executions' starts (null without millisecond timestamps) and durations, for a report
     * to draw: arrays grown as executions come (most runs on a log of short statements have one, and
     * a run is started per execution there), not two lists of boxed values.
     */
    private Instant[] spanStarts;
    private double[] spanDurations;
    private int spans;
    int count;
    double totalMs;
    boolean timed = true;
    long lastIndex;
    int fromParentRows;
    /**
     * Where its last execution stands in the log's own order (the watcher's count of events) and
     * which file it was read from, and that execution's timestamp as logged however coarse: what a
     * fan-out is joined by where timestamps do not resolve milliseconds.
     */
    long lastOrder;
    String lastFile;
    Instant lastLogged;
    /** Start of the first execution and end of the last, from timestamps that resolve milliseconds; null otherwise. */
    Instant firstStart;
    Instant lastEnd;
    /** The ORM its connection's other statements showed, for a loop whose own SQL shows none. */
    OrmFixes.Recognised sessionOrm;
    /** Sessions holding it open; it is over when none does. */
    int holders;
    boolean closed;
    private List<String> firstParams;
    private List<String> lastParams;
    /**
     * Per parameter position, the direction its value first moved (1 up, -1 down); a later move the
     * other way breaks it. Made at the run's second execution: most runs on a log of short statements
     * have one, and a run is started per execution there.
     */
    private java.util.Map<Integer, Integer> direction;
    private boolean oneWay = true;
    /** Parameter positions whose value changed from the first execution's; made when one first does. */
    private BitSet varying;
    /**
     * The distinct parameter tuples, made when a second one comes: until then the first execution's
     * ({@link #firstParams}) is the only one. Null again after {@link #close()}.
     */
    private Set<List<String>> distinctParams;
    /** The session added last: a run's executions mostly come from one, and adding it again changes nothing. */
    private String lastSession;
    private int distinctCount;

    LoopRun(String key, String sql, String rawSql, QueryTags tags, SourceLocation first, long firstIndex, String parentSql,
            List<String> parentParams, ResultKeys parentKeys) {
        this.key = key;
        this.sql = sql;
        this.rawSql = rawSql;
        this.tags = tags;
        this.first = first;
        this.firstIndex = firstIndex;
        this.parentSql = parentSql;
        this.parentParams = parentParams == null ? List.of() : parentParams;
        this.parentKeys = parentKeys == null ? ResultKeys.NONE : parentKeys;
    }

    void add(List<String> params) {
        if (lastParams != null && oneWay) {
            if (direction == null) {
                direction = new java.util.HashMap<>();
            }
            for (int i = 0; i < Math.min(params.size(), lastParams.size()); i++) {
                int move = compare(params.get(i), lastParams.get(i));
                if (move != 0 && direction.merge(i, move, (was, now) -> was.equals(now) ? was : 0) == 0) {
                    oneWay = false;
                }
            }
        }
        lastParams = params;
        if (firstParams == null) {
            firstParams = params;
        } else {
            int n = Math.max(params.size(), firstParams.size());
            for (int i = 0; i < n; i++) {
                String a = i < params.size() ? params.get(i) : null;
                String b = i < firstParams.size() ? firstParams.get(i) : null;
                if (!java.util.Objects.equals(a, b)) {
                    if (varying == null) {
                        varying = new BitSet();
                    }
                    varying.set(i);
                }
            }
        }
        if (closed) {
            return;
        }
        if (distinctParams == null) {
            if (!firstParams.equals(params)) {
                distinctParams = new HashSet<>();
                distinctParams.add(firstParams);
                distinctParams.add(params);
            }
        } else if (distinctParams.size() < MAX_TRACKED) {
            distinctParams.add(params);
        }
    }

    /** Adds a session holding executions of the run (the set's order is the order sessions first came). */
    void addSession(String session) {
        if (firstSession == null) {
            firstSession = session;
            lastSession = session;
            return;
        }
        if (lastSession.equals(session)) {
            return;
        }
        if (sessions == null) {
            sessions = new LinkedHashSet<>();
            sessions.add(firstSession);
        }
        sessions.add(session);
        lastSession = session;
    }

    /** The one session holding its executions, or null when several do (or none yet). */
    String onlySession() {
        return sessions == null ? firstSession : null;
    }

    /** The sessions holding its executions, in the order they first came (unmodifiable while there is one). */
    Set<String> sessions() {
        return sessions != null ? sessions : firstSession == null ? java.util.Collections.emptySet()
                : java.util.Collections.singleton(firstSession);
    }

    boolean seen(List<String> params) {
        if (closed) {
            return false;
        }
        return distinctParams != null ? distinctParams.contains(params) : firstParams != null && firstParams.equals(params);
    }

    /** Distinct parameter tuples seen in the run (counted up to {@link #MAX_TRACKED}). */
    int distinctParams() {
        return closed ? distinctCount : distinctParams != null ? distinctParams.size() : firstParams != null ? 1 : 0;
    }

    /**
     * Whether only page parameters (LIMIT, OFFSET, a keyset bound) changed, each always the same way
     * (offsets grow; a keyset bound follows the previous page's last row): a walk through pages of
     * one result. Bounds that jump back and forth are values of something else, a loop.
     */
    boolean pageWalk() {
        if (varying == null || varying.isEmpty() || !oneWay) {
            return false;
        }
        Set<Integer> pages = PageWalk.positions(sql);
        return varying.stream().allMatch(pages::contains);
    }

    /** -1, 0 or 1: numbers as numbers, anything else as text; null sorts first. */
    private static int compare(String a, String b) {
        if (java.util.Objects.equals(a, b)) {
            return 0;
        }
        if (a == null || b == null) {
            return a == null ? -1 : 1;
        }
        if (numeric(a) && numeric(b)) {
            try {
                return Integer.signum(new java.math.BigDecimal(a.strip()).compareTo(new java.math.BigDecimal(b.strip())));
            } catch (NumberFormatException notANumber) {
                // "1-2": compared as text below
            }
        }
        return Integer.signum(a.compareTo(b));
    }

    private static boolean numeric(String s) {
        if (s.isEmpty() || s.length() > 40) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E' || c == ' ')) {
                return false;
            }
        }
        return true;
    }

    /** Keeps the first {@link LoopTrace#MAX_SPANS} executions' start and duration. */
    void span(Instant start, double durationMs) {
        if (spans < LoopTrace.MAX_SPANS) {
            if (spanStarts == null) {
                spanStarts = new Instant[1];
                spanDurations = new double[1];
            } else if (spans == spanStarts.length) {
                int grown = Math.min(LoopTrace.MAX_SPANS, spans * 2);
                spanStarts = java.util.Arrays.copyOf(spanStarts, grown);
                spanDurations = java.util.Arrays.copyOf(spanDurations, grown);
            }
            spanStarts[spans] = start;
            spanDurations[spans] = durationMs >= 0 ? durationMs : Double.NaN;
            spans++;
        }
    }

    /**
     * The run as spans from its parent's start (its first execution's, without a parent), placed in
     * time where every kept start is known from millisecond timestamps, else only in order.
     */
    LoopTrace trace(String namedParent) {
        Instant parentStart = parentEnd == null || Double.isNaN(parentDurationMs) ? parentEnd
                : parentEnd.minusNanos((long) (parentDurationMs * 1e6));
        boolean anyUnplaced = false;
        for (int i = 0; i < spans; i++) {
            anyUnplaced |= spanStarts[i] == null;
        }
        boolean placed = firstStart != null && !anyUnplaced && (namedParent == null || parentStart != null);
        Instant origin = !placed ? null : namedParent != null ? parentStart : firstStart;
        List<LoopTrace.Span> traced = new java.util.ArrayList<>();
        for (int i = 0; i < spans; i++) {
            traced.add(new LoopTrace.Span(placed ? millisBetween(origin, spanStarts[i]) : Double.NaN, spanDurations[i]));
        }
        LoopTrace.Span parent = namedParent == null ? null : new LoopTrace.Span(placed ? 0 : Double.NaN, parentDurationMs);
        return new LoopTrace(sql, namedParent, parent, traced, count, origin, placed ? lastEnd : null);
    }

    private static double millisBetween(Instant from, Instant to) {
        return dev.querylens.workload.Elapsed.millis(from, to);
    }

    /** Wall time from the first execution's start to the last one's end; NaN without millisecond timestamps. */
    double elapsedMs() {
        return firstStart == null || lastEnd == null ? Double.NaN
                : Math.max(0, dev.querylens.workload.Elapsed.millis(firstStart, lastEnd));
    }

    /** The run is over: keep how many tuples it had, not the tuples. */
    void close() {
        distinctCount = distinctParams();
        closed = true;
        distinctParams = null;
    }
}
