package dev.querylens.advisor;

import dev.querylens.schema.Catalog;
import java.util.List;

/**
 * Costs reads and UPDATE / DELETE as the API's signed-in role would run them: with the table's row level security
 * conditions in place ({@link PolicyConditions}), so an index that serves a policy is credited. A
 * text the server cannot plan (a policy calling a function this database lacks) is costed as written.
 */
final class PolicyAppliedPlanner implements WhatIfPlanner {
    private final WhatIfPlanner planner;
    private final Catalog catalog;
    private final String role;

    PolicyAppliedPlanner(WhatIfPlanner planner, Catalog catalog, String role) {
        this.planner = planner;
        this.catalog = catalog;
        this.role = role;
    }

    @Override
    public double cost(String sql, List<IndexCandidate> indexes) {
        String applied = PolicyConditions.apply(sql, catalog, role);
        if (!applied.equals(sql)) {
            double c = planner.cost(applied, indexes);
            if (!Double.isNaN(c)) {
                return c;
            }
        }
        return planner.cost(sql, indexes);
    }

    /** Ahead as {@link #cost} asks first: with the policies applied (a text the server cannot plan then falls back one by one). */
    @Override
    public void prefetch(List<Request> requests) {
        planner.prefetch(requests.stream().map(r -> new Request(PolicyConditions.apply(r.sql(), catalog, role), r.indexes())).toList());
    }

    @Override
    public long size(IndexCandidate index) {
        return planner.size(index);
    }

    @Override
    public int calls() {
        return planner.calls();
    }

    @Override
    public String lastError() {
        return planner.lastError();
    }

    @Override
    public String verbosePlan(String sql) {
        return planner.verbosePlan(sql);
    }

    @Override
    public String lostConnection() {
        return planner.lostConnection();
    }
}
