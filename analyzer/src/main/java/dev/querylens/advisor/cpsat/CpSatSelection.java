package dev.querylens.advisor.cpsat;

import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.Literal;
import dev.querylens.advisor.CostLedger;
import dev.querylens.advisor.ExactSelection;
import dev.querylens.advisor.IndexCandidate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link ExactSelection}'s program in CP-SAT. With {@link OrToolsLibrary}, the only classes that
 * name OR-Tools' types (they ship in querylens-exact.jar, not querylens.jar), used only after its
 * native library loaded.
 */
final class CpSatSelection {
    /** Costs are planner units with two decimals; CP-SAT takes integers. */
    private static final double SCALE = 100;

    private CpSatSelection() {
    }

    static ExactSelection.Result solve(ExactSelection.Program p, double timeLimitSeconds) {
        CpModel model = new CpModel();
        boolean hinted = !p.hint().isEmpty();
        List<BoolVar> xs = new ArrayList<>();
        Map<String, BoolVar> chosen = new LinkedHashMap<>();
        for (IndexCandidate i : p.indexes()) {
            BoolVar x = model.newBoolVar("x");
            xs.add(x);
            chosen.put(i.ddl(), x);
            if (hinted) {
                model.addHint(x, p.hint().contains(i.ddl()) ? 1 : 0);
            }
        }
        List<BoolVar> objectiveVars = new ArrayList<>(xs);
        List<Long> coefficients = new ArrayList<>();
        for (double u : p.upkeep()) {
            coefficients.add(Math.round(u * SCALE));
        }
        Map<BoolVar, CostLedger.Entry> configurationOf = new LinkedHashMap<>();
        // per index, the configurations in which its own saving reaches the least improvement (ExactSelection.Program#counted)
        Map<String, List<Literal>> countedIn = new LinkedHashMap<>();
        double noIndexes = 0;
        int used = 0;
        for (Map.Entry<String, Double> b : p.baseline().entrySet()) {
            long weight = p.weights().get(b.getKey());
            noIndexes += weight * b.getValue();
            List<Literal> one = new ArrayList<>();
            BoolVar none = model.newBoolVar("none");
            one.add(none);
            objectiveVars.add(none);
            coefficients.add(Math.round(weight * b.getValue() * SCALE));
            List<CostLedger.Entry> useful = p.configurations().get(b.getKey());
            // the hint's configuration of this statement: the cheapest one all of whose indexes the hint holds
            CostLedger.Entry fromHint = useful.stream().filter(c -> c.indexes().stream().allMatch(i -> p.hint().contains(i.ddl())))
                    .min(Comparator.comparingDouble(CostLedger.Entry::cost)).orElse(null);
            if (hinted) {
                model.addHint(none, fromHint == null ? 1 : 0);
            }
            for (CostLedger.Entry c : useful) {
                BoolVar y = model.newBoolVar("y");
                for (IndexCandidate i : c.indexes()) {
                    model.addImplication(y, chosen.get(i.ddl()));
                }
                if (hinted) {
                    model.addHint(y, c == fromHint ? 1 : 0);
                }
                one.add(y);
                objectiveVars.add(y);
                coefficients.add(Math.round(weight * c.cost() * SCALE));
                configurationOf.put(y, c);
                if (p.counted() != null) {
                    p.counted().getOrDefault(c, Set.of()).forEach(i -> countedIn.computeIfAbsent(i, k -> new ArrayList<>()).add(y));
                }
                used++;
            }
            model.addExactlyOne(one);
        }
        if (p.counted() != null) {
            // an index only with a chosen configuration in which it counts: greedy's rule for --min-improvement
            for (int k = 0; k < xs.size(); k++) {
                List<Literal> reasons = new ArrayList<>(List.of(xs.get(k).not()));
                reasons.addAll(countedIn.getOrDefault(p.indexes().get(k).ddl(), List.of()));
                model.addBoolOr(reasons);
            }
        }
        BoolVar[] x = xs.toArray(new BoolVar[0]);
        model.addLessOrEqual(LinearExpr.weightedSum(x, p.sizes()), p.budget());
        if (p.maxIndexes() < Integer.MAX_VALUE) {
            model.addLessOrEqual(LinearExpr.sum(x), p.maxIndexes());
        }
        model.minimize(LinearExpr.weightedSum(objectiveVars.toArray(new BoolVar[0]), coefficients.stream().mapToLong(Long::longValue).toArray()));
        CpSolver solver = new CpSolver();
        solver.getParameters().setMaxTimeInSeconds(timeLimitSeconds);
        solver.getParameters().setNumWorkers(Math.max(1, Runtime.getRuntime().availableProcessors()));
        long start = System.nanoTime();
        CpSolverStatus status = solver.solve(model);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (status != CpSolverStatus.OPTIMAL && status != CpSolverStatus.FEASIBLE) {
            return new ExactSelection.Result(ExactSelection.Status.NONE, List.of(), Double.NaN, Double.NaN, noIndexes, 0, seconds, used);
        }
        // the indexes the chosen configurations use: an index the solver left on at no cost (no upkeep, room in the
        // budget) that no chosen configuration needs is no recommendation
        Set<String> needed = new LinkedHashSet<>();
        configurationOf.forEach((y, c) -> {
            if (solver.booleanValue(y)) {
                c.indexes().forEach(i -> needed.add(i.ddl()));
            }
        });
        List<IndexCandidate> selection = new ArrayList<>();
        long bytes = 0;
        double upkeep = 0;
        for (int k = 0; k < p.indexes().size(); k++) {
            if (needed.contains(p.indexes().get(k).ddl())) {
                selection.add(p.indexes().get(k));
                bytes += p.sizes()[k];
            } else if (solver.booleanValue(xs.get(k))) {
                upkeep += p.upkeep()[k]; // charged in the objective; taken off below with the index
            }
        }
        double cost = solver.objectiveValue() / SCALE - upkeep;
        return new ExactSelection.Result(status == CpSolverStatus.OPTIMAL ? ExactSelection.Status.OPTIMAL : ExactSelection.Status.FEASIBLE,
                List.copyOf(selection), cost, Math.min(cost, solver.bestObjectiveBound() / SCALE), noIndexes, bytes, seconds, used);
    }
}
