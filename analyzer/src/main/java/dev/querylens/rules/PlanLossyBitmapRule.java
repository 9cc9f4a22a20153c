package dev.querylens.rules;

import dev.querylens.collect.SourceLocation;
import dev.querylens.engine.Finding;
import dev.querylens.engine.PlanRule;
import dev.querylens.engine.RuleContext;
import dev.querylens.plan.PlanNode;
import java.util.List;
import java.util.Map;

/** A bitmap heap scan whose bitmap went lossy: whole pages were rechecked row by row. */
public final class PlanLossyBitmapRule implements PlanRule {
    @Override
    public String id() {
        return "plan-lossy-bitmap";
    }

    @Override
    public List<Finding> check(PlanNode root, String sql, SourceLocation location, RuleContext context) {
        return root.walk()
                .filter(n -> n.lossyHeapBlocks() > 0)
                .map(n -> PlanFindings.of(id(), context, n, sql, location,
                        "Bitmap Heap Scan on " + n.relationName() + " had " + (long) n.lossyHeapBlocks() + " lossy blocks:"
                                + " the bitmap outgrew work_mem, so every row on those pages was rechecked",
                        Map.of("lossyHeapBlocks", (long) n.lossyHeapBlocks()),
                        "Raise work_mem for this query, or make the condition more selective (a better or composite index)."))
                .toList();
    }
}
