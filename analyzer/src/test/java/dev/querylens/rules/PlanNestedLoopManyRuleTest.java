package dev.querylens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.Severity;
import dev.querylens.plan.PlanNode;
import dev.querylens.schema.Catalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Memoize inner side counted by its misses also where the plan lacks the Cache Hits/Misses
 * fields (text-format plans): the node under Memoize runs once per miss.
 */
class PlanNestedLoopManyRuleTest {
    private final RuleContext context = new RuleContext(Catalog.empty(),
            RuleCatalog.load().find("plan-nested-loop-many").orElseThrow().definition(), Severity.INFO,
            Map.of("minInnerLoops", 1000), null);

    private static PlanNode node(String type, String relation, double loops, List<PlanNode> children) {
        return new PlanNode(type, relation, null, null, 0, 10, 1, 1, loops, 0.01, null, null, null, Double.NaN,
                List.of(), null, null, Double.NaN, Double.NaN, children, false);
    }

    private List<Finding> judge(double outerRows, double memoLoops, double probes) {
        PlanNode probe = node("Index Only Scan", "groups", probes, List.of());
        PlanNode memoize = node("Memoize", null, memoLoops, List.of(probe));
        PlanNode outer = new PlanNode("Seq Scan", "items", null, null, 0, 10, outerRows, outerRows, 1, 1, null, null, null,
                Double.NaN, List.of(), null, null, Double.NaN, Double.NaN, List.of(), false);
        PlanNode loop = node("Nested Loop", null, 1, List.of(outer, memoize));
        return new PlanNestedLoopManyRule().check(loop, null, null, context);
    }

    @Test
    void aMemoizeWithoutCountersIsJudgedByTheLoopsUnderIt() {
        assertEquals(List.of(), judge(1000, 1000, 20), "980 of 1,000 from the cache");
        List<Finding> missed = judge(5000, 5000, 4000);
        assertEquals(1, missed.size());
        assertEquals(4000L, missed.get(0).evidence().get("cacheMisses"));
        assertEquals(1000L, missed.get(0).evidence().get("cacheHits"));
    }
}
