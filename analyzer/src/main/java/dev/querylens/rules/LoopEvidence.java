package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a loop finding says, the same for every repetition rule: its runs and their sizes, its
 * executions, server time, round trips and time at stake, how its runs were measured, and where
 * its queries came from (route, application, call site).
 */
final class LoopEvidence {
    private final RuleContext context;

    LoopEvidence(RuleContext context) {
        this.context = context;
    }

    private boolean has(String parameter) {
        return context.parameters().containsKey(parameter);
    }

    static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }

    /** The round trip each execution costs beyond the server's time, where the rule has one. */
    double roundTripMs() {
        return has("roundTripMs") ? context.number("roundTripMs") : 0;
    }

    /**
     * Evidence every repetition finding carries: runs and their sizes, executions, the longest
     * run, times, how runs were measured, and what the queries' tags said about where they came from.
     */
    Map<String, Object> of(LoopSummary summary, long executions, String countName, String longestName, String timing) {
        LoopRun worst = summary.longest;
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("episodes", summary.size);
        evidence.put(countName, executions);
        evidence.put(longestName, worst.count);
        evidence.put("runs", summary.size > LoopSummary.MAX_LISTED
                ? listed(summary.runSizes) + " and " + (summary.size - LoopSummary.MAX_LISTED) + " more" : summary.runSizes);
        if (summary.allTimed) {
            evidence.put("serverTimeMs", round(summary.serverMs));
        }
        if (has("roundTripMs")) {
            evidence.put("roundTripMs", roundTripMs());
        }
        if (summary.elapsedRuns == summary.size && summary.size > 0) {
            evidence.put("elapsedMs", round(summary.elapsedMs));
        }
        evidence.put("timing", timing);
        evidence.put("session", worst.sessions().iterator().next());
        if (summary.fanOuts > 0) {
            evidence.put("fanOut", summary.fanOuts + " of the runs went out over several connections at once (up to "
                    + summary.maxSessions + ")");
        }
        if (summary.requestsSeen > 0) {
            evidence.put("requests", summary.requestsSeen);
        }
        putSet(evidence, "route", summary.routes);
        putSet(evidence, "application", summary.applications);
        putSet(evidence, "callSite", summary.callSites);
        return evidence;
    }

    private static String listed(List<Integer> sizes) {
        return sizes.toString();
    }

    private static void putSet(Map<String, Object> evidence, String name, Set<String> values) {
        if (values.size() == 1) {
            evidence.put(name, values.iterator().next());
        } else if (values.size() > 1) {
            evidence.put(name + "s", List.copyOf(values));
        }
    }

    /** Where the loop came from, as its tags say: " (route GET /authors, app/views.py:12, application shop)". */
    static String origin(LoopSummary summary) {
        List<String> parts = new ArrayList<>();
        if (summary.routes.size() == 1) {
            parts.add("route " + summary.routes.iterator().next());
        }
        if (summary.callSites.size() == 1) {
            parts.add("at " + summary.callSites.iterator().next());
        }
        if (summary.applications.size() == 1) {
            parts.add("application " + summary.applications.iterator().next());
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }

    /**
     * A finding about the longest run, located where it started. Its time at stake is the server's
     * time plus a round trip per execution, over all the statement's runs: what the loop costs the
     * application on a real network, which a server log's durations leave out.
     */
    Finding finding(String rule, LoopSummary summary, long executions, double serverMs, String message, Map<String, Object> evidence,
                    String fix) {
        double atStake = !summary.allTimed ? (has("roundTripMs") ? executions * roundTripMs() : Double.NaN)
                : serverMs + executions * roundTripMs();
        if (!Double.isNaN(atStake)) {
            evidence.put("timeAtStakeMs", round(atStake));
        }
        LoopRun worst = summary.longest;
        return new Finding(rule, context.severity(), message, worst.sql, null, List.of(), List.of(worst.first), evidence, fix, atStake);
    }
}
