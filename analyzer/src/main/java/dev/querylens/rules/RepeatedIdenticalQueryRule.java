package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.SequenceRule;
import dev.querylens.workload.SessionEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The same SELECT with the same parameter values, again and again in one session: the answer could be kept. */
public final class RepeatedIdenticalQueryRule implements SequenceRule {
    @Override
    public String id() {
        return "repeated-identical-query";
    }

    @Override
    public Watcher watch(RuleContext context) {
        return new RepetitionWatcher(context, Set.of("select")) {
            @Override
            String key(SessionEvent e) {
                return e.fingerprint().id() + e.params();
            }

            @Override
            boolean qualifies(Run run) {
                return run.count >= context.number("minRepeats") && run.distinctParams.size() == 1;
            }

            @Override
            Finding report(List<Run> episodes) {
                Run worst = episodes.stream().max(java.util.Comparator.comparingInt(r -> r.count)).orElseThrow();
                int total = episodes.stream().mapToInt(r -> r.count).sum();
                Map<String, Object> evidence = new LinkedHashMap<>();
                evidence.put("episodes", episodes.size());
                evidence.put("executions", total);
                evidence.put("maxRepetitions", worst.count);
                if (worst.timed) {
                    evidence.put("episodeTimeMs", Math.round(worst.totalMs * 1000) / 1000.0);
                }
                evidence.put("session", worst.session);
                String message = "The same query with the same parameter values ran " + worst.count
                        + " times in one session; every run after the first returned what the application already had";
                String fix = "Read it once per request or unit of work and pass the result along, or cache it"
                        + " (request scope, or an application cache with invalidation on write).";
                return new Finding(id(), context.severity(), message, worst.sql, null, List.of(), List.of(worst.first),
                        evidence, fix);
            }
        };
    }
}
