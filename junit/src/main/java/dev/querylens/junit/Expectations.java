package dev.querylens.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The counting expectations a test can state, by annotation or through {@link CapturedStatements}:
 * each returns the failures as lines of the test's failure message, each naming the statements
 * (normalized, literals as $n) and how often they ran; empty when the expectation holds.
 */
final class Expectations {
    private Expectations() {
    }

    static List<String> exactly(StatementTally tally, ExpectQueries expect) {
        List<String> out = new ArrayList<>();
        exactly(out, tally, StatementKind.SELECT, expect.selects());
        exactly(out, tally, StatementKind.INSERT, expect.inserts());
        exactly(out, tally, StatementKind.UPDATE, expect.updates());
        exactly(out, tally, StatementKind.DELETE, expect.deletes());
        if (expect.total() >= 0 && tally.total() != expect.total()) {
            out.add("[expected-queries] expected " + plural(expect.total(), "statement") + ", " + tally.total() + " ran: "
                    + tally.listed(null));
        }
        return out;
    }

    static void exactly(List<String> out, StatementTally tally, StatementKind kind, int expected) {
        int count = tally.count(kind);
        if (expected >= 0 && count != expected) {
            out.add("[expected-queries] expected " + plural(expected, kind.label()) + ", " + count + " ran: " + tally.listed(kind));
        }
    }

    static List<String> atMost(StatementTally tally, QueryBudget budget) {
        List<String> out = new ArrayList<>();
        atMost(out, tally, StatementKind.SELECT, budget.selects());
        atMost(out, tally, StatementKind.INSERT, budget.inserts());
        atMost(out, tally, StatementKind.UPDATE, budget.updates());
        atMost(out, tally, StatementKind.DELETE, budget.deletes());
        if (budget.total() >= 0 && tally.total() > budget.total()) {
            out.add("[query-budget] " + tally.total() + " statements executed, budget " + budget.total() + ": " + tally.listed(null));
        }
        return out;
    }

    static void atMost(List<String> out, StatementTally tally, StatementKind kind, int limit) {
        int count = tally.count(kind);
        if (limit >= 0 && count > limit) {
            out.add("[query-budget] " + count + " " + kind.label() + "s executed, budget " + limit + ": " + tally.listed(kind));
        }
    }

    static List<String> batchedBy(StatementTally tally, int size) {
        List<String> out = new ArrayList<>();
        for (StatementTally.Shape s : tally.shapes()) {
            if (s.kind() != StatementKind.INSERT && s.kind() != StatementKind.UPDATE && s.kind() != StatementKind.DELETE) {
                continue;
            }
            List<Integer> batches = s.batches();
            boolean sizesRight = batches.stream().limit(Math.max(0, batches.size() - 1)).allMatch(b -> b == size)
                    && (batches.isEmpty() || batches.get(batches.size() - 1) <= size);
            if (s.unbatched() > 0 || !sizesRight) {
                String how = s.unbatched() > 0 ? plural(s.unbatched(), "execution") + " not in a batch"
                        + (batches.isEmpty() ? "" : ", the rest in batches of " + sizes(batches))
                        : "in batches of " + sizes(batches);
                out.add("[batch-size] expected JDBC batches of " + size + ": " + s.counted() + ", " + how);
            }
        }
        return out;
    }

    static List<String> boundOnly(StatementTally tally) {
        return tally.shapes().stream()
                .filter(s -> s.kind() != StatementKind.OTHER && s.inlineValues() > 0)
                .map(s -> "[bind-parameters] " + plural(s.inlineValues(), "value") + " written into the SQL instead of bound: "
                        + s.counted() + "; bind them with PreparedStatement.setXxx")
                .toList();
    }

    private static String sizes(List<Integer> batches) {
        Map<Integer, Long> runs = batches.stream().collect(Collectors.groupingBy(b -> b, java.util.LinkedHashMap::new, Collectors.counting()));
        return runs.entrySet().stream().map(e -> e.getValue() == 1 ? String.valueOf(e.getKey()) : e.getKey() + " (×" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
    }

    static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
