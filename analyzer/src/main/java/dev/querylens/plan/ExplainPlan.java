package dev.querylens.plan;

/**
 * A whole EXPLAIN result: its root node, timings when analyzed, and the query text if the source had it.
 *
 * @param nodesCut nodes left out because they were nested deeper than {@link PlanNode#MAX_DEPTH}
 */
public record ExplainPlan(PlanNode root, String queryText, double planningTimeMs, double executionTimeMs, int nodesCut) {
    public ExplainPlan(PlanNode root, String queryText, double planningTimeMs, double executionTimeMs) {
        this(root, queryText, planningTimeMs, executionTimeMs, 0);
    }
}
