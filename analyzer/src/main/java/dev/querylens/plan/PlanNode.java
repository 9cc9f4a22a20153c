package dev.querylens.plan;

import java.util.List;
import java.util.stream.Stream;

/**
 * One node of an {@code EXPLAIN (FORMAT JSON)} plan. Estimated fields are always present; the
 * actual ones are NaN unless the plan came from EXPLAIN ANALYZE. Strings the node lacks are null.
 * {@code cacheHits}/{@code cacheMisses} are a Memoize node's (PostgreSQL 14+), NaN elsewhere.
 */
public record PlanNode(
        String nodeType,
        String relationName,
        String alias,
        String indexName,
        double startupCost,
        double totalCost,
        double planRows,
        double actualRows,
        double actualLoops,
        double actualTotalTimeMs,
        String filter,
        String indexCond,
        String joinFilter,
        double rowsRemovedByFilter,
        List<String> sortKey,
        String sortMethod,
        String sortSpaceType,
        double hashBatches,
        double lossyHeapBlocks,
        List<PlanNode> children,
        boolean parallelAware,
        double cacheHits,
        double cacheMisses) {

    /**
     * Plans are read, judged and drawn at most this deep (real plans stay far below it). Deeper
     * nodes are left out with a diagnostic, so no recursion over a plan can exhaust the stack:
     * an auto_explain plan 700 levels deep once did.
     */
    public static final int MAX_DEPTH = 128;

    public PlanNode {
        sortKey = sortKey == null ? List.of() : List.copyOf(sortKey);
        children = children == null ? List.of() : List.copyOf(children);
    }

    /** A node without Memoize counters (every node but Memoize, and plans from sources that do not keep them). */
    public PlanNode(String nodeType, String relationName, String alias, String indexName, double startupCost, double totalCost,
                    double planRows, double actualRows, double actualLoops, double actualTotalTimeMs, String filter,
                    String indexCond, String joinFilter, double rowsRemovedByFilter, List<String> sortKey, String sortMethod,
                    String sortSpaceType, double hashBatches, double lossyHeapBlocks, List<PlanNode> children,
                    boolean parallelAware) {
        this(nodeType, relationName, alias, indexName, startupCost, totalCost, planRows, actualRows, actualLoops,
                actualTotalTimeMs, filter, indexCond, joinFilter, rowsRemovedByFilter, sortKey, sortMethod, sortSpaceType,
                hashBatches, lossyHeapBlocks, children, parallelAware, Double.NaN, Double.NaN);
    }

    public boolean analyzed() {
        return !Double.isNaN(actualRows);
    }

    /**
     * The node's inclusive weight: actual time over all loops when analyzed (a parallel node's
     * loops are workers running at once, so its time is not multiplied), else the estimated cost.
     */
    public double weight() {
        if (analyzed() && !Double.isNaN(actualTotalTimeMs)) {
            double loops = parallelAware || Double.isNaN(actualLoops) ? 1 : Math.max(1, actualLoops);
            return actualTotalTimeMs * loops;
        }
        return Double.isNaN(totalCost) ? 0 : totalCost;
    }

    /** The share of {@code total} this node spends itself, not counting its children (0..1). */
    public double ownShare(double total) {
        double own = weight() - children.stream().mapToDouble(PlanNode::weight).sum();
        return total <= 0 ? 0 : Math.min(1, Math.max(0, own) / total);
    }

    /** This node and all below it, depth first. */
    public Stream<PlanNode> walk() {
        return Stream.concat(Stream.of(this), children.stream().flatMap(PlanNode::walk));
    }
}
