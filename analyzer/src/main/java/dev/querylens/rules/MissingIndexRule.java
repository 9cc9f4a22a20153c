package dev.querylens.rules;

import dev.querylens.advisor.CandidateIndexes;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.StatementRule;
import dev.querylens.migration.WorkloadUse;
import dev.querylens.sql.StatementFacts;
import dev.querylens.workload.StatementGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A statement filters or joins a known table on columns no usable index leads with. Silent on
 * what an index would not speed up: a data migration's write, which runs once (an index built
 * for it costs more than the scan it saves), and a table whose known row count is tiny (a scan of
 * a page or two is what the planner picks even with an index).
 */
public final class MissingIndexRule implements StatementRule {
    @Override
    public String id() {
        return "missing-index";
    }

    @Override
    public List<Finding> check(StatementGroup group, StatementFacts facts, RuleContext context) {
        if (facts.isWrite() && WorkloadUse.onlyInMigrations(group)) {
            return List.of();
        }
        double minRows = context.number("minTableRows");
        return CandidateIndexes.propose(facts, context.catalog(), group::valuesOf).stream().filter(p -> {
            long rows = context.catalog().table(p.candidate().table()).map(t -> t.rowEstimate()).orElse(-1L);
            return rows < 0 || rows >= minRows; // negative: unknown (DDL has no sizes), so judge by shape alone
        }).map(p -> {
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("calls", group.calls());
            if (group.timedCalls() > 0) {
                evidence.put("totalTimeMs", round(group.totalTimeMs()));
                evidence.put("meanTimeMs", round(group.meanTimeMs()));
            }
            evidence.put("why", p.reason());
            evidence.put("existingIndexes", context.catalog().table(p.candidate().table())
                    .map(t -> t.indexes().stream().map(ix -> ix.name() + " (" + String.join(", ", ix.keys()) + ")"
                            + (ix.isPartial() ? " WHERE " + ix.predicate() : "")).toList())
                    .orElse(List.of()));
            // a partial index on the column that the query cannot use is the likeliest surprise: name it
            List<String> unusable = context.catalog().table(p.candidate().table()).map(t -> t.indexes().stream()
                    .filter(ix -> ix.isPartial() && p.filterColumns().contains(ix.leadingKey()))
                    .map(ix -> ix.name() + " (WHERE " + ix.predicate() + ")").toList()).orElse(List.of());
            String message = "No index on " + p.candidate().table() + " that this statement can use leads with "
                    + String.join(" or ", p.filterColumns()) + " (" + p.reason() + ")"
                    + (unusable.isEmpty() ? "" : unusable.size() == 1
                            ? "; partial index " + unusable.get(0) + " does not apply: the statement does not imply its predicate"
                            : "; partial indexes " + String.join(", ", unusable) + " do not apply: the statement does not imply their predicates")
                    + ", so "
                    + (group.calls() > 1 ? "each of its " + group.calls() + " executions" : "it")
                    + " has to scan the whole table";
            return new Finding(id(), context.severity(), message, group.sql(), p.candidate().table(),
                    p.candidate().columns(), group.locations(), evidence, p.candidate().ddl());
        }).toList();
    }

    static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
