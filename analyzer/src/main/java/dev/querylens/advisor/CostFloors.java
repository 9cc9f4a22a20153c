package dev.querylens.advisor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per statement and table, the cost the statement reaches with every first-round candidate on that
 * table in place at once: the planner takes the best of them, so no single index on the table
 * takes the statement below it (up to the planner's own non-monotone corners). The gap between a
 * statement's current cost and its floor bounds what a move on the table can still save it, which
 * lets {@link GreedyPass} rank moves it has not scored yet instead of scoring every move of the
 * first round: on TPC-DS that round scored 425 moves with 8,259 what-if calls before this, while
 * the floors take one call per statement and table.
 */
final class CostFloors {
    private final StatementCosts costs;
    private final Map<String, List<IndexCandidate>> candidates = new LinkedHashMap<>();
    private final Map<WorkloadIndexSelection.Query, Map<String, Double>> floors = new HashMap<>();
    private final Map<IndexCandidate, Map<WorkloadIndexSelection.Query, Boolean>> relevant = new HashMap<>();

    CostFloors(StatementCosts costs, List<IndexCandidate> firstRound) {
        this.costs = costs;
        for (IndexCandidate c : firstRound) {
            candidates.computeIfAbsent(c.table(), k -> new ArrayList<>()).add(c);
        }
    }

    /**
     * Whether the floors bound what {@code index} can do: only if every column it holds is a column
     * of some first-round candidate on its table. A widening by a column a statement only reads (its
     * select list, GROUP BY) or an INCLUDE list can answer the statement from the index alone and so
     * go below every floor.
     */
    boolean bound(IndexCandidate index) {
        List<IndexCandidate> onTable = candidates.getOrDefault(index.table(), List.of());
        return index.include().isEmpty() && index.columns().stream()
                .allMatch(c -> onTable.stream().anyMatch(f -> f.columns().contains(c)));
    }

    /** Whether {@code index} is one of the first-round candidates the floors were planned with. */
    boolean firstRound(IndexCandidate index) {
        return candidates.getOrDefault(index.table(), List.of()).contains(index);
    }

    /**
     * What adding {@code index} could still save, summed over the statements it can change and
     * {@code canGain} admits (each
     * at most down to its floor on the index's table, times its calls), against {@code current}.
     */
    double headroom(IndexCandidate index, Map<WorkloadIndexSelection.Query, Double> current,
                    java.util.function.Predicate<WorkloadIndexSelection.Query> canGain) {
        double total = 0;
        for (Map.Entry<WorkloadIndexSelection.Query, Double> e : current.entrySet()) {
            WorkloadIndexSelection.Query q = e.getKey();
            if (!relevant(index, q) || !canGain.test(q)) {
                continue;
            }
            double floor = floor(q, index.table());
            if (Double.isNaN(floor)) {
                // no floor known: nothing bounds the move, so it must be scored
                return Double.POSITIVE_INFINITY;
            }
            total += Math.max(0, e.getValue() - floor) * q.group().calls();
        }
        return total;
    }

    /**
     * Asks ahead for the floors {@link #headroom} will read for each index with its {@code canGain},
     * against {@code current}, that are not known yet.
     */
    void prefetch(List<Map.Entry<IndexCandidate, java.util.function.Predicate<WorkloadIndexSelection.Query>>> indexes,
                  Map<WorkloadIndexSelection.Query, Double> current) {
        java.util.Set<Map.Entry<WorkloadIndexSelection.Query, String>> needed = new java.util.LinkedHashSet<>();
        for (Map.Entry<IndexCandidate, java.util.function.Predicate<WorkloadIndexSelection.Query>> e : indexes) {
            for (WorkloadIndexSelection.Query q : current.keySet()) {
                if (relevant(e.getKey(), q) && e.getValue().test(q)
                        && !floors.getOrDefault(q, Map.of()).containsKey(e.getKey().table())) {
                    needed.add(Map.entry(q, e.getKey().table()));
                }
            }
        }
        costs.prefetch(needed.stream().map(n -> Map.entry(n.getKey(), candidates.getOrDefault(n.getValue(), List.of()))).toList());
    }

    private boolean relevant(IndexCandidate index, WorkloadIndexSelection.Query q) {
        return relevant.computeIfAbsent(index, k -> new HashMap<>())
                .computeIfAbsent(q, k -> costs.touches(q, index.table()) && costs.canUse(q, index));
    }

    private double floor(WorkloadIndexSelection.Query q, String table) {
        return floors.computeIfAbsent(q, k -> new HashMap<>())
                .computeIfAbsent(table, t -> costs.cost(q, candidates.getOrDefault(t, List.of())));
    }
}
