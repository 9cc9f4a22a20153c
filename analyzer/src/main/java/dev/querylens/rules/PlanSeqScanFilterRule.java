package dev.querylens.rules;

import dev.querylens.collect.SourceLocation;
import dev.querylens.engine.Finding;
import dev.querylens.engine.PlanRule;
import dev.querylens.engine.RuleContext;
import dev.querylens.plan.PlanNode;
import java.util.List;
import java.util.Map;

/** A sequential scan that reads many rows only to throw most of them away in its filter. */
public final class PlanSeqScanFilterRule implements PlanRule {
    @Override
    public String id() {
        return "plan-seq-scan-filter";
    }

    private static final dev.querylens.sql.Fingerprinter FILTER_SHAPE = new dev.querylens.sql.Fingerprinter();

    @Override
    public List<Finding> check(PlanNode root, String sql, SourceLocation location, RuleContext context) {
        double minRemoved = context.number("minRowsRemoved");
        double minRatio = context.number("minRemovedRatio");
        return root.walk()
                .filter(n -> n.nodeType() != null && n.nodeType().endsWith("Seq Scan") && n.analyzed() && n.filter() != null)
                .filter(n -> {
                    double removed = n.rowsRemovedByFilter() * Math.max(1, n.actualLoops());
                    double kept = PlanFindings.totalActualRows(n);
                    return removed >= minRemoved && removed / (removed + kept) >= minRatio;
                })
                .map(n -> {
                    double removed = n.rowsRemovedByFilter() * Math.max(1, n.actualLoops());
                    double kept = PlanFindings.totalActualRows(n);
                    // the plan prints the values the statement ran with; a finding shows the shape, as for SQL
                    String filter = FILTER_SHAPE.normalize(n.filter());
                    String ratio = String.format(java.util.Locale.ROOT, "%.1f%%", 100 * removed / (removed + kept));
                    return PlanFindings.of(id(), context, n, sql, location,
                            n.nodeType() + " on " + n.relationName() + " read " + (long) (removed + kept) + " rows and its filter discarded "
                                    + ratio + " of them (" + filter + ")",
                            Map.of("rowsRemovedByFilter", (long) removed, "rowsReturned", (long) kept, "filter", filter),
                            "Index the filtered columns so the scan reads only matching rows (see the missing-index finding"
                                    + " for this statement when the schema is known).");
                })
                .toList();
    }
}
