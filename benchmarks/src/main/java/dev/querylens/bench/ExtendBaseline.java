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
    /**
     * {@code -Dextend.prefetch=true}: each step's costs are asked ahead, so a planner of several sessions plans them at once
     * (the same costs and calls; only the seconds shorten). Off by default: Extend's published seconds are one session's.
     */
    private static final boolean PREFETCH = Boolean.getBoolean("extend.prefetch");
    /** One query: its SQL, the tables whose indexes can change its plan, and the column names it mentions. */
    record Query(String sql, Set<String> tables, Set<String> columns) {
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
            Step best = null;
            List<Step> steps = new ArrayList<>();
            for (Map.Entry<String, List<String>> table : attributes.entrySet()) {
                for (String column : table.getValue()) {
                    IndexCandidate single = new IndexCandidate(table.getKey(), List.of(column), null);
                    if (!config.contains(single)) {
                        List<IndexCandidate> next = new ArrayList<>(config);
                        next.add(single);
                        steps.add(new Step(next, planner.size(single)));
                    }
                }
            }
            for (IndexCandidate index : config) {
                for (String column : index.columns().size() < maxWidth ? attributes.getOrDefault(index.table(), List.of()) : List.<String>of()) {
                    List<String> columns = new ArrayList<>(index.columns());
                    columns.add(column);
                    IndexCandidate wider = new IndexCandidate(index.table(), columns, null);
                    if (!index.columns().contains(column) && !config.contains(wider)) {
                        List<IndexCandidate> next = new ArrayList<>(config);
                        next.remove(index);
                        next.add(wider);
                        steps.add(new Step(next, planner.size(wider) - planner.size(index)));
                    }
                }
            }
            if (PREFETCH) {
                long spent = used;
                planner.prefetch(steps.stream().filter(step -> spent + step.addedBytes() <= budget)
                        .flatMap(step -> workload.stream().map(q -> new WhatIfPlanner.Request(q.sql(), relevant(q, step.config())))).toList());
            }
            for (Step step : steps) {
                if (used + step.addedBytes() > budget) {
                    continue;
                }
                double cost = cost(workload, step.config());
                double ratio = (current - cost) / Math.max(1, step.addedBytes());
                if (cost * minCostImprovement < current && ratio > (best == null ? 0 : best.ratio())) {
                    best = step.scored(cost, ratio);
                }
            }
            if (best == null) {
                return new Result(List.copyOf(config), initial, current, used);
            }
            config = best.config();
            used += best.addedBytes();
            progress.accept(String.format(java.util.Locale.ROOT, "Extend step: %s, cost %.0f -> %.0f, %d bytes used",
                    config.get(config.size() - 1).ddl(), current, best.cost(), used));
            current = best.cost();
        }
    }

    /** The indexes of {@code config} that can matter to {@code q}: on its tables, with a column it mentions, in DDL order. */
    private static List<IndexCandidate> relevant(Query q, List<IndexCandidate> config) {
        return config.stream().filter(i -> q.tables().contains(i.table()))
                .filter(i -> i.columns().stream().anyMatch(q.columns()::contains))
                .sorted(Comparator.comparing(IndexCandidate::ddl)).toList();
    }

    /** A candidate configuration: the current one plus a new index or with one index widened. */
    private record Step(List<IndexCandidate> config, long addedBytes, double cost, double ratio) {
        Step(List<IndexCandidate> config, long addedBytes) {
            this(config, addedBytes, Double.NaN, 0);
        }

        Step scored(double withCost, double withRatio) {
            return new Step(config, addedBytes, withCost, withRatio);
        }
    }

    /**
     * The workload's cost with {@code config}; each query is costed with only the indexes that can
     * matter to it, those on its tables with a column it mentions (the reference platform's
     * cost evaluation caches by exactly these relevant indexes), so costs cache well.
     */
    private double cost(List<Query> workload, List<IndexCandidate> config) {
        double sum = 0;
        for (Query q : workload) {
            double c = planner.cost(q.sql(), relevant(q, config));
            if (Double.isNaN(c)) {
                throw new IllegalStateException("could not cost " + q.sql() + ": " + planner.lastError());
            }
            sum += c;
        }
        return sum;
    }
}
