package dev.querylens.rules;

import dev.querylens.advisor.CandidateIndexes;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.StatementRule;
import dev.querylens.sql.StatementFacts;
import dev.querylens.workload.StatementGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A statement filters or joins a known table on columns no index leads with. */
public final class MissingIndexRule implements StatementRule {
    @Override
    public String id() {
        return "missing-index";
    }

    @Override
    public List<Finding> check(StatementGroup group, StatementFacts facts, RuleContext context) {
        return CandidateIndexes.propose(facts, context.catalog()).stream().map(p -> {
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("calls", group.calls());
            if (group.timedCalls() > 0) {
                evidence.put("totalTimeMs", round(group.totalTimeMs()));
                evidence.put("meanTimeMs", round(group.meanTimeMs()));
            }
            evidence.put("why", p.reason());
            evidence.put("existingIndexes", context.catalog().table(p.candidate().table())
                    .map(t -> t.indexes().stream().map(ix -> ix.name() + " (" + String.join(", ", ix.keys()) + ")").toList())
                    .orElse(List.of()));
            String message = "No index on " + p.candidate().table() + " leads with "
                    + String.join(" or ", p.filterColumns()) + " (" + p.reason() + "), so "
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
