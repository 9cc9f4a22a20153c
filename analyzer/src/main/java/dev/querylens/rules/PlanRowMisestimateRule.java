package dev.querylens.rules;

import dev.querylens.collect.SourceLocation;
import dev.querylens.engine.Finding;
import dev.querylens.engine.PlanRule;
import dev.querylens.engine.RuleContext;
import dev.querylens.plan.PlanNode;
import java.util.List;
import java.util.Map;

/** The planner's row estimate at a node is off from what ran by a large factor, on enough rows to matter. */
public final class PlanRowMisestimateRule implements PlanRule {
    @Override
    public String id() {
        return "plan-row-misestimate";
    }

    @Override
    public List<Finding> check(PlanNode root, String sql, SourceLocation location, RuleContext context) {
        double factor = context.number("minFactor");
        double minRows = context.number("minRows");
        return root.walk()
                .filter(PlanNode::analyzed)
                .filter(n -> !Double.isNaN(n.planRows()))
                .filter(n -> {
                    double est = Math.max(1, n.planRows());
                    double act = Math.max(1, n.actualRows());
                    return Math.max(est, act) >= minRows && Math.max(est / act, act / est) >= factor;
                })
                .limit(1) // the first (outermost) misestimate; the ones below it usually follow from it
                .map(n -> {
                    double est = Math.max(1, n.planRows());
                    double act = Math.max(1, n.actualRows());
                    long off = Math.round(Math.max(est / act, act / est));
                    return PlanFindings.of(id(), context, n, sql, location,
                            n.nodeType() + (n.relationName() != null ? " on " + n.relationName() : "") + " was estimated at "
                                    + (long) n.planRows() + " rows but produced " + (long) n.actualRows() + " (" + off
                                    + "x off); plans above it were chosen for the wrong size",
                            Map.of("planRows", (long) n.planRows(), "actualRows", (long) n.actualRows(), "factor", off),
                            "Run ANALYZE on the table; for correlated columns create extended statistics"
                                    + " (CREATE STATISTICS ... (dependencies, mcv) ON col_a, col_b FROM table); raise the"
                                    + " column's statistics target for skewed data.");
                })
                .toList();
    }
}
