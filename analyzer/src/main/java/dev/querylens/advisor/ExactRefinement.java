package dev.querylens.advisor;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

/**
 * advise --exact: after greedy's selection, the exact one over every configuration greedy costed
 * ({@link ExactSelection}, greedy's selection as the solver's starting point), within a time limit.
 * The solver's selection replaces greedy's only where PostgreSQL, asked again with exactly that
 * selection in place, costs the workload lower than greedy's; so the advice is never worse than
 * greedy's, and its costs are the planner's, not the model's. What happened (optimum proven, best
 * found with the gap it could prove, or why the solver did not run) is the {@link Outcome}.
 */
public final class ExactRefinement {
    /** How every {@link Outcome#summary} starts: the report's writers show that note beside the index plan. */
    public static final String NOTE = "exact selection";

    /** How the exact selection ended. */
    public enum Status { PROVEN, BEST_FOUND, NOTHING_FOUND, UNAVAILABLE }

    /**
     * {@code greedyCost} and {@code cost}: the workload's weighted cost (with index upkeep) with
     * greedy's selection and with the advice as given; {@code bound}: the least cost the solver
     * proved any selection of the costed configurations can reach; all three in planner units, and
     * as shares of {@code noIndexes}. {@code adopted}: the advice is the solver's selection, not greedy's.
     */
    public record Outcome(Status status, boolean adopted, double greedyCost, double cost, double bound, double noIndexes,
                          double seconds, double timeLimitSeconds, int configurations, String unavailable) {
        /** In points of the no-index cost: how far the advice can be above the optimum (0 when proven). */
        public double gapPoints() {
            return 100 * (cost - bound) / noIndexes;
        }

        /** One line for the report's notes. */
        public String summary() {
            return switch (status) {
                case UNAVAILABLE -> NOTE + " (--exact) not run: " + unavailable + "; the recommendations are greedy's";
                case NOTHING_FOUND -> String.format(Locale.ROOT, NOTE + " (--exact, CP-SAT): no selection found within"
                        + " the %.0f s limit; the recommendations are greedy's", timeLimitSeconds);
                case PROVEN -> String.format(Locale.ROOT, NOTE + " (--exact, CP-SAT, %.1f s over %d costed configurations):"
                        + " optimum proven; %s (workload cost %.2f%% of that without new indexes)", seconds, configurations,
                        adopted ? String.format(Locale.ROOT, "the recommendations are the optimum, %.2f points below greedy's %.2f%%",
                                100 * (greedyCost - cost) / noIndexes, 100 * greedyCost / noIndexes)
                                : gapPoints() < 0.005 ? "greedy's selection is the optimum"
                                : String.format(Locale.ROOT, "the optimum is %.2f%%, but PostgreSQL planned the workload dearer with"
                                        + " its indexes than with greedy's (the model takes a configuration's cost for its supersets),"
                                        + " so the recommendations are greedy's, at most %.2f points from it", 100 * bound / noIndexes,
                                        gapPoints()), 100 * cost / noIndexes);
                case BEST_FOUND -> String.format(Locale.ROOT, NOTE + " (--exact, CP-SAT, stopped at the %.0f s limit, %d costed"
                        + " configurations): best found, at most %.2f points from the optimum (bound %.2f%%, workload cost %.2f%% of"
                        + " that without new indexes; %s)", timeLimitSeconds, configurations, gapPoints(), 100 * bound / noIndexes,
                        100 * cost / noIndexes, adopted ? String.format(Locale.ROOT, "greedy's was %.2f%%", 100 * greedyCost / noIndexes)
                                : "greedy's selection, nothing better found");
            };
        }
    }

    private final ExactSelection solver;
    private final double timeLimitSeconds;
    private final Consumer<String> progress;
    private final CostLedger ledger = new CostLedger();
    private Outcome outcome;

    public ExactRefinement(ExactSelection solver, double timeLimitSeconds, Consumer<String> progress) {
        this.solver = solver;
        this.timeLimitSeconds = timeLimitSeconds;
        this.progress = progress;
    }

    /** {@code planner}, each cost it gives also kept as a configuration the solver may choose. */
    WhatIfPlanner recording(WhatIfPlanner planner) {
        return ledger.recording(planner);
    }

    /** The last refinement's outcome, or null before one ran. */
    public Outcome outcome() {
        return outcome;
    }

    /**
     * The solver's selection where it is cheaper by the planner than greedy's, else greedy's.
     * {@code costedAs}: each statement's text as costed; {@code upkeep}: what an index costs the
     * workload's writes; {@code value}: a selection's workload cost with upkeep, as greedy weighs it;
     * {@code prune}: a selection without the indexes that do not pay their way, as greedy prunes its
     * own (the least improvement counted by the planner's costs with exactly that selection, where
     * the program counted it by the costed configurations).
     */
    GreedyPass.Pass refine(GreedyPass.Pass greedy, StatementCosts costs, Map<WorkloadIndexSelection.Query, Double> baseline,
                           Map<WorkloadIndexSelection.Query, String> costedAs, WorkloadIndexSelection.Limits limits,
                           ToDoubleFunction<IndexCandidate> upkeep, ToDoubleFunction<GreedyPass.Pass> value,
                           UnaryOperator<GreedyPass.Pass> prune) {
        double noIndexes = StatementCosts.weighted(baseline);
        double greedyValue = value.applyAsDouble(greedy);
        Map<String, Long> weights = new LinkedHashMap<>();
        baseline.keySet().forEach(q -> weights.merge(CostLedger.canonical(costedAs.get(q)), q.group().calls(), Long::sum));
        Set<String> hint = new HashSet<>();
        greedy.chosen().forEach(i -> hint.add(i.ddl()));
        progress.accept(String.format(Locale.ROOT, "exact selection: solving over the costed configurations (at most %.0f s)", timeLimitSeconds));
        ExactSelection.Result r;
        try {
            r = solver.solve(ledger, weights, limits, upkeep, timeLimitSeconds, hint);
        } catch (ExactSelection.Unavailable e) {
            outcome = new Outcome(Status.UNAVAILABLE, false, greedyValue, greedyValue, Double.NaN, noIndexes, 0, timeLimitSeconds, 0,
                    e.getMessage());
            return greedy;
        }
        if (r.status() == ExactSelection.Status.NONE) {
            outcome = new Outcome(Status.NOTHING_FOUND, false, greedyValue, greedyValue, Double.NaN, noIndexes, r.seconds(),
                    timeLimitSeconds, r.configurations(), null);
            return greedy;
        }
        Status status = r.optimal() ? Status.PROVEN : Status.BEST_FOUND;
        GreedyPass.Pass chosen = greedy;
        if (!Set.copyOf(r.chosen()).equals(Set.copyOf(greedy.chosen()))) {
            // the plans with exactly this selection in place: the model assumed a configuration's cost for its supersets
            costs.prefetch(baseline.keySet(), r.chosen()); // on several planner sessions where there are
            Map<WorkloadIndexSelection.Query, Double> after = new LinkedHashMap<>();
            boolean costed = true;
            for (WorkloadIndexSelection.Query q : baseline.keySet()) {
                double c = costs.cost(q, r.chosen());
                costed &= !Double.isNaN(c);
                after.put(q, c);
            }
            GreedyPass.Pass exact = costed ? prune.apply(new GreedyPass.Pass(List.copyOf(r.chosen()), after)) : null;
            if (costed && value.applyAsDouble(exact) < greedyValue) {
                chosen = exact;
            }
        }
        double cost = value.applyAsDouble(chosen);
        // the bound holds for the model; a selection the planner costs below it (plans are not monotone in the
        // indexes offered) is still no proof of more, so the gap is never shown below 0
        outcome = new Outcome(status, chosen != greedy, greedyValue, cost, Math.min(cost, r.bound()), noIndexes, r.seconds(),
                timeLimitSeconds, r.configurations(), null);
        return chosen;
    }
}
