package dev.querylens.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * What advise --exact says of each way the solver can end, in points of the workload's cost without
 * new indexes: numbers worked out by hand from a no-index cost of 1000.
 */
class ExactRefinementTest {
    private static ExactRefinement.Outcome outcome(ExactRefinement.Status status, boolean adopted, double greedy, double cost, double bound) {
        return new ExactRefinement.Outcome(status, adopted, greedy, cost, bound, 1000, 2.5, 30, 120, "no library here");
    }

    @Test
    void aTimeLimitSaysHowFarFromTheOptimumTheAdviceCanBe() {
        // best found 612.3 (61.23%), bound 598.0 (59.80%): at most 1.43 points from the optimum; greedy had 625.0
        assertEquals("exact selection (--exact, CP-SAT, stopped at the 30 s limit, 120 costed configurations): best found, at most"
                + " 1.43 points from the optimum (bound 59.80%, workload cost 61.23% of that without new indexes; greedy's was 62.50%)",
                outcome(ExactRefinement.Status.BEST_FOUND, true, 625, 612.3, 598).summary());
        assertEquals(1.43, outcome(ExactRefinement.Status.BEST_FOUND, true, 625, 612.3, 598).gapPoints(), 1e-9);
        // nothing better than greedy found: greedy's, with the gap it could prove
        assertEquals("exact selection (--exact, CP-SAT, stopped at the 30 s limit, 120 costed configurations): best found, at most"
                + " 2.70 points from the optimum (bound 59.80%, workload cost 62.50% of that without new indexes; greedy's selection,"
                + " nothing better found)", outcome(ExactRefinement.Status.BEST_FOUND, false, 625, 625, 598).summary());
    }

    @Test
    void aProvenOptimumSaysWhetherGreedyReachedIt() {
        assertEquals("exact selection (--exact, CP-SAT, 2.5 s over 120 costed configurations): optimum proven; the recommendations are"
                + " the optimum, 1.30 points below greedy's 62.50% (workload cost 61.20% of that without new indexes)",
                outcome(ExactRefinement.Status.PROVEN, true, 625, 612, 612).summary());
        assertEquals("exact selection (--exact, CP-SAT, 2.5 s over 120 costed configurations): optimum proven; greedy's selection is the"
                + " optimum (workload cost 62.50% of that without new indexes)", outcome(ExactRefinement.Status.PROVEN, false, 625, 625, 625).summary());
    }

    @Test
    void aSolverThatDidNotRunSaysWhyAndThatTheAdviceIsGreedys() {
        assertEquals("exact selection (--exact) not run: no library here; the recommendations are greedy's",
                outcome(ExactRefinement.Status.UNAVAILABLE, false, 625, 625, Double.NaN).summary());
        assertEquals("exact selection (--exact, CP-SAT): no selection found within the 30 s limit; the recommendations are greedy's",
                outcome(ExactRefinement.Status.NOTHING_FOUND, false, 625, 625, Double.NaN).summary());
    }
}
