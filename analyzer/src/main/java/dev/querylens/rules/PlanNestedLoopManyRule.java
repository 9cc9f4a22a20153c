package dev.querylens.rules;

import dev.querylens.collect.SourceLocation;
import dev.querylens.engine.Finding;
import dev.querylens.engine.PlanRule;
import dev.querylens.engine.RuleContext;
import dev.querylens.plan.PlanNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A nested loop whose inner side ran once per row of a large outer side. When the inner side is a
 * Memoize node (PostgreSQL 14+), only its cache misses run the subplan below it; the hits are
 * answered from memory, so it is the misses that count, and a cache answering most probes is the
 * planner doing the right thing, not a problem.
 */
public final class PlanNestedLoopManyRule implements PlanRule {
    @Override
    public String id() {
        return "plan-nested-loop-many";
    }

    @Override
    public List<Finding> check(PlanNode root, String sql, SourceLocation location, RuleContext context) {
        double minLoops = context.number("minInnerLoops");
        return root.walk()
                .filter(n -> "Nested Loop".equals(n.nodeType()) && n.children().size() == 2)
                .filter(n -> n.children().get(1).analyzed() && innerRuns(n.children().get(1)) >= minLoops)
                .map(n -> {
                    PlanNode inner = n.children().get(1);
                    boolean memoized = isMemoize(inner);
                    PlanNode probed = memoized && !inner.children().isEmpty() ? inner.children().get(0) : inner;
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("innerLoops", (long) inner.actualLoops());
                    details.put("outerRows", (long) PlanFindings.totalActualRows(n.children().get(0)));
                    if (memoized) {
                        details.put("cacheHits", (long) (inner.actualLoops() - innerRuns(inner)));
                        details.put("cacheMisses", (long) innerRuns(inner));
                    }
                    String what = probed.nodeType() + (probed.relationName() != null ? " on " + probed.relationName() : "");
                    String message = memoized
                            ? "Nested Loop ran its inner side (" + what + ") " + (long) innerRuns(inner) + " times: its Memoize cache"
                                    + " answered only " + (long) (inner.actualLoops() - innerRuns(inner)) + " of " + (long) inner.actualLoops() + " outer rows"
                            : "Nested Loop ran its inner side (" + what + ") " + (long) inner.actualLoops() + " times, once per outer row";
                    return PlanFindings.of(id(), context, n, sql, location, message, details,
                            "Check the outer side's row estimate (a misestimate often causes this plan); with a correct"
                                    + " estimate a hash or merge join usually wins. Make sure the inner side is an index lookup.");
                })
                .toList();
    }

    /**
     * How many times the inner subplan itself ran: a Memoize's misses, else the node's loops. A plan
     * without the Cache Misses field (text-format plans) still shows them: the node under Memoize
     * runs once per miss, so its loops are the misses.
     */
    private static double innerRuns(PlanNode inner) {
        if (isMemoize(inner)) {
            if (!Double.isNaN(inner.cacheMisses())) {
                return inner.cacheMisses();
            }
            if (inner.children().size() == 1 && !Double.isNaN(inner.children().get(0).actualLoops())) {
                return inner.children().get(0).actualLoops();
            }
        }
        return inner.actualLoops();
    }

    private static boolean isMemoize(PlanNode n) {
        // "Result Cache" is the node's name in PostgreSQL 14 betas; 14.0 renamed it Memoize
        return "Memoize".equals(n.nodeType()) || "Result Cache".equals(n.nodeType());
    }
}
