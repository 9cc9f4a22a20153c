package dev.querylens.bench;

import dev.querylens.advisor.IndexCandidate;
import dev.querylens.advisor.WhatIfPlanner;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One algorithm's run at one budget on a planner shared by every run of the benchmark. The shared
 * planner caches what-if costs, so a later run gets the costs an earlier one asked for without
 * asking the server again; but {@link #calls()} counts the distinct (statement, index set) costs
 * this run asked for, which is exactly the what-if calls it would have made on a planner of its
 * own (the algorithms are deterministic and the costs the same). So the calls reported per budget
 * are those of an independent run, and only the seconds of the runs after the first are shorter
 * for the sharing: a TPC-DS what-if call takes about 20 ms on this machine, and thousands of
 * them repeat from budget to budget.
 */
final class RunScopedPlanner implements WhatIfPlanner {
    private final WhatIfPlanner shared;
    private final Set<String> asked = new HashSet<>();

    RunScopedPlanner(WhatIfPlanner shared) {
        this.shared = shared;
    }

    @Override
    public double cost(String sql, List<IndexCandidate> indexes) {
        // the same key CachingPlanner caches by
        asked.add(sql + "\n" + indexes.stream().map(IndexCandidate::ddl).sorted().toList());
        return shared.cost(sql, indexes);
    }

    @Override
    public void prefetch(List<Request> requests) {
        shared.prefetch(requests);
    }

    @Override
    public long size(IndexCandidate index) {
        return shared.size(index);
    }

    @Override
    public int calls() {
        return asked.size();
    }

    @Override
    public String lastError() {
        return shared.lastError();
    }

    @Override
    public String verbosePlan(String sql) {
        return shared.verbosePlan(sql);
    }

    @Override
    public String lostConnection() {
        return shared.lostConnection();
    }
}
