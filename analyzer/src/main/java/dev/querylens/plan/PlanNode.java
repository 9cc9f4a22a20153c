package dev.querylens.plan;

import java.util.List;
import java.util.stream.Stream;

/**
 * One node of an {@code EXPLAIN (FORMAT JSON)} plan. Estimated fields are always present; the
 * actual ones are NaN unless the plan came from EXPLAIN ANALYZE. Strings the node lacks are null.
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
        List<PlanNode> children) {

    public PlanNode {
        sortKey = sortKey == null ? List.of() : List.copyOf(sortKey);
        children = children == null ? List.of() : List.copyOf(children);
    }

    public boolean analyzed() {
        return !Double.isNaN(actualRows);
    }

    /** This node and all below it, depth first. */
    public Stream<PlanNode> walk() {
        return Stream.concat(Stream.of(this), children.stream().flatMap(PlanNode::walk));
    }
}
