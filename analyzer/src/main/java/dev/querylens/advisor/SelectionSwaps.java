package dev.querylens.advisor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A local search after greedy's pass ({@link GreedyPass}): swaps that ranking by benefit per byte
 * cannot make. Greedy takes the step that saves most per byte, so near the budget's end the move
 * that would save most of all no longer fits, and the bytes left go to smaller moves that save
 * less (the knapsack's weakness of the per-byte rule). A swap takes such a move and drops, to make
 * room for it, the chosen indexes whose own saving is least per byte they free; the bytes still
 * free after it are filled by greedy's steps again. A swap is kept only where the planner costs the
 * workload, with exactly the new selection in place, lower than before (and after the prune that
 * drops what no longer pays its way), so the search never ends worse than greedy.
 *
 * <p>Each round ranks the moves that do not fit by what they may save (their benefit when greedy
 * last scored them, else what their statements can still save down to their cost floors, which
 * is no what-if call) less what their drops save now, costs the most promising swaps with the
 * planner, and makes the best if it pays. The rounds and the swaps costed per round are bounded,
 * so the search adds a bounded number of what-if calls to greedy's.
 */
final class SelectionSwaps {
    /** Swaps made at most: each one costs a round of what-if calls. */
    private static final int MAX_SWAPS = 12;
    /** Swaps costed with the planner per round, best expected first. */
    private static final int COSTED_PER_ROUND = 24;

    /** A move that does not fit, with the chosen indexes dropped to make room for it and what it is expected to gain. */
    private record Swap(SelectionMoves.Move move, List<IndexCandidate> dropped, double expected) {
    }

    private final StatementCosts costs;
    private final WorkloadIndexSelection.Limits limits;
    private final GreedyPass greedy;
    private final Consumer<String> progress;

    SelectionSwaps(StatementCosts costs, WorkloadIndexSelection.Limits limits, GreedyPass greedy, Consumer<String> progress) {
        this.costs = costs;
        this.limits = limits;
        this.greedy = greedy;
        this.progress = progress;
    }

    /** {@code start} improved by swaps while one pays, at most {@link #MAX_SWAPS}; {@code start} itself when none does. */
    GreedyPass.Pass improve(GreedyPass.Pass start, SelectionMoves moves) {
        GreedyPass.Pass current = start;
        for (int swaps = 0; swaps < MAX_SWAPS; swaps++) {
            GreedyPass.Pass better = round(current, moves);
            if (better == null) {
                break;
            }
            current = better;
        }
        return current;
    }

    /** One round: the best swap that lowers the workload's cost, with greedy's steps after it; null when none does. */
    private GreedyPass.Pass round(GreedyPass.Pass pass, SelectionMoves moves) {
        double before = greedy.value(pass);
        long used = pass.chosen().stream().mapToLong(this::size).sum();
        long free = limits.budgetBytes() - used;
        List<SelectionMoves.Move> tooLarge = new ArrayList<>();
        for (SelectionMoves.Move m : moves.from(pass.chosen())) {
            long extra = size(m.index()) - (m.replaces() == null ? 0 : size(m.replaces()));
            if (extra > free && !greedy.neverOffered(m.index())) {
                tooLarge.add(m);
            }
        }
        if (tooLarge.isEmpty() || pass.chosen().isEmpty()) {
            return null; // every move fitted, so greedy's steps already weighed them: no what-if call spent here
        }
        Map<IndexCandidate, Double> saves = ownSavings(pass);
        List<Swap> swaps = new ArrayList<>();
        greedy.prefetchBounds(tooLarge.stream().filter(m -> greedy.scoredBenefit(m) == null).toList(), pass.costs());
        for (SelectionMoves.Move m : tooLarge) {
            Double scored = greedy.scoredBenefit(m);
            double gain = scored != null ? scored : greedy.benefitBound(m, pass.costs());
            if (!(gain > 0) || Double.isInfinite(gain)) {
                continue; // nothing to expect of it, or nothing known (a covering move greedy never had room to score)
            }
            long extra = size(m.index()) - (m.replaces() == null ? 0 : size(m.replaces()));
            List<IndexCandidate> dropped = makeRoom(pass, m, extra - free, saves);
            if (dropped == null) {
                continue;
            }
            int count = pass.chosen().size() - dropped.size() + (m.replaces() == null ? 1 : 0);
            if (count > limits.maxIndexes()) {
                continue;
            }
            double lost = dropped.stream().mapToDouble(saves::get).sum();
            if (gain > lost) {
                swaps.add(new Swap(m, dropped, gain - lost));
            }
        }
        swaps.sort(Comparator.comparingDouble(Swap::expected).reversed());
        GreedyPass.Pass best = null;
        double bestValue = before;
        Swap made = null;
        for (Swap s : swaps.subList(0, Math.min(COSTED_PER_ROUND, swaps.size()))) {
            GreedyPass.Pass after = apply(pass, s);
            if (after != null && greedy.value(after) < bestValue) {
                best = after;
                bestValue = greedy.value(after);
                made = s;
            }
        }
        if (best == null) {
            return null;
        }
        // what no longer pays its way beside the new index goes (by greedy's rule, the least improvement), and the bytes
        // still free take greedy's steps
        GreedyPass.Pass result = greedy.continueFrom(moves, greedy.pruned(best));
        if (greedy.value(result) >= before) {
            return null;
        }
        progress.accept(String.format(Locale.ROOT, "swapped in %s for %s: workload cost %.0f -> %.0f (%d what-if calls)",
                made.move().index().ddl(), made.dropped().stream().map(IndexCandidate::ddl).toList(), before, greedy.value(result),
                costs.planner().calls()));
        return result;
    }

    /**
     * The chosen indexes to drop so that {@code move} fits, {@code room} bytes at least: those whose own saving is least
     * per byte they free first; never the index the move widens. Null when dropping all of them would not free enough.
     */
    private List<IndexCandidate> makeRoom(GreedyPass.Pass pass, SelectionMoves.Move move, long room, Map<IndexCandidate, Double> saves) {
        List<IndexCandidate> droppable = new ArrayList<>(pass.chosen());
        droppable.remove(move.replaces());
        droppable.sort(Comparator.comparingDouble((IndexCandidate i) -> saves.get(i) / Math.max(1, size(i))));
        List<IndexCandidate> out = new ArrayList<>();
        long freed = 0;
        for (IndexCandidate i : droppable) {
            if (freed >= room) {
                break;
            }
            out.add(i);
            freed += size(i);
        }
        if (freed < room) {
            return null;
        }
        // the last one taken may have freed enough alone: drop the earlier ones it makes unnecessary, the dearest first
        List<IndexCandidate> byLoss = new ArrayList<>(out);
        byLoss.sort(Comparator.comparingDouble((IndexCandidate i) -> saves.get(i)).reversed());
        for (IndexCandidate i : byLoss) {
            if (freed - size(i) >= room) {
                out.remove(i);
                freed -= size(i);
            }
        }
        return out;
    }

    /**
     * Per chosen index, what the workload pays more without it, the others kept (its upkeep taken off): what dropping it
     * loses. These are the prune's own what-if costs, so mostly cached.
     */
    private Map<IndexCandidate, Double> ownSavings(GreedyPass.Pass pass) {
        List<Map.Entry<WorkloadIndexSelection.Query, List<IndexCandidate>>> asks = new ArrayList<>();
        for (IndexCandidate i : pass.chosen()) {
            List<IndexCandidate> without = new ArrayList<>(pass.chosen());
            without.remove(i);
            pass.costs().keySet().stream().filter(q -> costs.touches(q, i.table())).forEach(q -> asks.add(Map.entry(q, without)));
        }
        costs.prefetch(asks);
        Map<IndexCandidate, Double> out = new LinkedHashMap<>();
        for (IndexCandidate i : pass.chosen()) {
            List<IndexCandidate> without = new ArrayList<>(pass.chosen());
            without.remove(i);
            double loss = -greedy.maintenance(i);
            for (Map.Entry<WorkloadIndexSelection.Query, Double> e : pass.costs().entrySet()) {
                if (costs.touches(e.getKey(), i.table())) {
                    double c = costs.cost(e.getKey(), without);
                    // a statement that cannot be costed without it: keep the index out of every swap
                    loss += Double.isNaN(c) ? Double.POSITIVE_INFINITY : (c - e.getValue()) * e.getKey().group().calls();
                }
            }
            out.put(i, loss);
        }
        return out;
    }

    /** The selection after {@code swap}, every statement on a table it changes costed with exactly that selection; null if one cannot be. */
    private GreedyPass.Pass apply(GreedyPass.Pass pass, Swap swap) {
        List<IndexCandidate> chosen = new ArrayList<>(pass.chosen());
        chosen.removeAll(swap.dropped());
        if (swap.move().replaces() != null) {
            chosen.remove(swap.move().replaces());
        }
        chosen.add(swap.move().index());
        Set<String> tables = new HashSet<>();
        tables.add(swap.move().index().table());
        swap.dropped().forEach(i -> tables.add(i.table()));
        List<WorkloadIndexSelection.Query> changed = pass.costs().keySet().stream()
                .filter(q -> tables.stream().anyMatch(t -> costs.touches(q, t))).toList();
        costs.prefetch(changed, chosen);
        Map<WorkloadIndexSelection.Query, Double> after = new LinkedHashMap<>(pass.costs());
        for (WorkloadIndexSelection.Query q : changed) {
            double c = costs.cost(q, chosen);
            if (Double.isNaN(c)) {
                return null;
            }
            after.put(q, c);
        }
        return new GreedyPass.Pass(List.copyOf(chosen), after);
    }

    private long size(IndexCandidate index) {
        return costs.planner().size(index);
    }
}
