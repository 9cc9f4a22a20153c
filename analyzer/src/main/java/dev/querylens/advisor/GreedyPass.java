package dev.querylens.advisor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One greedy pass of {@link WorkloadIndexSelection}: Extend's steps, taken best score first, with
 * lazy re-scoring, and a prune of indexes that later steps made useless.
 *
 * <p>A step's benefit is its net change over every statement on the index's table: a widened index
 * can make one statement cheaper and another dearer (its key no longer suits that one as well),
 * and a step that made the workload worse overall must not be taken because of its one good
 * side.
 */
final class GreedyPass {
    /** A partial index must be at most this share of the full index's size to be worth its narrower use. */
    private static final double MAX_PARTIAL_SHARE = 0.5;
    /** Greedy rounds after a prune freed budget: each prune only removes, so a few suffice. */
    private static final int MAX_PRUNES = 3;

    /** A pass's choice and the statement costs with it. */
    record Pass(List<IndexCandidate> chosen, Map<WorkloadIndexSelection.Query, Double> costs) {
    }

    /** A move's score as last evaluated, in which round, and the statement costs it leads to. */
    private record Scored(double score, int round, long size, Map<WorkloadIndexSelection.Query, Double> after, boolean optimistic) {
    }

    /**
     * What the lazy steps know of the moves across one pass's step runs: each move's last score and
     * round, and the floor bound of each move never scored. After a prune that dropped only indexes
     * whose absence raised no statement's cost by the least improvement that counts, the scores are
     * kept as an earlier round's: a measured heuristic, not a bound (a move's benefit can grow by up
     * to those rises, and one that scored 0 is not scored again), which on TPC-DS moved the result by
     * at most 0.03 points while scoring every move afresh after a prune had taken a third of the
     * what-if calls at 250 MB (6,800 of 21,800) for one more index. A prune that dropped an index
     * whose absence does raise a statement by that much (its upkeep outweighed its saving) starts
     * the scores afresh.
     */
    private static final class Scores {
        final Map<SelectionMoves.Move, Scored> known = new HashMap<>();
        final Map<SelectionMoves.Move, Double> unscored = new HashMap<>();
        int round;

        /** Forgets which moves did not fit: a prune freed budget. */
        void budgetFreed() {
            known.values().removeIf(k -> k.score() == Double.NEGATIVE_INFINITY);
            unscored.values().removeIf(b -> b == Double.NEGATIVE_INFINITY);
        }
    }

    private final StatementCosts costs;
    private final WorkloadIndexSelection.Limits limits;
    private final Map<WorkloadIndexSelection.Query, Double> baseline;
    private final Map<String, Double> writesPerTable;
    private final Consumer<String> progress;
    private final CostFloors floors;
    /** Each move's benefit (net of upkeep) when last scored where it fitted: what a swap may expect of it ({@link SelectionSwaps}). */
    private final Map<SelectionMoves.Move, Double> scoredBenefit = new HashMap<>();

    GreedyPass(StatementCosts costs, WorkloadIndexSelection.Limits limits, Map<WorkloadIndexSelection.Query, Double> baseline,
               Map<String, Double> writesPerTable, Consumer<String> progress, CostFloors floors) {
        this.floors = floors;
        this.costs = costs;
        this.limits = limits;
        this.baseline = baseline;
        this.writesPerTable = writesPerTable;
        this.progress = progress;
    }

    /** Greedy steps until none pays; then drops what no longer pays its way and, if that freed budget, steps on. */
    Pass run(SelectionMoves moves) {
        return continueFrom(moves, new Pass(List.of(), baseline));
    }

    /** As {@link #run}, from {@code from}'s selection instead of none (after a swap, {@link SelectionSwaps}). */
    Pass continueFrom(SelectionMoves moves, Pass from) {
        List<IndexCandidate> chosen = new ArrayList<>(from.chosen());
        Map<WorkloadIndexSelection.Query, Double> current = new LinkedHashMap<>(from.costs());
        Scores scores = new Scores();
        for (int prunes = 0; ; prunes++) {
            current = steps(moves, chosen, current, scores);
            progress.accept(String.format(Locale.ROOT, "greedy's steps ended (%d what-if calls)", costs.planner().calls()));
            if (prunes == MAX_PRUNES) {
                break;
            }
            Pruned pruned = prune(chosen, current);
            if (pruned.costs() == current) {
                break;
            }
            progress.accept(String.format(Locale.ROOT, "pruned (%d what-if calls)", costs.planner().calls()));
            if (pruned.droppedWhatCounted()) {
                scores = new Scores();
            } else {
                scores.budgetFreed();
            }
            current = pruned.costs();
        }
        return new Pass(List.copyOf(chosen), current);
    }

    /**
     * A selection made elsewhere (the exact one, {@link ExactRefinement}) held to the rule greedy's own
     * choice is: without each index that no longer pays its way by {@link #prune}'s test.
     */
    Pass pruned(Pass pass) {
        List<IndexCandidate> chosen = new ArrayList<>(pass.chosen());
        Map<WorkloadIndexSelection.Query, Double> after = prune(chosen, pass.costs()).costs();
        return new Pass(List.copyOf(chosen), after);
    }

    /** What a choice costs the workload: its statements' weighted cost plus the index maintenance its writes pay. */
    double value(Pass pass) {
        return StatementCosts.weighted(pass.costs()) + pass.chosen().stream().mapToDouble(this::maintenance).sum();
    }

    double maintenance(IndexCandidate index) {
        return WorkloadIndexSelection.WRITE_COST_PER_ROW * writesPerTable.getOrDefault(index.table(), 0.0);
    }

    /**
     * Greedy steps with lazy evaluation (Minoux's accelerated greedy, as in CELF): a move's score
     * from an earlier round bounds its score now, since the indexes chosen since can only have
     * taken some of its benefit; a move never scored is bounded by what its statements can still
     * save down to their {@link CostFloors} when it first appeared. So each round evaluates moves
     * best-bound first and stops as soon as a freshly scored move beats every remaining bound, or
     * when no bound is positive. There is no last-chance round that re-scores every move whose
     * statements changed before giving up (an index that pays only next to one chosen later, yet
     * scored nothing when first tried): on TPC-DS it cost 1,200 to 32,700 what-if calls per budget
     * (at 2000 MB more than Extend's whole run) and bought 0.08 to 0.27 points; on TPC-H nothing.
     * Adds to {@code chosen}; returns the costs with it.
     */
    private Map<WorkloadIndexSelection.Query, Double> steps(SelectionMoves sources, List<IndexCandidate> chosen,
                                                           Map<WorkloadIndexSelection.Query, Double> start, Scores scores) {
        Map<WorkloadIndexSelection.Query, Double> current = start;
        Map<SelectionMoves.Move, Scored> known = scores.known;
        // a move's floor bound is taken once, when it first appears, and kept like an earlier round's score: recomputed
        // against today's costs it would shrink wrongly once an index on another table took a statement below its floor,
        // and a join key's index that only pays next to the other side's would never be scored again (TPC-H customer (c_custkey))
        Map<SelectionMoves.Move, Double> unscored = scores.unscored;
        long used = chosen.stream().mapToLong(i -> costs.planner().size(i)).sum();
        for (int round = ++scores.round; chosen.size() < limits.maxIndexes(); round = ++scores.round) {
            List<SelectionMoves.Move> moves = sources.from(chosen);
            Map<WorkloadIndexSelection.Query, Double> now = current;
            long spent = used;
            prefetchFloors(moves.stream().filter(m -> !known.containsKey(m) && !unscored.containsKey(m)).toList(), now, spent);
            SelectionMoves.Move pick = null;
            while (pick == null) {
                SelectionMoves.Move top = null;
                double bound = Double.NEGATIVE_INFINITY;
                for (SelectionMoves.Move m : moves) {
                    Scored k = known.get(m);
                    double b = k != null ? k.score() : unscored.computeIfAbsent(m, x -> bound(x, now, spent));
                    if (b > bound || top == null) {
                        top = m;
                        bound = b;
                    }
                }
                if (top == null) {
                    break;
                }
                Scored k = known.get(top);
                if (bound > 0 && k != null && k.round() == round && !k.optimistic()) {
                    pick = top;
                } else if (bound > 0) {
                    // first the statements that name a column the move adds; the rest only once it leads
                    boolean optimistic = k == null || k.round() < round;
                    Scored scored = score(top, chosen, current, used, round, optimistic);
                    known.put(top, scored);
                    if (Double.isFinite(scored.score())) {
                        scoredBenefit.put(top, scored.score() * Math.max(1, scored.size()));
                    }
                } else {
                    break;
                }
            }
            if (pick == null) {
                break;
            }
            Scored s = known.get(pick);
            if (pick.replaces() != null) {
                chosen.remove(pick.replaces());
            }
            chosen.add(pick.index());
            used += s.size();
            current = s.after();
            progress.accept(String.format(Locale.ROOT, "chose %s: %.0f bytes, score %.6f per byte, %d bytes used (%d what-if calls)",
                    pick.index().ddl(), (double) s.size(), s.score(), used, costs.planner().calls()));
        }
        return current;
    }


    /**
     * The most {@code move} can save the workload against {@code current}, upkeep taken off: what its statements can still
     * save down to their floors; +infinity where the floors cannot bound it ({@link CostFloors#bound}).
     */
    double benefitBound(SelectionMoves.Move move, Map<WorkloadIndexSelection.Query, Double> current) {
        if (!bounded(move)) {
            return Double.POSITIVE_INFINITY;
        }
        return floors.headroom(move.index(), current, q -> namesAdded(q, move)) - (move.replaces() == null ? maintenance(move.index()) : 0);
    }

    /** Asks ahead for the floors {@link #benefitBound} reads for {@code moves} against {@code current}. */
    void prefetchBounds(List<SelectionMoves.Move> moves, Map<WorkloadIndexSelection.Query, Double> current) {
        floors.prefetch(moves.stream().filter(this::bounded)
                .<Map.Entry<IndexCandidate, java.util.function.Predicate<WorkloadIndexSelection.Query>>>map(m -> Map.entry(m.index(),
                        q -> namesAdded(q, m))).toList(), current);
    }

    /**
     * Whether the floors bound {@code move} ({@link CostFloors#bound}); never a new multi-column index
     * that is not a first-round candidate (a second index beside a widened one, {@link SelectionMoves}):
     * it appears only once its leading column's index was widened, late, when the statements it
     * serves have long been below their floors by other tables' indexes, so a floor bound would be 0
     * though it can save much more: a key of the join column and a filtered one gives plans no set
     * of single-column indexes gives (TPC-DS q77: a parallel index-only scan of date_dim
     * (d_date_sk, d_date) by the range on d_date, outer side of a nested loop into store_sales;
     * next to greedy's other indexes 107,583 -> 84,021, where every single-column date_dim candidate
     * at once leaves it at 107,583). So it is scored when it appears.
     */
    private boolean bounded(SelectionMoves.Move move) {
        return floors.bound(move.index()) && (move.replaces() != null || move.index().columns().size() == 1
                || floors.firstRound(move.index()));
    }

    /** Whether greedy would never offer {@code index}: a partial index hardly smaller than the full one. */
    boolean neverOffered(IndexCandidate index) {
        return unselectivePartial(index);
    }

    /** The benefit {@code move} had when last scored where it fitted (net of upkeep; 0 when it did not count), or null if never. */
    Double scoredBenefit(SelectionMoves.Move move) {
        return scoredBenefit.get(move);
    }

    /**
     * Asks ahead for the floors {@link #bound} will read for these moves, so that a planner of
     * several sessions plans them at once (on TPC-DS the first round's bounds read about one floor
     * per statement and table); the same floors as reading them one by one.
     */
    private void prefetchFloors(List<SelectionMoves.Move> fresh, Map<WorkloadIndexSelection.Query, Double> current, long used) {
        List<Map.Entry<IndexCandidate, java.util.function.Predicate<WorkloadIndexSelection.Query>>> bounded = new ArrayList<>();
        for (SelectionMoves.Move m : fresh) {
            long size = costs.planner().size(m.index()) - (m.replaces() == null ? 0 : costs.planner().size(m.replaces()));
            if (used + size <= limits.budgetBytes() && bounded(m)) {
                bounded.add(Map.entry(m.index(), q -> namesAdded(q, m)));
            }
        }
        floors.prefetch(bounded, current);
    }

    /**
     * The most a move not yet scored can score: what its statements can still save down to their
     * floors, less its upkeep, per byte; -infinity when it does not fit; +infinity (so it is
     * scored) when the floors cannot bound it ({@link CostFloors#bound}).
     */
    private double bound(SelectionMoves.Move m, Map<WorkloadIndexSelection.Query, Double> current, long used) {
        long size = costs.planner().size(m.index()) - (m.replaces() == null ? 0 : costs.planner().size(m.replaces()));
        if (used + size > limits.budgetBytes()) {
            return Double.NEGATIVE_INFINITY;
        }
        if (!bounded(m)) {
            return Double.POSITIVE_INFINITY;
        }
        double benefit = floors.headroom(m.index(), current, q -> namesAdded(q, m)) - (m.replaces() == null ? maintenance(m.index()) : 0);
        if (benefit <= 0) {
            return 0;
        }
        return benefit / Math.max(1, size);
    }


    /**
     * Drops each chosen index that the others have made useless: without it no statement's cost
     * rises by the least improvement that counts, or the workload is no worse off. A statement
     * proposal (assignee_id, updated_at) chosen after (updated_at) leaves the single-column index
     * serving nothing; it should not stay in the advice or in the budget. The costs are {@code current}
     * itself when nothing was dropped.
     */
    private Pruned prune(List<IndexCandidate> chosen, Map<WorkloadIndexSelection.Query, Double> current) {
        Map<WorkloadIndexSelection.Query, Double> costsNow = current;
        boolean droppedWhatCounted = false;
        for (IndexCandidate index : List.copyOf(chosen)) {
            List<IndexCandidate> without = new ArrayList<>(chosen);
            without.remove(index);
            Map<WorkloadIndexSelection.Query, Double> after = new LinkedHashMap<>(costsNow);
            double loss = -maintenance(index);
            boolean counts = false;
            costs.prefetch(costsNow.keySet().stream().filter(q -> costs.touches(q, index.table())).toList(), without);
            for (Map.Entry<WorkloadIndexSelection.Query, Double> e : costsNow.entrySet()) {
                if (!costs.touches(e.getKey(), index.table())) {
                    continue;
                }
                double c = costs.cost(e.getKey(), without);
                if (Double.isNaN(c)) {
                    counts = true; // cannot tell what it does without the index: keep it
                    continue;
                }
                after.put(e.getKey(), c);
                double rise = c - e.getValue();
                loss += rise * e.getKey().group().calls();
                counts |= rise > 0 && rise >= limits.minImprovement() * baseline.get(e.getKey());
            }
            if (!counts || loss <= 0) {
                chosen.remove(index);
                costsNow = after;
                droppedWhatCounted |= counts;
                progress.accept("dropped " + index.ddl() + ": the other indexes chosen do its work, or it saves no statement"
                        + " the least improvement");
            }
        }
        return new Pruned(costsNow, droppedWhatCounted);
    }

    /** A prune's statement costs, and whether it dropped an index whose absence raises a statement by the least improvement. */
    private record Pruned(Map<WorkloadIndexSelection.Query, Double> costs, boolean droppedWhatCounted) {
    }

    /**
     * A new partial index whose condition holds for most rows (HypoPG sizes it by the condition's
     * selectivity) is hardly smaller than the full one and serves fewer statements: not offered.
     */
    private boolean unselectivePartial(IndexCandidate index) {
        if (index.predicate() == null) {
            return false;
        }
        long full = costs.planner().size(new IndexCandidate(index.table(), index.columns(), null, index.include()));
        return costs.planner().size(index) > full * MAX_PARTIAL_SHARE;
    }

    /**
     * Scores a move against the current choice: its net benefit over every statement on the
     * index's table, per byte; -infinity when it does not fit, 0 when it does not count
     * (no statement's cost drops by the least improvement, or the workload is no better off).
     */
    private Scored score(SelectionMoves.Move step, List<IndexCandidate> chosen,
                         Map<WorkloadIndexSelection.Query, Double> current, long used, int round, boolean optimistic) {
        long size = costs.planner().size(step.index()) - (step.replaces() == null ? 0 : costs.planner().size(step.replaces()));
        if (used + size > limits.budgetBytes() || unselectivePartial(step.index())) {
            return new Scored(Double.NEGATIVE_INFINITY, round, size, current, false);
        }
        List<IndexCandidate> config = new ArrayList<>(chosen);
        if (step.replaces() != null) {
            config.remove(step.replaces());
        }
        config.add(step.index());
        double gain = 0;
        boolean meaningful = false;
        Map<WorkloadIndexSelection.Query, Double> after = new LinkedHashMap<>(current);
        List<WorkloadIndexSelection.Query> changed = current.keySet().stream()
                .filter(q -> costs.touches(q, step.index().table()) && !(optimistic && !namesAdded(q, step))).toList();
        // the statements' costs with the move are independent of each other: planned at once where there are sessions
        costs.prefetch(changed, config);
        for (WorkloadIndexSelection.Query q : changed) {
            double c = costs.cost(q, config);
            if (Double.isNaN(c)) {
                continue;
            }
            // rises count as much as drops: the step's worth is what the whole workload pays after it
            after.put(q, c);
            double drop = current.get(q) - c;
            gain += drop * q.group().calls();
            meaningful |= drop > 0 && drop >= limits.minImprovement() * baseline.get(q);
        }
        double benefit = gain - (step.replaces() == null ? maintenance(step.index()) : 0);
        if (!meaningful || benefit <= 0) {
            return new Scored(0, round, size, current, false);
        }
        double score = benefit / Math.max(1, size);
        return new Scored(score, round, size, after, optimistic && step.replaces() != null);
    }

    /**
     * Whether the statement names a column the move adds (all of a new index's; the added key or
     * carried columns of a widened one). Only those statements can gain from a widening: the others
     * read the wider index where they read the narrower one, at a cost no lower, so a score over
     * the namers alone is optimistic, and it is what a widening is ranked by until it leads.
     */
    private boolean namesAdded(WorkloadIndexSelection.Query q, SelectionMoves.Move step) {
        if (step.replaces() == null) {
            return true;
        }
        return java.util.stream.Stream.concat(step.index().columns().stream(), step.index().include().stream())
                .filter(c -> !step.replaces().columns().contains(c) && !step.replaces().include().contains(c))
                .anyMatch(c -> costs.names(q, c));
    }

}
