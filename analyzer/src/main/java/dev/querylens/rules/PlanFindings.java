package dev.querylens.rules;

import dev.querylens.collect.SourceLocation;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.plan.PlanNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The shape every plan rule's finding shares: the node, its relation, and the plan's statement and place. */
final class PlanFindings {
    private PlanFindings() {
    }

    static Finding of(String rule, RuleContext context, PlanNode node, String sql, SourceLocation location,
                      String message, Map<String, Object> details, String fix) {
        // plan relation names are bare; qualify them like every other finding's table
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("node", node.nodeType() + (node.relationName() != null ? " on " + node.relationName() : ""));
        // details given as Map.of iterate in a per-JVM order: by name then, so reports do not change between runs
        evidence.putAll(details instanceof LinkedHashMap || details.size() < 2 ? details : new java.util.TreeMap<>(details));
        return new Finding(rule, context.severity(), message, sql, context.qualified(node.relationName()), List.of(),
                location == null ? List.of() : List.of(location), evidence, fix);
    }

    /** Rows the node produced over all its loops. */
    static double totalActualRows(PlanNode n) {
        return n.actualRows() * (Double.isNaN(n.actualLoops()) ? 1 : n.actualLoops());
    }
}
