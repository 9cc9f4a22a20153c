package dev.querylens.bench;

import dev.querylens.advisor.IndexCandidate;
import dev.querylens.advisor.WhatIfPlanner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Extend (Schlosser, Kossmann and Boissier, ICDE 2019) written from the paper as the baseline the
 * advisor is measured against, on the same what-if planner and statistics. Its candidates are
 * what the paper and the published evaluation platform use: a single-column index on every column
 * a query mentions (select list included), and the extension of any chosen index by one more
 * column of its table. Each step takes the candidate with the best drop in workload cost per
 * added byte among those that fit the budget and improve the workload by at least the relative
 * threshold (1.003 in the evaluation platform); it stops when no candidate qualifies.
 *
 * <p>Kept apart from {@code WorkloadIndexSelection} on purpose: the advisor's own choices must not
 * be able to leak into the baseline it is compared with.
 */
final class ExtendBaseline {
    /** One query: its SQL and the tables whose indexes can change its plan. */
    record Query(String sql, Set<String> tables) {
    }

    record Result(List<IndexCandidate> indexes, double baselineCost, double finalCost, long bytes) {
    }

    private final WhatIfPlanner planner;
    private final Map<String, List<String>> attributes;
    private final long budget;
    private final int maxWidth;
    private final double minCostImprovement;
    private final java.util.function.Consumer<String> progress;

    /**
     * @param attributes per table, the columns the workload mentions
     * @param minCostImprovement a step must bring the workload cost below current / this
     */
    ExtendBaseline(WhatIfPlanner planner, Map<String, List<String>> attributes, long budget, int maxWidth, double minCostImprovement,
                   java.util.function.Consumer<String> progress) {
        this.progress = progress;
        this.planner = planner;
        this.attributes = attributes;
        this.budget = budget;
        this.maxWidth = maxWidth;
        this.minCostImprovement = minCostImprovement;
    }

    Result select(List<Query> workload) {
        List<IndexCandidate> config = new ArrayList<>();
        long used = 0;
        double initial = cost(workload, config);
        double current = initial;
        while (true) {
            List<IndexCandidate> bestConfig = null;
            double bestRatio = 0;
            double bestCost = current;
            long bestUsed = used;
            for (Map.Entry<String, List<String>> table : attributes.entrySet()) {
                for (String column : table.getValue()) {
                    IndexCandidate single = new IndexCandidate(table.getKey(), List.of(column), null);
                    long size = planner.size(single);
                    if (config.contains(single) || used + size > budget) {
                        continue;
                    }
                    List<IndexCandidate> next = new ArrayList<>(config);
                    next.add(single);
                    double cost = cost(workload, next);
                    double ratio = (current - cost) / Math.max(1, size);
                    if (cost * minCostImprovement < current && ratio > bestRatio) {
                        bestConfig = next;
                        bestRatio = ratio;
                        bestCost = cost;
                        bestUsed = used + size;
                    }
                }
            }
            for (IndexCandidate index : config) {
                if (index.columns().size() >= maxWidth) {
                    continue;
                }
                for (String column : attributes.getOrDefault(index.table(), List.of())) {
                    if (index.columns().contains(column)) {
                        continue;
                    }
                    List<String> columns = new ArrayList<>(index.columns());
                    columns.add(column);
                    IndexCandidate wider = new IndexCandidate(index.table(), columns, null);
                    long added = planner.size(wider) - planner.size(index);
                    if (config.contains(wider) || used + added > budget) {
                        continue;
                    }
                    List<IndexCandidate> next = new ArrayList<>(config);
                    next.remove(index);
                    next.add(wider);
                    double cost = cost(workload, next);
                    double ratio = (current - cost) / Math.max(1, added);
                    if (cost * minCostImprovement < current && ratio > bestRatio) {
                        bestConfig = next;
                        bestRatio = ratio;
                        bestCost = cost;
                        bestUsed = used + added;
                    }
                }
            }
            if (bestConfig == null) {
                return new Result(List.copyOf(config), initial, current, used);
            }
            config = bestConfig;
            progress.accept(String.format(java.util.Locale.ROOT, "Extend step: %s, cost %.0f -> %.0f, %d bytes used",
                    config.get(config.size() - 1).ddl(), current, bestCost, bestUsed));
            current = bestCost;
            used = bestUsed;
        }
    }

    /** The workload's cost with {@code config}; each query sees only the indexes on its tables, so costs cache well. */
    private double cost(List<Query> workload, List<IndexCandidate> config) {
        double sum = 0;
        for (Query q : workload) {
            List<IndexCandidate> relevant = config.stream().filter(i -> q.tables().contains(i.table()))
                    .sorted(Comparator.comparing(IndexCandidate::ddl)).toList();
            double c = planner.cost(q.sql(), relevant);
            if (Double.isNaN(c)) {
                throw new IllegalStateException("could not cost " + q.sql() + ": " + planner.lastError());
            }
            sum += c;
        }
        return sum;
    }
}
