package dev.querylens.analysis;

import dev.querylens.advisor.IndexRecommendation;
import dev.querylens.engine.Finding;
import dev.querylens.workload.StatementGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One index plan for the whole report. Each missing-index finding proposes the index its own
 * statement would want; pasted one by one those overlap (seven findings, six overlapping
 * indexes). The workload-level recommendations are the plan: a finding whose statement a
 * recommendation serves points at it and its fix is that recommendation's DDL, so the findings,
 * the recommendations and --emit-sql never disagree.
 */
final class IndexPlan {
    private IndexPlan() {
    }

    static List<Finding> pointFindingsAtRecommendations(List<Finding> findings, List<StatementGroup> groups,
                                                        List<IndexRecommendation> recommendations) {
        Map<String, String> fingerprintOfSql = new LinkedHashMap<>();
        groups.forEach(g -> fingerprintOfSql.putIfAbsent(g.sql(), g.fingerprint().id()));
        List<Finding> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            if (!f.rule().equals("missing-index") || f.sql() == null) {
                out.add(f);
                continue;
            }
            String id = fingerprintOfSql.get(f.sql());
            IndexRecommendation serving = recommendations.stream().filter(r -> r.queries().contains(id)).findFirst().orElse(null);
            Map<String, Object> evidence = new LinkedHashMap<>(f.evidence());
            String fix;
            if (serving != null) {
                evidence.put("recommendation", serving.ddl());
                fix = "Create the index the workload-level advice recommends for this statement"
                        + (serving.verified() ? " (verified with what-if planning)" : "") + ": " + serving.ddl();
            } else if (!recommendations.isEmpty() && recommendations.get(0).verified()) {
                evidence.put("recommendation", "none: what-if planning found no index worth its budget for this statement");
                fix = f.fix() + " (what-if planning did not recommend it for this workload: measure before creating it)";
            } else {
                fix = f.fix();
            }
            out.add(new Finding(f.rule(), f.severity(), f.message(), f.sql(), f.table(), f.columns(), f.locations(), evidence, fix,
                    f.timeAtStakeMs()));
        }
        return out;
    }
}
