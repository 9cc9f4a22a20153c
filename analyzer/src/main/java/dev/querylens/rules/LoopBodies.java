package dev.querylens.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Statements whose runs overlap in at least half of their runs are one loop body (per item:
 * select it, select its details): they are reported together, in the order they run.
 */
final class LoopBodies {
    private LoopBodies() {
    }

    /** The summaries' keys grouped into loop bodies, each in the order its statements first ran. */
    static List<List<String>> of(Map<String, LoopSummary> summaries) {
        Map<String, String> root = new LinkedHashMap<>();
        summaries.keySet().forEach(k -> root.put(k, k));
        summaries.forEach((k, e) -> e.together.forEach((other, n) -> {
            if (n * 2 >= Math.min(e.size, summaries.get(other).size)) {
                root.put(find(root, k), find(root, other));
            }
        }));
        Map<String, List<String>> byRoot = new LinkedHashMap<>();
        summaries.keySet().forEach(k -> byRoot.computeIfAbsent(find(root, k), x -> new ArrayList<>()).add(k));
        List<List<String>> out = new ArrayList<>();
        for (List<String> block : byRoot.values()) {
            List<String> ordered = new ArrayList<>(block);
            ordered.sort(Comparator.comparingLong(k -> summaries.get(k).longest.firstIndex));
            out.add(ordered);
        }
        return out;
    }

    private static String find(Map<String, String> root, String k) {
        String r = k;
        while (!root.get(r).equals(r)) {
            r = root.get(r);
        }
        return r;
    }
}
