package dev.querylens.advisor;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * advise's --min-improvement in the exact selection, as greedy applies it: greedy takes a step (a
 * new index, or one widened) only where it cuts some statement's cost by more than 0 and by at least
 * that share of the statement's cost without new indexes, and prunes an index whose removal raises
 * no statement's cost that much ({@link GreedyPass}). Here, per costed configuration of a statement,
 * the indexes that pass that test inside it: the configuration must be cheaper by the least
 * improvement than every costed configuration of the same statement that does without the index,
 * that is, made of the configuration's other indexes, or of narrower ones (what a widening starts
 * from: a key prefix with fewer carried columns), or of fewer (no index at all included). The
 * cheapest of those stands for the configuration without the index, as the selection's costs take
 * a configuration's cost for its supersets. {@link ExactSelection}'s program then chooses an
 * index only with some configuration in which it counts, so no index whose own saving on every
 * statement is below the threshold is recommended.
 */
final class MarginalSavings {
    private MarginalSavings() {
    }

    /**
     * For each of {@code configurations} (one statement's, as the program keeps them) the DDL of its
     * indexes that count: {@code costed} is every configuration of the statement the ledger holds,
     * {@code baseline} its cost without new indexes, {@code least} the least improvement that counts,
     * in planner units (--min-improvement times {@code baseline}).
     */
    static Map<CostLedger.Entry, Set<String>> counted(List<CostLedger.Entry> configurations, List<CostLedger.Entry> costed,
                                                      double baseline, double least) {
        Map<CostLedger.Entry, Set<String>> out = new LinkedHashMap<>();
        for (CostLedger.Entry c : configurations) {
            Set<String> counts = new HashSet<>();
            for (IndexCandidate i : c.indexes()) {
                double without = baseline;
                for (CostLedger.Entry k : costed) {
                    if (k != c && withoutIndex(k, c, i)) {
                        without = Math.min(without, k.cost());
                    }
                }
                double drop = without - c.cost();
                if (drop > 0 && drop >= least) {
                    counts.add(i.ddl());
                }
            }
            out.put(c, counts);
        }
        return out;
    }

    /** Whether {@code k} does without {@code index}: each of its indexes is another of {@code c}'s, or narrower than one of them. */
    static boolean withoutIndex(CostLedger.Entry k, CostLedger.Entry c, IndexCandidate index) {
        for (IndexCandidate j : k.indexes()) {
            if (j.ddl().equals(index.ddl())) {
                return false;
            }
            boolean within = false;
            for (IndexCandidate m : c.indexes()) {
                within |= (j.ddl().equals(m.ddl()) && !m.ddl().equals(index.ddl())) || narrower(j, m);
            }
            if (!within) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code n} is {@code w} before a widening: the same table and condition, its key a
     * prefix of {@code w}'s, and the columns it carries carried or keyed by {@code w}.
     */
    static boolean narrower(IndexCandidate n, IndexCandidate w) {
        if (n.ddl().equals(w.ddl()) || !n.table().equals(w.table()) || !Objects.equals(n.predicate(), w.predicate())
                || n.columns().size() > w.columns().size() || !w.columns().subList(0, n.columns().size()).equals(n.columns())) {
            return false;
        }
        Set<String> carried = new HashSet<>(w.columns());
        carried.addAll(w.include());
        return carried.containsAll(n.include());
    }
}
