package dev.querylens.advisor.cpsat;

import dev.querylens.advisor.ExactSelection;

/**
 * The exact selection's solver: OR-Tools' CP-SAT. querylens-exact.jar holds this package and
 * OR-Tools; querylens.jar loads this class by name through a class loader of its own, only for
 * advise --exact (dev.querylens.advisor.SolverJar), so it is public, has a public no-argument
 * constructor, and reaches the analyzer through public types only (a class loader of its own is a
 * package of its own at run time, even under the same name).
 */
public final class CpSatSolver implements ExactSelection.Solver {
    public CpSatSolver() {
    }

    @Override
    public String load() {
        return OrToolsLibrary.load();
    }

    @Override
    public ExactSelection.Result solve(ExactSelection.Program program, double timeLimitSeconds) {
        return CpSatSelection.solve(program, timeLimitSeconds);
    }
}
