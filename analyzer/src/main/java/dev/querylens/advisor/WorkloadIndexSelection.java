package dev.querylens.advisor;

import dev.querylens.schema.Catalog;
import dev.querylens.sql.Fingerprinter;
import dev.querylens.sql.StatementFacts;
import dev.querylens.workload.StatementGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Chooses indexes for a whole workload with what-if costs, following Extend (Schlosser, Kossmann
 * and Boissier, "Efficient Scalable Multi-Attribute Index Selection Using Recursive Strategies",
 * ICDE 2019): start from no index; in each step consider every single-column index on a column
 * the workload filters, joins or sorts on, and every extension of an already chosen index by one
 * more such column of its table; take the step with the best benefit per byte of index; stop when
 * no step helps or the budget or index count is reached. Benefit is the drop in the workload's
 * cost (each statement's estimate times its calls), minus what maintaining the index costs the
 * workload's writes to its table. A step counts only if it cuts some statement's cost by at
 * least {@code minImprovement} of what that statement cost without new indexes.
 *
 * <p>Added to Extend: more kinds of moves ({@link SelectionMoves}: partial, expression, covering
 * and per-statement multi-column indexes), lazy scoring bounded by cost floors and a prune of
 * indexes later steps made useless ({@link GreedyPass}); after the pass, swaps of a move that no
 * longer fits for the chosen indexes that save least per byte ({@link SelectionSwaps}), where the
 * per-byte rule left the budget's end to smaller, lesser moves. A second pass ranked by plain benefit
 * (CELF's two-pass rule) and a pass with Extend's moves alone were tried and dropped: on TPC-H
 * (100-1000 MB) and TPC-DS (250, 500 MB) neither was ever cheaper than the one pass, and they
 * cost up to 9,500 and 6,900 more what-if calls (benchmarks/README.md).
 */
public final class WorkloadIndexSelection {
    /** Cost units charged per written row for each index on the table: about one random page access (random_page_cost). */
    static final double WRITE_COST_PER_ROW = 4.0;
    private static final java.util.regex.Pattern PARAMETER = java.util.regex.Pattern.compile("(?<![A-Za-z0-9_$])\\$(\\d+)");

    /** Selection limits: total bytes, index count, the least per-statement improvement that counts. */
    public record Limits(long budgetBytes, int maxIndexes, double minImprovement) {
        /** advise's default --min-improvement (see the README's advise section for why). */
        public static final double DEFAULT_MIN_IMPROVEMENT = 0.01;
        /** advise's default --max-indexes: no count limit of its own, the budget and the write costs bound the advice. */
        public static final int DEFAULT_MAX_INDEXES = Integer.MAX_VALUE;

        /** The defaults with {@code budgetBytes}. */
        public static Limits defaults(long budgetBytes) {
            return new Limits(budgetBytes, DEFAULT_MAX_INDEXES, DEFAULT_MIN_IMPROVEMENT);
        }
    }

    /** A statement as the selection weighs it. */
    public record Query(StatementGroup group, StatementFacts facts) {
        /**
         * The fingerprint's hash (a String's, kept once computed): equal queries have equal groups and so equal
         * fingerprints. The record's own hash walks every fact, and the selection keys its maps by queries.
         */
        @Override
        public int hashCode() {
            return group.fingerprint().id().hashCode();
        }
    }

    /**
     * One chosen index with what it does on its own: per statement it helps, its cost with the other
     * chosen indexes but not this one, and with all of them; the improvement is over those statements.
     */
    public record Choice(IndexCandidate index, long sizeBytes, Map<String, double[]> costBeforeAfter, double workloadImprovement,
                         List<String> makesRedundant) {
    }

    /**
     * The outcome, with the statements that could not be costed and why, and those the parser
     * could not read: costed all the same, but they proposed no candidates (and an unread write's
     * index maintenance is not charged).
     */
    public record Result(List<Choice> choices, double baselineCost, double finalCost, int whatIfCalls, List<String> notCosted,
                         List<String> unparsed, List<String> factsFromPlans) {
    }

    private final WhatIfPlanner planner;
    private final Catalog catalog;
    private final Limits limits;
    private final Consumer<String> progress;
    private final Map<Query, String> costedAs = new HashMap<>();
    /** advise --exact: refines greedy's selection by the exact one over what greedy costed; null: greedy's alone. */
    private final ExactRefinement exact;
    /** Swaps after greedy's pass ({@link SelectionSwaps}); off only to measure what they add. */
    private boolean swaps = true;

    public WorkloadIndexSelection(WhatIfPlanner planner, Catalog catalog, Limits limits, Consumer<String> progress) {
        this(planner, catalog, limits, progress, null);
    }

    /** As above, greedy's selection then refined by {@code exact} (null: not). */
    public WorkloadIndexSelection(WhatIfPlanner planner, Catalog catalog, Limits limits, Consumer<String> progress, ExactRefinement exact) {
        this.planner = exact == null ? planner : exact.recording(planner);
        this.catalog = catalog;
        this.limits = limits;
        this.progress = progress;
        this.exact = exact;
    }

    /** This selection without the swaps after greedy's pass: greedy's own choice, for tests that measure what the swaps add. */
    WorkloadIndexSelection withoutSwaps() {
        swaps = false;
        return this;
    }

    public Result select(List<Query> workload) {
        List<Query> reads = new ArrayList<>();
        Map<String, Double> writesPerTable = new LinkedHashMap<>();
        List<String> notCosted = new ArrayList<>();
        List<String> unparsed = new ArrayList<>();
        List<String> factsFromPlans = new ArrayList<>();
        for (Query q : workload) {
            if (!q.facts().parsed()) {
                if (q.facts().kind() == StatementFacts.Kind.UTILITY) {
                    continue;
                }
                // PostgreSQL can plan what the parser cannot read: its plan names the columns to propose indexes on
                StatementFacts fromPlan = q.facts().isWrite() ? null : PlanColumns.facts(planner.verbosePlan(q.group().exampleSql()));
                if (fromPlan != null) {
                    factsFromPlans.add(q.group().sql() + " — " + q.facts().parseError());
                    reads.add(new Query(q.group(), fromPlan));
                    continue;
                }
                // still costed, against every index set, so what other statements' indexes do to it counts
                unparsed.add(q.group().sql() + " — " + q.facts().parseError());
                if (!q.facts().isWrite()) {
                    reads.add(q);
                }
                continue;
            }
            if (q.facts().tables().isEmpty()) {
                continue;
            }
            if (q.facts().kind() == StatementFacts.Kind.INSERT) {
                catalog.table(q.facts().targetTable()).ifPresent(t ->
                        writesPerTable.merge(t.qualifiedName(), (double) q.group().calls() * Math.max(1, q.facts().insertedRows()), Double::sum));
                continue;
            }
            if (q.facts().isWrite()) {
                catalog.table(q.facts().targetTable()).ifPresent(t ->
                        writesPerTable.merge(t.qualifiedName(), (double) q.group().calls(), Double::sum));
            }
            reads.add(q);
        }
        SelectionMoves moves = new SelectionMoves(catalog, reads);
        Map<Query, Double> baseline = new LinkedHashMap<>();
        List<String> texts = reads.stream().map(this::costedAs).toList();
        planner.prefetch(texts.stream().map(sql -> new WhatIfPlanner.Request(sql, List.of())).toList());
        for (Query q : reads) {
            double c = planner.cost(costedAs.get(q), List.of());
            if (Double.isNaN(c)) {
                notCosted.add(q.group().sql() + " — " + planner.lastError());
            } else {
                baseline.put(q, c);
            }
        }
        StatementCosts costs = new StatementCosts(planner, catalog, costedAs);
        CostFloors floors = new CostFloors(costs, moves.from(List.of()).stream().map(SelectionMoves.Move::index).toList());
        GreedyPass passes = new GreedyPass(costs, limits, baseline, writesPerTable, progress, floors);
        GreedyPass.Pass best = passes.run(moves);
        if (swaps) {
            progress.accept(String.format(java.util.Locale.ROOT, "greedy's pass: workload cost %.0f (%.2f%%), %d what-if calls",
                    passes.value(best), 100 * passes.value(best) / StatementCosts.weighted(baseline), planner.calls()));
            best = new SelectionSwaps(costs, limits, passes, progress).improve(best, moves);
        }
        if (exact != null) {
            best = exact.refine(best, costs, baseline, costedAs, limits,
                    i -> WRITE_COST_PER_ROW * writesPerTable.getOrDefault(i.table(), 0.0), passes::value, passes::pruned);
        }
        progress.accept(String.format(java.util.Locale.ROOT, "workload cost %.0f (%.2f%% of %.0f), %d what-if calls",
                passes.value(best), 100 * passes.value(best) / StatementCosts.weighted(baseline), StatementCosts.weighted(baseline), planner.calls()));
        List<IndexCandidate> chosen = best.chosen();
        Map<Query, Double> current = best.costs();
        List<Choice> choices = new ArrayList<>();
        List<Map.Entry<Query, List<IndexCandidate>>> withoutEach = new ArrayList<>();
        for (IndexCandidate index : chosen) {
            List<IndexCandidate> others = chosen.stream().filter(i -> !i.equals(index)).toList();
            baseline.keySet().stream().filter(q -> costs.touches(q, index.table())).forEach(q -> withoutEach.add(Map.entry(q, others)));
        }
        costs.prefetch(withoutEach);
        for (IndexCandidate index : chosen) {
            // each index's own effect: the plan with it against the plan without it, the others kept, so two
            // indexes that serve one statement do not both claim the whole plan's saving on it
            List<IndexCandidate> others = chosen.stream().filter(i -> !i.equals(index)).toList();
            Map<String, double[]> helped = new LinkedHashMap<>();
            double weightedWithout = 0;
            double weightedWith = 0;
            for (Map.Entry<Query, Double> e : baseline.entrySet()) {
                if (!costs.touches(e.getKey(), index.table())) {
                    continue;
                }
                double with = current.get(e.getKey());
                double without = costs.cost(e.getKey(), others);
                if (with < without) {
                    helped.put(e.getKey().group().fingerprint().id(), new double[] {without, with});
                    weightedWithout += without * e.getKey().group().calls();
                    weightedWith += with * e.getKey().group().calls();
                }
            }
            choices.add(new Choice(index, planner.size(index), helped,
                    weightedWithout == 0 ? 0 : 1 - weightedWith / weightedWithout, redundant(index)));
        }
        progress.accept(String.format(java.util.Locale.ROOT, "each index's own saving costed (%d what-if calls)", planner.calls()));
        double base = StatementCosts.weighted(baseline);
        double fin = StatementCosts.weighted(current);
        return new Result(choices, base, fin, planner.calls(), notCosted, unparsed, factsFromPlans);
    }

    /**
     * Chooses what a statement is costed as: as it ran, with values. That is its text when the
     * source kept the literals; else, when it has $n and a sampled execution bound them all (a log's
     * DETAIL line, a JDBC trace), its normalized text with those values put in as literals, so the
     * plan is the custom one PostgreSQL makes for real values and a partial index on a constant
     * can match; else its $n text, which the planner plans generically. A substituted text the
     * planner rejects falls back to the $n text.
     */
    private String costedAs(Query q) {
        String asRan = q.group().exampleSql();
        String normalized = q.group().sql();
        int params = Fingerprinter.highestParameter(normalized);
        String sql = asRan;
        if (Fingerprinter.highestParameter(asRan) > 0 && params > 0) {
            List<String> tuple = q.group().completeSamples().stream().findFirst().orElse(null);
            if (tuple != null) {
                // values from the log are untrusted text: they go in only as literals quoted by Quote
                String withValues = tuple.stream().anyMatch(v -> v != null && v.indexOf('\0') >= 0) ? null
                        : PARAMETER.matcher(normalized).replaceAll(m -> {
                            String v = tuple.get(Integer.parseInt(m.group(1)) - 1);
                            return java.util.regex.Matcher.quoteReplacement(v == null ? "NULL" : dev.querylens.sql.Quote.literal(v));
                        });
                sql = withValues == null || Double.isNaN(planner.cost(withValues, List.of())) ? asRan : withValues;
            }
        }
        costedAs.put(q, sql);
        return sql;
    }

    private List<String> redundant(IndexCandidate index) {
        return catalog.table(index.table()).map(t -> t.indexes().stream()
                .filter(ix -> !ix.unique() && !ix.isPartial() && ix.keys().size() <= index.columns().size()
                        && index.columns().subList(0, ix.keys().size()).equals(ix.keys()))
                .map(ix -> ix.name()).toList()).orElse(List.of());
    }
}
