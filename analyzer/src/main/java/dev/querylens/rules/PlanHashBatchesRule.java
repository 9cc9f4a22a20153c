package dev.querylens.rules;

import dev.querylens.collect.SourceLocation;
import dev.querylens.engine.Finding;
import dev.querylens.engine.PlanRule;
import dev.querylens.engine.RuleContext;
import dev.querylens.plan.PlanNode;
import java.util.List;
import java.util.Map;

/** A hash table built in several batches: it did not fit in work_mem, so both join inputs went through temp files. */
public final class PlanHashBatchesRule implements PlanRule {
    @Override
    public String id() {
        return "plan-hash-batches";
    }

    @Override
    public List<Finding> check(PlanNode root, String sql, SourceLocation location, RuleContext context) {
        return root.walk()
                .filter(n -> n.hashBatches() > 1)
                .map(n -> PlanFindings.of(id(), context, n, sql, location,
                        "Hash built in " + (long) n.hashBatches() + " batches: the hashed side did not fit in work_mem, so"
                                + " both inputs were written to and read back from temporary files",
                        Map.of("hashBatches", (long) n.hashBatches()),
                        "Hash a smaller input (filter it first, select fewer columns), or raise work_mem (or"
                                + " hash_mem_multiplier) for this query."))
                .toList();
    }
}
