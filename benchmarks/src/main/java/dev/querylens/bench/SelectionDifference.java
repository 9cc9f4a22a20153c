package dev.querylens.bench;

import dev.querylens.advisor.CostLedger;
import dev.querylens.advisor.IndexCandidate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Where two selections' workload costs differ, statement by statement, by the costed configurations
 * alone (no what-if call): each statement costs, under a selection, what its cheapest configuration
 * in the ledger made only of that selection's indexes costs (the program's own rule). Prints the
 * statements that account for the difference and, per index only one selection has, what it saves
 * on its own there (the statement's cost without it, by the same rule, less its cost with it) in
 * points of the workload's no-index cost and as the largest share of one statement's no-index cost,
 * the quantity advise's --min-improvement is compared with.
 */
final class SelectionDifference {
    private SelectionDifference() {
    }

    static void print(CostLedger ledger, Map<String, Long> weights, Map<String, String> names, Set<String> first, Set<String> second,
                      double noIndexes, double minImprovement, Consumer<String> out) {
        Map<String, List<CostLedger.Entry>> bySql = new LinkedHashMap<>();
        Map<String, Double> baseline = new HashMap<>();
        for (CostLedger.Entry e : ledger.entries()) {
            if (!weights.containsKey(e.sql())) {
                continue;
            }
            if (e.indexes().isEmpty()) {
                baseline.put(e.sql(), e.cost());
            }
            bySql.computeIfAbsent(e.sql(), k -> new ArrayList<>()).add(e);
        }
        record Row(String name, double points, CostLedger.Entry a, CostLedger.Entry b) {
        }
        List<Row> rows = new ArrayList<>();
        double total = 0;
        // per index in one selection only: its own saving summed (points) and its largest share of a statement's no-index cost
        Map<String, double[]> own = new TreeMap<>();
        for (Map.Entry<String, List<CostLedger.Entry>> s : bySql.entrySet()) {
            Double base = baseline.get(s.getKey());
            if (base == null) {
                continue;
            }
            long w = weights.get(s.getKey());
            CostLedger.Entry a = cheapest(s.getValue(), first, null);
            CostLedger.Entry b = cheapest(s.getValue(), second, null);
            double points = 100 * w * (cost(a, base) - cost(b, base)) / noIndexes;
            total += points;
            if (Math.abs(points) >= 0.005) {
                rows.add(new Row(names.getOrDefault(s.getKey(), s.getKey().substring(0, Math.min(40, s.getKey().length()))), points, a, b));
            }
            for (CostLedger.Entry[] pair : new CostLedger.Entry[][] {{a, null}, {b, null}}) {
                CostLedger.Entry c = pair[0];
                Set<String> selection = c == a ? first : second;
                Set<String> other = c == a ? second : first;
                if (c == null) {
                    continue;
                }
                for (IndexCandidate i : c.indexes()) {
                    if (other.contains(i.ddl())) {
                        continue;
                    }
                    double without = cost(cheapest(s.getValue(), selection, i.ddl()), base);
                    double saving = without - c.cost();
                    double[] acc = own.computeIfAbsent((c == a ? "first only  " : "second only ") + i.ddl(), k -> new double[2]);
                    acc[0] += 100 * w * saving / noIndexes;
                    acc[1] = Math.max(acc[1], saving / base);
                }
            }
        }
        out.accept(String.format(Locale.ROOT, "difference by the ledger's configurations: %.3f points (first - second)", total));
        rows.sort(Comparator.comparingDouble((Row r) -> -Math.abs(r.points())));
        for (Row r : rows.subList(0, Math.min(25, rows.size()))) {
            out.accept(String.format(Locale.ROOT, "  %s %+.3f points: first %s | second %s", r.name(), r.points(), only(r.a(), second),
                    only(r.b(), first)));
        }
        own.forEach((ddl, acc) -> out.accept(String.format(Locale.ROOT, "  own saving %.3f points, at most %.2f%% of one statement's"
                + " no-index cost (least improvement %.2f%%): %s", acc[0], 100 * acc[1], 100 * minImprovement, ddl)));
    }

    /** The cheapest configuration made only of {@code selection}'s indexes, without {@code except} (null: none). */
    private static CostLedger.Entry cheapest(List<CostLedger.Entry> configurations, Set<String> selection, String except) {
        CostLedger.Entry best = null;
        for (CostLedger.Entry c : configurations) {
            if (c.indexes().stream().allMatch(i -> selection.contains(i.ddl()) && !i.ddl().equals(except))
                    && (best == null || c.cost() < best.cost())) {
                best = c;
            }
        }
        return best;
    }

    private static double cost(CostLedger.Entry c, double baseline) {
        return c == null ? baseline : Math.min(baseline, c.cost());
    }

    /** The configuration's indexes the other selection lacks, in short form. */
    private static String only(CostLedger.Entry c, Set<String> other) {
        if (c == null) {
            return "(no index)";
        }
        List<String> out = c.indexes().stream().filter(i -> !other.contains(i.ddl()))
                .map(i -> i.table().replace("public.", "") + "(" + String.join(",", i.columns()) + ")"
                        + (i.include().isEmpty() ? "" : " incl " + String.join(",", i.include())) + (i.predicate() == null ? "" : " where " + i.predicate()))
                .toList();
        return out.isEmpty() ? "(shared indexes)" : String.join(" ", out);
    }
}
