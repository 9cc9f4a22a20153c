package dev.querylens.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.Samples;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Findings come in the order of the time they cost; evidence keys come in an order that does not change between runs. */
class FindingOrderTest {
    private static Finding finding(String rule, Severity severity, String table, double ms) {
        Finding f = new Finding(rule, severity, rule + " on " + table, null, table, List.of(), List.of(), Map.of(), "fix");
        return Double.isNaN(ms) ? f : f.withTimeAtStake(ms);
    }

    @Test
    void timeAtStakeFirstThenSeverityAndUntimedFindingsLast() {
        Finding loop = finding("n-plus-one", Severity.WARNING, null, 2001);
        Finding wildcard = finding("leading-wildcard", Severity.WARNING, "public.tasks", 0.1);
        Finding rls = finding("rls-disabled", Severity.ERROR, "public.events", Double.NaN);
        Finding fk = finding("unindexed-foreign-key", Severity.INFO, "public.comments", Double.NaN);
        Finding sameTimeError = finding("plan-seq-scan-filter", Severity.ERROR, "public.tasks", 2001);
        List<Finding> findings = new ArrayList<>(List.of(fk, wildcard, rls, loop, sameTimeError));
        findings.sort(RuleEngine.ORDER);
        assertEquals(List.of(sameTimeError, loop, wildcard, rls, fk), findings);
    }

    @Test
    void theSamplesTwoSecondLoopLeadsTheReport() {
        var report = new Analysis(RuleCatalog.load(), "test", m -> { })
                .run(new AnalysisRequest(List.of(Samples.TASKBOARD), List.of(), null, null));
        List<Finding> findings = report.findings();
        Finding loop = findings.stream().filter(f -> f.rule().equals("n-plus-one")).findFirst().orElseThrow();
        Finding wildcard = findings.stream().filter(f -> f.rule().equals("leading-wildcard")).findFirst().orElseThrow();
        // the server's 2 seconds plus a round trip per execution
        assertEquals(((Number) loop.evidence().get("serverTimeMs")).doubleValue()
                + ((Number) loop.evidence().get("executions")).doubleValue() * ((Number) loop.evidence().get("roundTripMs")).doubleValue(),
                loop.timeAtStakeMs(), 0.01, "the loop's time: " + loop.evidence());
        assertTrue(loop.timeAtStakeMs() >= ((Number) loop.evidence().get("serverTimeMs")).doubleValue());
        assertEquals(true, findings.indexOf(loop) < 2, "the 2-second loop is among the first two: " + findings.stream().map(Finding::rule).toList());
        assertEquals(true, findings.indexOf(loop) < findings.indexOf(wildcard));
        for (int i = 1; i < findings.size(); i++) {
            Finding before = findings.get(i - 1);
            Finding after = findings.get(i);
            assertEquals(true, !before.hasTimeAtStake() ? !after.hasTimeAtStake()
                    : !after.hasTimeAtStake() || before.timeAtStakeMs() >= after.timeAtStakeMs(), before + " then " + after);
        }
    }

    @Test
    void evidenceGivenAsMapOfIsKeptInNameOrder() {
        Finding f = new Finding("r", Severity.INFO, "m", null, null, List.of(), List.of(),
                Map.of("zeta", 1, "alpha", 2, "mu", 3, "beta", 4), "fix");
        assertEquals(List.of("alpha", "beta", "mu", "zeta"), List.copyOf(f.evidence().keySet()));
        Map<String, Object> ordered = new java.util.LinkedHashMap<>();
        ordered.put("zeta", 1);
        ordered.put("alpha", 2);
        Finding kept = new Finding("r", Severity.INFO, "m", null, null, List.of(), List.of(), ordered, "fix").withTimeAtStake(5);
        assertEquals(List.of("zeta", "alpha"), List.copyOf(kept.evidence().keySet()), "a rule's own order survives");
    }
}
