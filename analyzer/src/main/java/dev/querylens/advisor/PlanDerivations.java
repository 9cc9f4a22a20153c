package dev.querylens.advisor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What-if costs derived from earlier plans instead of planned again. If the plan PostgreSQL chose
 * for a statement with index set S scans only the indexes U of S, then with any set X between the
 * two (U within X within S) the statement costs what it cost with S: every plan possible with X is
 * possible with S, so none is cheaper than the one chosen with S, and that one is possible with X.
 * The selection asks for many such subsets: a chosen set without one of its indexes (the prune,
 * each choice's own effect), a statement with a few indexes where a cost floor planned it with all
 * of its table's candidates.
 *
 * <p>Two things in PostgreSQL's planner can make the plan of X differ from S's all the same: it
 * prunes paths within 1% of each other's cost before comparing whole plans (add_path's fuzz), so a
 * path that S's plan beat by a hair may win out over another with X; and a join of 12 or more
 * relations is planned by GEQO's randomised search, whose path through the plan space depends on
 * the indexes there are. {@link Mode#CHECK} plans every derivable cost all the same and counts how
 * often, and by how much, the derivation differed (benchmarks/README.md, "Planner sessions").
 * Thread-confined: used by {@link CachingPlanner} from the thread that asks for costs.
 */
public final class PlanDerivations {
    /** Whether costs are derived: yes; no (every cost planned); or planned and compared with the derivation. */
    enum Mode { DERIVE, OFF, CHECK }

    /** Costs derived (in CHECK: derivable), and in CHECK how many differed from the plan, the largest relative difference. */
    public record Summary(int derived, int differed, double largestDifference) {
    }

    /** A plan of one statement: the index set it was planned with, those its plan scans, its cost. */
    private record Observation(Set<IndexCandidate> config, Set<IndexCandidate> used, double cost) {
    }

    private final Mode mode;
    private final Map<String, List<Observation>> observations = new HashMap<>();
    private int derived;
    private int differed;
    private double largestDifference;

    PlanDerivations(Mode mode) {
        this.mode = mode;
    }

    boolean checking() {
        return mode == Mode.CHECK;
    }

    /**
     * The cost of {@code sql} with {@code indexes} as the first earlier plan whose index set holds
     * them and whose used indexes they hold gives it; null when no plan does (or derivation is off).
     */
    Double derive(String sql, List<IndexCandidate> indexes) {
        if (mode == Mode.OFF) {
            return null;
        }
        List<Observation> known = observations.get(sql);
        if (known == null) {
            return null;
        }
        Set<IndexCandidate> x = null;
        for (Observation o : known) {
            if (o.config().size() <= indexes.size() || o.used().size() > indexes.size()) {
                continue;
            }
            if (x == null) {
                x = new HashSet<>(indexes);
            }
            if (x.containsAll(o.used()) && o.config().containsAll(x)) {
                return o.cost();
            }
        }
        return null;
    }

    /** Counts a derived cost put in place of a plan. */
    void used() {
        derived++;
    }

    /**
     * Keeps what a plan says about the subsets of its index set; in CHECK, compares it with what
     * a derivation gave ({@code derivation}, null: none).
     */
    void observe(String sql, List<IndexCandidate> indexes, CachingPlanner.Measured measured, Double derivation) {
        if (derivation != null) {
            derived++;
            double difference = Math.abs(derivation - measured.cost()) / Math.max(Math.abs(measured.cost()), 1e-9);
            if (difference > 0) {
                differed++;
                largestDifference = Math.max(largestDifference, difference);
            }
        }
        // a plan that scans every index it was given says nothing about any other set: its own cost is cached already
        if (mode == Mode.OFF || measured.used() == null || measured.used().size() >= indexes.size()) {
            return;
        }
        observations.computeIfAbsent(sql, k -> new ArrayList<>())
                .add(new Observation(Set.copyOf(indexes), Set.copyOf(measured.used()), measured.cost()));
    }

    Summary summary() {
        return new Summary(derived, differed, largestDifference);
    }
}
