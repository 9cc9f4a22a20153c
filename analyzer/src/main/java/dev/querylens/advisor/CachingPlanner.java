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
    private final Map<String, Double> costs = new HashMap<>();
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

    /** The cost of {@code sql} with {@code indexes} in place; must leave nothing behind. */
    abstract double measureCost(String sql, List<IndexCandidate> indexes) throws SQLException;

    /** The size of {@code index}; must leave nothing behind. */
    abstract long measureSize(IndexCandidate index) throws SQLException;

    @Override
    public final double cost(String sql, List<IndexCandidate> indexes) {
        String key = sql + "\n" + indexes.stream().map(IndexCandidate::ddl).sorted().toList();
        Double cached = costs.get(key);
        if (cached != null) {
            return cached;
        }
        String skipped = skippedStatements.get(sql);
        if (skipped == null) {
            skipped = indexes.stream().map(i -> skippedTables.get(i.table())).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        }
        if (skipped != null) {
            lastError = skipped;
            return Double.NaN;
        }
        double cost;
        try {
            calls++;
            cost = measureCost(sql, indexes);
        } catch (SQLException e) {
            lastError = why(e);
            if (repeats(e)) {
                skippedStatements.put(sql, lastError);
            }
            cost = Double.NaN;
        }
        costs.put(key, cost);
        return cost;
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
