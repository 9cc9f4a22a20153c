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
        double cost;
        try {
            calls++;
            cost = measureCost(sql, indexes);
        } catch (SQLException e) {
            lastError = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            cost = Double.NaN;
        }
        costs.put(key, cost);
        return cost;
    }

    @Override
    public final long size(IndexCandidate index) {
        Long cached = sizes.get(index.ddl());
        if (cached != null) {
            return cached;
        }
        long size;
        try {
            size = measureSize(index);
        } catch (SQLException e) {
            lastError = e.getMessage();
            size = Long.MAX_VALUE;
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
