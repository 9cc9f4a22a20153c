package dev.querylens.bench;

import com.google.ortools.Loader;
import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.Literal;
import dev.querylens.advisor.IndexCandidate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Index selection solved exactly over the costed candidates, as an integer program (CoPhy's
 * formulation: Dash, Polyzotis and Ailamaki, "CoPhy: A Scalable, Portable, and Interactive Index
 * Advisor for Large Workloads", VLDB 2011), with OR-Tools' CP-SAT: per statement, exactly one
 * configuration whose cost PostgreSQL gave (the empty one included); a configuration only where
 * every index in it is chosen; the chosen indexes within the budget; the weighted cost as low as
 * it goes. A configuration's cost stands for any superset of it, as the selection's own caching
 * assumes (more indexes never make the planner's choice dearer). No write costs: the TPC-H and
 * TPC-DS workloads only read.
 */
final class ExactSelection {
    /** Costs are planner units with two decimals; CP-SAT takes integers. */
    private static final double SCALE = 100;

    /** The optimum (or the best found, with the bound proven, when the time ran out) as a share of the no-index cost. */
    record Result(double relative, double boundRelative, boolean optimal, int indexes, long bytes, double seconds, int configurations) {
    }

    private ExactSelection() {
    }

    /**
     * A statement's configurations that can be in an optimum: cheaper than no index, and not
     * dominated by a subset of themselves that costs no more (choosing the subset's indexes is
     * then never worse, so the solver need not consider the larger one).
     */
    static List<CostLedger.Entry> undominated(List<CostLedger.Entry> configurations, double baseline) {
        List<CostLedger.Entry> cheaper = configurations.stream().filter(c -> c.cost() < baseline)
                .sorted(java.util.Comparator.comparingInt((CostLedger.Entry c) -> c.indexes().size())).toList();
        List<CostLedger.Entry> kept = new ArrayList<>();
        for (CostLedger.Entry c : cheaper) {
            java.util.Set<String> mine = new java.util.HashSet<>();
            c.indexes().forEach(i -> mine.add(i.ddl()));
            boolean dominated = kept.stream().anyMatch(k -> k.cost() <= c.cost() && k.indexes().size() < c.indexes().size()
                    && k.indexes().stream().allMatch(i -> mine.contains(i.ddl())));
            if (!dominated) {
                kept.add(c);
            }
        }
        return kept;
    }

    /** {@code weights}: each statement's calls, by its text as costed. */
    static Result solve(CostLedger ledger, Map<String, Long> weights, long budget, double timeLimitSeconds) {
        return solve(ledger, weights, budget, timeLimitSeconds, java.util.Set.of());
    }

    /**
     * As above, starting from {@code hint} (the DDL of a selection within the budget, greedy's): a
     * feasible point, so a solver stopped by the time limit ends no worse than it.
     */
    static Result solve(CostLedger ledger, Map<String, Long> weights, long budget, double timeLimitSeconds, java.util.Set<String> hint) {
        Loader.loadNativeLibraries();
        Map<String, Double> baseline = new LinkedHashMap<>();
        Map<String, List<CostLedger.Entry>> configurations = new LinkedHashMap<>();
        for (CostLedger.Entry e : ledger.entries()) {
            if (!weights.containsKey(e.sql())) {
                continue;
            }
            if (e.indexes().isEmpty()) {
                baseline.put(e.sql(), e.cost());
            } else {
                configurations.computeIfAbsent(e.sql(), k -> new ArrayList<>()).add(e);
            }
        }
        CpModel model = new CpModel();
        Map<String, BoolVar> chosen = new LinkedHashMap<>();
        Map<String, IndexCandidate> byDdl = new LinkedHashMap<>();
        List<LinearExpr> objective = new ArrayList<>();
        List<Long> coefficients = new ArrayList<>();
        List<BoolVar> objectiveVars = new ArrayList<>();
        double noIndexes = 0;
        int used = 0;
        for (Map.Entry<String, Double> b : baseline.entrySet()) {
            long weight = weights.get(b.getKey());
            noIndexes += weight * b.getValue();
            List<Literal> one = new ArrayList<>();
            BoolVar none = model.newBoolVar("none");
            one.add(none);
            objectiveVars.add(none);
            coefficients.add(Math.round(weight * b.getValue() * SCALE));
            List<CostLedger.Entry> useful = undominated(configurations.getOrDefault(b.getKey(), List.of()), b.getValue());
            CostLedger.Entry hinted = useful.stream().filter(c -> c.indexes().stream().allMatch(i -> hint.contains(i.ddl())))
                    .min(java.util.Comparator.comparingDouble(CostLedger.Entry::cost)).orElse(null);
            if (!hint.isEmpty()) {
                model.addHint(none, hinted == null ? 1 : 0);
            }
            for (CostLedger.Entry c : useful) {
                BoolVar y = model.newBoolVar("y");
                for (IndexCandidate i : c.indexes()) {
                    byDdl.putIfAbsent(i.ddl(), i);
                    model.addImplication(y, chosen.computeIfAbsent(i.ddl(), k -> model.newBoolVar("x")));
                }
                if (!hint.isEmpty()) {
                    model.addHint(y, c == hinted ? 1 : 0);
                }
                one.add(y);
                objectiveVars.add(y);
                coefficients.add(Math.round(weight * c.cost() * SCALE));
                used++;
            }
            model.addExactlyOne(one);
        }
        List<BoolVar> xs = new ArrayList<>(chosen.values());
        if (!hint.isEmpty()) {
            chosen.forEach((ddl, x) -> model.addHint(x, hint.contains(ddl) ? 1 : 0));
        }
        long[] sizes = chosen.keySet().stream().mapToLong(d -> ledger.size(byDdl.get(d))).toArray();
        model.addLessOrEqual(LinearExpr.weightedSum(xs.toArray(new BoolVar[0]), sizes), budget);
        model.minimize(LinearExpr.weightedSum(objectiveVars.toArray(new BoolVar[0]), coefficients.stream().mapToLong(Long::longValue).toArray()));
        CpSolver solver = new CpSolver();
        solver.getParameters().setMaxTimeInSeconds(timeLimitSeconds);
        solver.getParameters().setNumWorkers(Math.max(1, Runtime.getRuntime().availableProcessors()));
        long start = System.nanoTime();
        CpSolverStatus status = solver.solve(model);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (status != CpSolverStatus.OPTIMAL && status != CpSolverStatus.FEASIBLE) {
            return new Result(Double.NaN, Double.NaN, false, 0, 0, seconds, used);
        }
        int count = 0;
        long bytes = 0;
        for (int k = 0; k < xs.size(); k++) {
            if (solver.booleanValue(xs.get(k))) {
                count++;
                bytes += sizes[k];
            }
        }
        return new Result(100 * solver.objectiveValue() / SCALE / noIndexes, 100 * solver.bestObjectiveBound() / SCALE / noIndexes,
                status == CpSolverStatus.OPTIMAL, count, bytes, seconds, used);
    }
}
