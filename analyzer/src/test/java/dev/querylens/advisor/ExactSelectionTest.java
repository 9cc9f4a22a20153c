package dev.querylens.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The exact selection on workloads small enough to solve by hand: it must find the optimum a
 * per-byte greedy misses, respect the budget, and take a configuration only with all its indexes.
 */
class ExactSelectionTest {
    private static final IndexCandidate A = new IndexCandidate("public.t", List.of("a"), null, List.of());
    private static final IndexCandidate B = new IndexCandidate("public.t", List.of("b"), null, List.of());
    private static final IndexCandidate C = new IndexCandidate("public.t", List.of("c"), null, List.of());

    /** A planner whose costs and sizes the test writes down. */
    private static WhatIfPlanner planner(BiFunction<String, List<IndexCandidate>, Double> cost, Map<IndexCandidate, Long> sizes) {
        return new WhatIfPlanner() {
            @Override
            public double cost(String sql, List<IndexCandidate> indexes) {
                return cost.apply(sql, indexes);
            }

            @Override
            public long size(IndexCandidate index) {
                return sizes.get(index);
            }

            @Override
            public int calls() {
                return 0;
            }

            @Override
            public String lastError() {
                return null;
            }
        };
    }

    /** The optimum within {@code budget} bytes, no count limit, no upkeep, 30 s. */
    private static ExactSelection.Result solve(CostLedger ledger, Map<String, Long> weights, long budget, java.util.Set<String> hint)
            throws ExactSelection.Unavailable {
        return ExactSelection.withOrTools().solve(ledger, weights, new WorkloadIndexSelection.Limits(budget, Integer.MAX_VALUE, 0),
                i -> 0, 30, hint);
    }

    @Test
    void findsTheOptimumAPerByteGreedyMisses() throws Exception {
        // A saves 60 of q1's 100 for 10 bytes (6 per byte); B and C together save 95 of q2's and q3's 200 for 15 bytes (6.3 per
        // byte, but each alone only 20); budget 20: greedy per byte takes A first (B alone: 1.3 per byte), then B or C alone;
        // the optimum is B and C: 100 + 5 + 5 ... written down below
        Map<IndexCandidate, Long> sizes = Map.of(A, 10L, B, 8L, C, 7L);
        CostLedger ledger = new CostLedger();
        WhatIfPlanner p = ledger.recording(planner((sql, ix) -> switch (sql) {
            case "q1" -> ix.contains(A) ? 40.0 : 100.0;
            case "q2" -> ix.contains(B) && ix.contains(C) ? 5.0 : ix.contains(B) || ix.contains(C) ? 90.0 : 100.0;
            default -> ix.contains(B) && ix.contains(C) ? 5.0 : 100.0;
        }, sizes));
        for (String q : List.of("q1", "q2", "q3")) {
            p.cost(q, List.of());
            p.cost(q, List.of(A));
            p.cost(q, List.of(B));
            p.cost(q, List.of(C));
            p.cost(q, List.of(B, C));
        }
        sizes.keySet().forEach(p::size);
        Map<String, Long> weights = Map.of("q1", 1L, "q2", 1L, "q3", 1L);
        // budget 20: {A, B} costs 40 + 90 + 100 = 230, {A, C} 230, {B, C} 100 + 5 + 5 = 110: the optimum, 110 / 300
        ExactSelection.Result r = solve(ledger, weights, 20, java.util.Set.of());
        assertTrue(r.optimal());
        assertEquals(100 * 110.0 / 300, r.relative(), 1e-6);
        assertEquals(2, r.indexes());
        assertEquals(15, r.bytes());
        // budget 14: only one index fits; A alone is best: 40 + 100 + 100
        ExactSelection.Result small = solve(ledger, weights, 14, java.util.Set.of());
        assertEquals(100 * 240.0 / 300, small.relative(), 1e-6);
        assertEquals(10, small.bytes());
        // budget 25: all three
        assertEquals(100 * 50.0 / 300, solve(ledger, weights, 25, java.util.Set.of()).relative(), 1e-6);
    }

    @Test
    void aStatementKeepsItsCostWithoutIndexesWhenNoneOfItsConfigurationsIsChosen() throws Exception {
        CostLedger ledger = new CostLedger();
        WhatIfPlanner p = ledger.recording(planner((sql, ix) -> ix.isEmpty() ? 100.0 : 10.0, Map.of(A, 50L)));
        p.cost("q1;", List.of());
        p.cost("q1 ;", List.of(A));
        p.size(A);
        // one text, however the two algorithms ended it
        ExactSelection.Result none = solve(ledger, Map.of("q1", 1L), 49, java.util.Set.of());
        assertEquals(100.0, none.relative(), 1e-6);
        assertEquals(0, none.indexes());
        assertEquals(10.0, solve(ledger, Map.of("q1", 1L), 50, java.util.Set.of()).relative(), 1e-6);
    }

    @Test
    void aConfigurationASubsetMatchesOrBeatsIsLeftOutAndAHintChangesNoOptimum() throws Exception {
        CostLedger ledger = new CostLedger();
        WhatIfPlanner p = ledger.recording(planner((sql, ix) -> ix.isEmpty() ? 100.0 : ix.contains(A) ? 10.0 : 50.0,
                Map.of(A, 5L, B, 5L, C, 5L)));
        p.cost("q1", List.of());
        p.cost("q1", List.of(A));
        p.cost("q1", List.of(A, B));
        p.cost("q1", List.of(B));
        p.cost("q1", List.of(B, C));
        List.of(A, B, C).forEach(p::size);
        List<CostLedger.Entry> q1 = ledger.entries().stream().filter(e -> !e.indexes().isEmpty()).toList();
        // (A, B) costs what (A) does, (B, C) what (B) does: both dominated
        assertEquals(List.of(List.of(A), List.of(B)), ExactSelection.undominated(q1, 100).stream().map(CostLedger.Entry::indexes)
                .sorted(java.util.Comparator.comparing(Object::toString)).toList());
        // a hint at a worse feasible selection ({B}) still ends at the optimum ({A})
        ExactSelection.Result hinted = solve(ledger, Map.of("q1", 1L), 5, java.util.Set.of(B.ddl()));
        assertTrue(hinted.optimal());
        assertEquals(10.0, hinted.relative(), 1e-6);
    }

    @Test
    void upkeepAndTheIndexCountLimitChangeTheOptimumAndOnlyNeededIndexesAreChosen() throws Exception {
        // q1 saves 60 with A, q2 30 with B, q3 nothing with C (C costed, never cheaper: no configuration of it is kept)
        CostLedger ledger = new CostLedger();
        WhatIfPlanner p = ledger.recording(planner((sql, ix) -> switch (sql) {
            case "q1" -> ix.contains(A) ? 40.0 : 100.0;
            case "q2" -> ix.contains(B) ? 70.0 : 100.0;
            default -> 100.0;
        }, Map.of(A, 1L, B, 1L, C, 1L)));
        for (String q : List.of("q1", "q2", "q3")) {
            p.cost(q, List.of());
            p.cost(q, List.of(A));
            p.cost(q, List.of(B));
            p.cost(q, List.of(C));
        }
        List.of(A, B, C).forEach(p::size);
        Map<String, Long> weights = Map.of("q1", 1L, "q2", 1L, "q3", 1L);
        WorkloadIndexSelection.Limits roomy = new WorkloadIndexSelection.Limits(100, Integer.MAX_VALUE, 0);
        ExactSelection exact = ExactSelection.withOrTools();
        ExactSelection.Result free = exact.solve(ledger, weights, roomy, i -> 0, 30, java.util.Set.of());
        assertEquals(java.util.Set.of(A, B), java.util.Set.copyOf(free.chosen()));
        assertEquals(210.0, free.cost(), 1e-6);
        assertEquals(2, free.bytes());
        // B's upkeep (40) is more than it saves (30): left out, and the cost counts A's upkeep (10)
        ExactSelection.Result dear = exact.solve(ledger, weights, roomy, i -> i.equals(B) ? 40 : 10, 30, java.util.Set.of());
        assertEquals(List.of(A), dear.chosen());
        assertEquals(40 + 100 + 100 + 10, dear.cost(), 1e-6);
        // one index at most: A
        ExactSelection.Result one = exact.solve(ledger, weights, new WorkloadIndexSelection.Limits(100, 1, 0), i -> 0, 30, java.util.Set.of());
        assertEquals(List.of(A), one.chosen());
        assertTrue(one.optimal());
        assertEquals(one.cost(), one.bound(), 1e-6);
    }

    private static ExactSelection.Result solveAt(CostLedger ledger, Map<String, Long> weights, double minImprovement) throws Exception {
        return ExactSelection.withOrTools().solve(ledger, weights, new WorkloadIndexSelection.Limits(1000, Integer.MAX_VALUE, minImprovement),
                i -> 0, 30, java.util.Set.of());
    }

    @Test
    void anIndexWhoseOwnSavingIsBelowTheLeastImprovementIsNotChosenAsGreedyWouldNot() throws Exception {
        // q1 (100 without indexes): A saves 60; B next to A 2 more (alone 2); q2 (100): C saves 5. Each chosen index must cut
        // some statement by the least improvement (a share of its cost without indexes) on its own, as greedy's steps must
        CostLedger ledger = new CostLedger();
        WhatIfPlanner p = ledger.recording(planner((sql, ix) -> switch (sql) {
            case "q1" -> ix.contains(A) ? (ix.contains(B) ? 38.0 : 40.0) : ix.contains(B) ? 98.0 : 100.0;
            default -> ix.contains(C) ? 95.0 : 100.0;
        }, Map.of(A, 1L, B, 1L, C, 1L)));
        for (List<IndexCandidate> config : List.of(List.<IndexCandidate>of(), List.of(A), List.of(B), List.of(A, B))) {
            p.cost("q1", config);
        }
        p.cost("q2", List.of());
        p.cost("q2", List.of(C));
        List.of(A, B, C).forEach(p::size);
        Map<String, Long> weights = Map.of("q1", 1L, "q2", 1L);
        ExactSelection.Result none = solveAt(ledger, weights, 0);
        assertEquals(java.util.Set.of(A, B, C), java.util.Set.copyOf(none.chosen()));
        assertEquals(38 + 95, none.cost(), 1e-6);
        // 3%: B saves q1 2 next to A (its saving alone, 2, is no excuse either): left out; C's 5 still counts
        ExactSelection.Result three = solveAt(ledger, weights, 0.03);
        assertEquals(java.util.Set.of(A, C), java.util.Set.copyOf(three.chosen()));
        assertEquals(40 + 95, three.cost(), 1e-6);
        assertTrue(three.optimal());
        // 10%: C's 5 no longer counts
        ExactSelection.Result ten = solveAt(ledger, weights, 0.10);
        assertEquals(List.of(A), ten.chosen());
        assertEquals(40 + 100, ten.cost(), 1e-6);
    }

    @Test
    void aWideningThatSavesLessThanTheLeastImprovementOverTheNarrowerIndexIsNotChosen() throws Exception {
        // A covering b as well saves q1 one unit more than A: chosen when every saving counts, A instead at 2%
        IndexCandidate covering = A.covering(List.of("b"));
        CostLedger ledger = new CostLedger();
        WhatIfPlanner p = ledger.recording(planner((sql, ix) -> ix.contains(covering) ? 39.0 : ix.contains(A) ? 40.0 : 100.0,
                Map.of(A, 1L, covering, 2L)));
        p.cost("q1", List.of());
        p.cost("q1", List.of(A));
        p.cost("q1", List.of(covering));
        List.of(A, covering).forEach(p::size);
        assertEquals(List.of(covering), solveAt(ledger, Map.of("q1", 1L), 0).chosen());
        assertEquals(List.of(A), solveAt(ledger, Map.of("q1", 1L), 0.02).chosen());
        assertTrue(MarginalSavings.narrower(A, covering));
        assertTrue(!MarginalSavings.narrower(covering, A) && !MarginalSavings.narrower(A, B) && !MarginalSavings.narrower(A, A));
    }

    @Test
    void aSolverThatCannotLoadSaysWhyAndSolvesNothing() {
        CostLedger ledger = new CostLedger();
        ledger.recording(planner((sql, ix) -> 1.0, Map.of())).cost("q1", List.of());
        ExactSelection absent = new ExactSelection(new ExactSelection.Solver() {
            @Override
            public String load() {
                return "no native library for this platform";
            }

            @Override
            public ExactSelection.Result solve(ExactSelection.Program program, double timeLimitSeconds) {
                throw new AssertionError("solved without a library");
            }
        });
        ExactSelection.Unavailable e = org.junit.jupiter.api.Assertions.assertThrows(ExactSelection.Unavailable.class,
                () -> absent.solve(ledger, Map.of("q1", 1L), new WorkloadIndexSelection.Limits(1, 1, 0), i -> 0, 1, java.util.Set.of()));
        assertEquals("no native library for this platform", e.getMessage());
    }
}
