package dev.querylens.rules;

import dev.querylens.collect.SourceLocation;
import dev.querylens.engine.Finding;
import dev.querylens.engine.PlanRule;
import dev.querylens.engine.RuleContext;
import dev.querylens.plan.PlanNode;
import java.util.List;
import java.util.Map;

/** A sort that did not fit in work_mem and went to disk. */
public final class PlanSortSpillRule implements PlanRule {
    @Override
    public String id() {
        return "plan-sort-spill";
    }

    @Override
    public List<Finding> check(PlanNode root, String sql, SourceLocation location, RuleContext context) {
        return root.walk()
                .filter(n -> "Disk".equals(n.sortSpaceType()) || (n.sortMethod() != null && n.sortMethod().startsWith("external")))
                .map(n -> PlanFindings.of(id(), context, n, sql, location,
                        "Sort spilled to disk (" + n.sortMethod() + "): its input did not fit in work_mem",
                        Map.of("sortMethod", String.valueOf(n.sortMethod()), "sortKey", String.join(", ", n.sortKey())),
                        "Sort fewer rows (filter or LIMIT earlier), let an index provide the order, or raise work_mem for"
                                + " this query (SET LOCAL work_mem) rather than globally."))
                .toList();
    }
}
