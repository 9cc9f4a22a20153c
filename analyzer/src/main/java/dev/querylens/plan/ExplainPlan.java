package dev.querylens.plan;

/** A whole EXPLAIN result: its root node, timings when analyzed, and the query text if the source had it. */
public record ExplainPlan(PlanNode root, String queryText, double planningTimeMs, double executionTimeMs) {
}
