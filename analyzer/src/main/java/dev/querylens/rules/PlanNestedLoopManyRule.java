package dev.querylens.rules;

import dev.querylens.collect.SourceLocation;
import dev.querylens.engine.Finding;
import dev.querylens.engine.PlanRule;
import dev.querylens.engine.RuleContext;
import dev.querylens.plan.PlanNode;
import java.util.List;
import java.util.Map;

/** A nested loop whose inner side ran once per row of a large outer side. */
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
                .filter(n -> n.children().get(1).analyzed() && n.children().get(1).actualLoops() >= minLoops)
                .map(n -> {
                    PlanNode inner = n.children().get(1);
                    return PlanFindings.of(id(), context, n, sql, location,
                            "Nested Loop ran its inner side (" + inner.nodeType()
                                    + (inner.relationName() != null ? " on " + inner.relationName() : "") + ") "
                                    + (long) inner.actualLoops() + " times, once per outer row",
                            Map.of("innerLoops", (long) inner.actualLoops(), "outerRows", (long) PlanFindings.totalActualRows(n.children().get(0))),
                            "Check the outer side's row estimate (a misestimate often causes this plan); with a correct"
                                    + " estimate a hash or merge join usually wins. Make sure the inner side is an index lookup.");
                })
                .toList();
    }
}
