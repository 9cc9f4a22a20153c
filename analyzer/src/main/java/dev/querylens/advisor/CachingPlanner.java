package dev.querylens.advisor;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every what-if planner shares: costs cached by (statement, index set) and sizes by index,
 * counted planner calls, and the last error kept for the report. Subclasses say how an index set
 * is made to exist for one EXPLAIN and how it is removed again.
 */
abstract class CachingPlanner implements WhatIfPlanner {
    private final Map<Key, Double> costs = new HashMap<>();
    /** Why each cached NaN cost could not be computed, so a cache hit reports its own reason. */
    private final Map<Key, String> errors = new HashMap<>();
    /** Statements costed at least once: only these are asked several times within one {@link #prefetch}. */
    private final java.util.Set<String> planned = new java.util.HashSet<>();
    private final Map<String, Long> sizes = new HashMap<>();
    /**
     * Statements, and tables, whose planning failed in a way that would only repeat (a lock held
     * past lock_timeout, the statement timeout, a function that may not run): each is tried once, so
     * one locked table costs its own statements one wait, not the run.
     */
    private final Map<String, String> skippedStatements = new HashMap<>();
    private final Map<String, String> skippedTables = new HashMap<>();
    private int calls;
    private String lastError;
    private final PlanDerivations derivations;

    /** A planner that derives what it can from the indexes earlier plans used ({@link PlanDerivations}). */
    CachingPlanner() {
        this(PlanDerivations.Mode.DERIVE);
    }

    CachingPlanner(PlanDerivations.Mode derivation) {
        this.derivations = new PlanDerivations(derivation);
    }

    /** What the derivations did: costs derived, and when checking, how many differed from the plan and by how much. */
    public final PlanDerivations.Summary derivations() {
        return derivations.summary();
    }

    /**
     * The cost of {@code sql} with {@code indexes} in place on session {@code session} (0 to
     * {@link #sessions()} - 1, each used by one thread at a time); must leave nothing behind.
     */
    abstract double measureCost(int session, String sql, List<IndexCandidate> indexes) throws SQLException;

    /**
     * {@link #measureCost} with the indexes of {@code indexes} the chosen plan scans, where the
     * planner can tell ({@link Measured#used} null where it cannot: then nothing is derived from it).
     */
    Measured measurePlan(int session, String sql, List<IndexCandidate> indexes) throws SQLException {
        return new Measured(measureCost(session, sql, indexes), null);
    }

    /** A planned cost and the indexes of its configuration the chosen plan scans (null: not known). */
    record Measured(double cost, java.util.Set<IndexCandidate> used) {
    }

    /**
     * How many sessions {@link #prefetch} may plan on at once, opening them if need be (at most
     * {@code wanted}); 1 when there is only the one.
     */
    int sessions(int wanted) {
        return 1;
    }

    /** The size of {@code index}; must leave nothing behind. */
    abstract long measureSize(IndexCandidate index) throws SQLException;

    @Override
    public final double cost(String sql, List<IndexCandidate> indexes) {
        Key key = key(sql, indexes);
        Double cached = costs.get(key);
        if (cached != null) {
            if (cached.isNaN()) {
                lastError = errors.get(key);
            }
            return cached;
        }
        String skipped = skipped(sql, indexes);
        if (skipped != null) {
            lastError = skipped;
            return Double.NaN;
        }
        Double derived = derivations.derive(sql, indexes);
        if (derived != null && !derivations.checking()) {
            derivations.used();
            costs.put(key, derived);
            return derived;
        }
        Measured measured;
        SQLException failure = null;
        try {
            measured = measurePlan(0, sql, indexes);
        } catch (SQLException e) {
            failure = e;
            measured = new Measured(Double.NaN, null);
        }
        return record(key, sql, indexes, measured, failure, derived);
    }

    /**
     * Plans the requests not yet cached on up to {@link #sessions} sessions at once, each session
     * taking the next request when it is done with one, and caches the costs as {@link #cost} would
     * have, in the requests' order. A statement never costed before is asked at most once in a
     * batch: its first plan may fail in a way that skips it from then on, and one by one the
     * requests after that failure would not have been planned.
     */
    @Override
    public final void prefetch(List<Request> requests) {
        Map<Key, Request> misses = new java.util.LinkedHashMap<>();
        java.util.Set<String> newStatements = new java.util.HashSet<>();
        for (Request r : requests) {
            Key key = key(r.sql(), r.indexes());
            if (costs.containsKey(key) || misses.containsKey(key) || skipped(r.sql(), r.indexes()) != null
                    || !derivations.checking() && derivations.derive(r.sql(), r.indexes()) != null) {
                continue;
            }
            if (!planned.contains(r.sql()) && !newStatements.add(r.sql())) {
                continue;
            }
            misses.put(key, r);
        }
        if (misses.size() < 2) {
            return;
        }
        int sessions = sessions(misses.size());
        if (sessions < 2) {
            return;
        }
        List<Map.Entry<Key, Request>> work = List.copyOf(misses.entrySet());
        Measured[] measured = new Measured[work.size()];
        SQLException[] failures = new SQLException[work.size()];
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<java.util.concurrent.Future<?>> others = new java.util.ArrayList<>();
        for (int s = 1; s < sessions; s++) {
            int session = s;
            others.add(workers().submit(() -> planEach(session, work, next, measured, failures)));
        }
        planEach(0, work, next, measured, failures);
        for (java.util.concurrent.Future<?> f : others) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while planning on several sessions", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("planning on several sessions failed", e.getCause());
            }
        }
        for (int i = 0; i < work.size(); i++) {
            Request r = work.get(i).getValue();
            // asked one by one, a request the plans recorded before it derive would not have been planned: it is not counted either
            Double derived = derivations.derive(r.sql(), r.indexes());
            if (derived != null && !derivations.checking()) {
                derivations.used();
                costs.put(work.get(i).getKey(), derived);
                continue;
            }
            record(work.get(i).getKey(), r.sql(), r.indexes(), measured[i], failures[i], derived);
        }
    }

    /** One session's share of a batch: the next request not yet taken, until none is left. */
    private void planEach(int session, List<Map.Entry<Key, Request>> work, java.util.concurrent.atomic.AtomicInteger next,
                          Measured[] measured, SQLException[] failures) {
        for (int i = next.getAndIncrement(); i < work.size(); i = next.getAndIncrement()) {
            Request r = work.get(i).getValue();
            try {
                measured[i] = measurePlan(session, r.sql(), r.indexes());
            } catch (SQLException e) {
                failures[i] = e;
                measured[i] = new Measured(Double.NaN, null);
            }
        }
    }

    private java.util.concurrent.ExecutorService workers;

    /** Threads for the sessions after the first (the caller plans on that one); idle ones end after a while, so nothing needs closing. */
    private java.util.concurrent.ExecutorService workers() {
        if (workers == null) {
            java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(0, Integer.MAX_VALUE, 10,
                    java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(), r -> {
                        Thread t = new Thread(r, "querylens-planner-session");
                        t.setDaemon(true);
                        return t;
                    });
            workers = pool;
        }
        return workers;
    }

    /**
     * Counts the call and caches its outcome, as one call of {@link #cost} does, and keeps which
     * indexes the plan scanned for later derivations; {@code derived} is what a derivation gave for
     * it when checking (null: none), compared with the plan's cost.
     */
    private double record(Key key, String sql, List<IndexCandidate> indexes, Measured measured, SQLException failure, Double derived) {
        calls++;
        double cost = measured.cost();
        if (failure != null) {
            lastError = why(failure);
            errors.put(key, lastError);
            if (repeats(failure)) {
                skippedStatements.put(sql, lastError);
            }
            cost = Double.NaN;
        } else {
            planned.add(sql);
            derivations.observe(sql, indexes, measured, derived);
        }
        costs.put(key, cost);
        return cost;
    }

    /**
     * A cost's cache key: the statement and its index set by their DDL, sorted. A record rather than one
     * string: the statement's text (kilobytes on TPC-DS) is neither copied nor hashed again for every lookup.
     */
    private record Key(String sql, List<String> ddl) {
    }

    private static Key key(String sql, List<IndexCandidate> indexes) {
        String[] ddl = new String[indexes.size()];
        for (int i = 0; i < ddl.length; i++) {
            ddl[i] = indexes.get(i).ddl();
        }
        java.util.Arrays.sort(ddl);
        return new Key(sql, List.of(ddl));
    }

    /** Why this request is no longer planned (its statement or a table failed in a way that repeats), or null. */
    private String skipped(String sql, List<IndexCandidate> indexes) {
        String skipped = skippedStatements.get(sql);
        if (skipped == null) {
            skipped = indexes.stream().map(i -> skippedTables.get(i.table())).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        }
        return skipped;
    }

    /** Failures that would only happen again for the same statement or table: it is skipped from then on. */
    private static boolean repeats(SQLException e) {
        return "55P03".equals(e.getSQLState()) || "57014".equals(e.getSQLState())
                || dev.querylens.database.FunctionNotAllowed.STATE.equals(e.getSQLState());
    }

    private static String why(SQLException e) {
        String first = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
        if ("55P03".equals(e.getSQLState())) {
            return first + " (another session held a lock on a table it uses longer than lock_timeout; skipped, the rest of the"
                    + " workload was still costed)";
        }
        if ("57014".equals(e.getSQLState())) {
            return first + " (skipped, the rest of the workload was still costed)";
        }
        return first;
    }

    @Override
    public final long size(IndexCandidate index) {
        Long cached = sizes.get(index.ddl());
        if (cached != null) {
            return cached;
        }
        long size;
        String skipped = skippedTables.get(index.table());
        if (skipped != null) {
            lastError = skipped;
            size = Long.MAX_VALUE;
        } else {
            try {
                size = measureSize(index);
            } catch (SQLException e) {
                lastError = why(e);
                if ("55P03".equals(e.getSQLState())) {
                    skippedTables.put(index.table(), lastError);
                }
                size = Long.MAX_VALUE;
            }
        }
        sizes.put(index.ddl(), size);
        return size;
    }

    @Override
    public final int calls() {
        return calls;
    }

    @Override
    public final String lastError() {
        return lastError;
    }
}
