package dev.querylens.advisor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Index selection solved exactly over the costed candidates, as an integer program (CoPhy's
 * formulation: Dash, Polyzotis and Ailamaki, "CoPhy: A Scalable, Portable, and Interactive Index
 * Advisor for Large Workloads", VLDB 2011), with OR-Tools' CP-SAT: per statement, exactly one
 * configuration whose cost PostgreSQL gave (the empty one included); a configuration only where
 * every index in it is chosen; the chosen indexes within the budget (and the index count); the
 * weighted cost plus the chosen indexes' upkeep (what the workload's writes pay to maintain them)
 * as low as it goes. A configuration's cost stands for any superset of it, as the selection's own
 * caching assumes (more indexes never make the planner's choice dearer). With a least improvement
 * (--min-improvement above 0), an index is chosen only with a configuration in which its own saving
 * reaches it ({@link MarginalSavings}), as greedy chooses one only for such a step.
 *
 * <p>This class touches no OR-Tools class itself: the solver ({@link Solver}) is found and its
 * native library loaded only when a solve is asked for, from querylens-exact.jar beside
 * querylens.jar ({@link SolverJar}), so a run without {@code --exact} never loads it, and where it
 * is missing or cannot load (another platform, a temporary folder mounted noexec) the caller is
 * told why ({@link Unavailable}) instead of meeting an error.
 */
public final class ExactSelection {
    /**
     * What solves the {@link Program}: OR-Tools' CP-SAT ({@code dev.querylens.advisor.cpsat.CpSatSolver}),
     * which lives in its own jar and class loader, so it sees only this interface and the public
     * types it names.
     */
    public interface Solver {
        /** Readies the solver (its native library): null when ready (or ready before), else why not, in a few words. */
        String load();

        /** The program solved within the time limit; only after {@link #load} returned null. */
        Result solve(Program program, double timeLimitSeconds);
    }

    /** The solver cannot run here; the message says why. */
    public static final class Unavailable extends Exception {
        public Unavailable(String message) {
            super(message);
        }
    }

    /** How the solve ended: the optimum proven, a selection found but not proven best, or none found in the time. */
    public enum Status { OPTIMAL, FEASIBLE, NONE }

    /**
     * The outcome. {@code cost}: the chosen selection's weighted workload cost with upkeep;
     * {@code bound}: what the solver proved no selection can go below; {@code noIndexes}: the
     * weighted cost without new indexes; {@code chosen} empty when none was found.
     */
    public record Result(Status status, List<IndexCandidate> chosen, double cost, double bound, double noIndexes, long bytes,
                         double seconds, int configurations) {
        public boolean optimal() {
            return status == Status.OPTIMAL;
        }

        /** The cost as a share of the no-index cost, in percent (NaN when nothing was found). */
        public double relative() {
            return status == Status.NONE ? Double.NaN : 100 * cost / noIndexes;
        }

        /** The proven bound as a share of the no-index cost, in percent. */
        public double boundRelative() {
            return status == Status.NONE ? Double.NaN : 100 * bound / noIndexes;
        }

        public int indexes() {
            return chosen.size();
        }
    }

    /**
     * What the program is built from: statements by their canonical text ({@link CostLedger#canonical});
     * per statement its cost without new indexes, its weight (calls) and the configurations that may be
     * chosen for it; the candidate indexes with their sizes and upkeep, in one order; the limits; and
     * the DDL of a selection to start from; {@code counted}: per configuration, the DDL of its indexes
     * whose own saving in it reaches the least improvement, an index to be chosen only with one of
     * those (null: no least improvement, every index counts wherever it is).
     */
    public record Program(Map<String, Double> baseline, Map<String, Long> weights, Map<String, List<CostLedger.Entry>> configurations,
                   List<IndexCandidate> indexes, long[] sizes, double[] upkeep, long budget, int maxIndexes, Set<String> hint,
                   Map<CostLedger.Entry, Set<String>> counted) {
    }

    private final Solver solver;

    public ExactSelection(Solver solver) {
        this.solver = solver;
    }

    /** With OR-Tools' CP-SAT: on the class path where it is there, else from querylens-exact.jar beside querylens.jar. */
    public static ExactSelection withOrTools() {
        return new ExactSelection(SolverJar.besideThisJar());
    }

    /**
     * A statement's configurations that can be in an optimum: cheaper than no index, and not
     * dominated by a subset of themselves that costs no more (choosing the subset's indexes is
     * then never worse, so the solver need not consider the larger one).
     */
    static List<CostLedger.Entry> undominated(List<CostLedger.Entry> configurations, double baseline) {
        List<CostLedger.Entry> cheaper = configurations.stream().filter(c -> c.cost() < baseline)
                .sorted(Comparator.comparingInt((CostLedger.Entry c) -> c.indexes().size())).toList();
        List<CostLedger.Entry> kept = new ArrayList<>();
        for (CostLedger.Entry c : cheaper) {
            Set<String> mine = new HashSet<>();
            c.indexes().forEach(i -> mine.add(i.ddl()));
            boolean dominated = kept.stream().anyMatch(k -> k.cost() <= c.cost() && k.indexes().size() < c.indexes().size()
                    && k.indexes().stream().allMatch(i -> mine.contains(i.ddl())));
            if (!dominated) {
                kept.add(c);
            }
        }
        return kept;
    }

    /**
     * Solves over what {@code ledger} holds. {@code weights}: each statement's calls, by its
     * canonical text (statements not in it are left out); {@code upkeep}: what an index costs the
     * workload's writes (0 for a read-only workload); {@code hint}: the DDL of a selection within
     * the limits (greedy's), a feasible point the solver starts from, so a solve stopped by the
     * time limit ends no worse than it.
     */
    public Result solve(CostLedger ledger, Map<String, Long> weights, WorkloadIndexSelection.Limits limits,
                        ToDoubleFunction<IndexCandidate> upkeep, double timeLimitSeconds, Set<String> hint) throws Unavailable {
        String why = solver.load();
        if (why != null) {
            throw new Unavailable(why);
        }
        Map<String, Double> baseline = new LinkedHashMap<>();
        Map<String, List<CostLedger.Entry>> all = new LinkedHashMap<>();
        for (CostLedger.Entry e : ledger.entries()) {
            if (!weights.containsKey(e.sql())) {
                continue;
            }
            if (e.indexes().isEmpty()) {
                baseline.put(e.sql(), e.cost());
            } else {
                all.computeIfAbsent(e.sql(), k -> new ArrayList<>()).add(e);
            }
        }
        Map<String, List<CostLedger.Entry>> useful = new LinkedHashMap<>();
        Map<String, IndexCandidate> indexes = new LinkedHashMap<>();
        Map<CostLedger.Entry, Set<String>> counted = limits.minImprovement() > 0 ? new HashMap<>() : null;
        baseline.forEach((sql, cost) -> {
            List<CostLedger.Entry> kept = undominated(all.getOrDefault(sql, List.of()), cost);
            useful.put(sql, kept);
            kept.forEach(c -> c.indexes().forEach(i -> indexes.putIfAbsent(i.ddl(), i)));
            if (counted != null) {
                counted.putAll(MarginalSavings.counted(kept, all.getOrDefault(sql, List.of()), cost, limits.minImprovement() * cost));
            }
        });
        List<IndexCandidate> candidates = new ArrayList<>(indexes.values());
        long[] sizes = candidates.stream().mapToLong(ledger::size).toArray();
        double[] upkeeps = candidates.stream().mapToDouble(upkeep).toArray();
        return solver.solve(new Program(baseline, weights, useful, candidates, sizes, upkeeps, limits.budgetBytes(),
                limits.maxIndexes(), hint, counted), timeLimitSeconds);
    }
}
