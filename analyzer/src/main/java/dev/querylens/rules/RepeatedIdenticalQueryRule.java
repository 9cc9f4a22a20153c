package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.SequenceRule;
import dev.querylens.engine.SharedPasses;
import dev.querylens.workload.SessionEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The same SELECT with the same parameter values, again and again in one session: the answer could
 * be kept. A statement with placeholders whose values the source did not log (Prisma's stdout query
 * log, a server log without its parameters DETAIL) is left out: its values are unknown, not the same.
 */
public final class RepeatedIdenticalQueryRule implements SequenceRule {
    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\$\\d");
    @Override
    public String id() {
        return "repeated-identical-query";
    }

    @Override
    public Watcher watch(RuleContext context) {
        return watch(context, null);
    }

    /** With the engine's shared passes, the loop tracker the loop rules share; with null, one of its own. */
    @Override
    public Watcher watch(RuleContext context, SharedPasses shared) {
        return new RepetitionWatcher(context, shared, Set.of("select")) {
            @Override
            boolean tracks(SessionEvent e) {
                return super.tracks(e) && !(e.params().isEmpty() && e.rawSql() != null && PLACEHOLDER.matcher(e.rawSql()).find());
            }

            @Override
            String key(SessionEvent e) {
                return e.fingerprint().id() + e.params();
            }

            @Override
            boolean qualifies(LoopRun run) {
                return run.count >= context.number("minRepeats") && run.distinctParams() == 1;
            }

            @Override
            Finding report(LoopSummary summary) {
                LoopRun worst = summary.longest;
                Map<String, Object> evidence = evidence(summary, summary.executions, "executions", "maxRepetitions");
                String message = "The same query with the same parameter values ran " + worst.count
                        + " times in one session; every run after the first returned what the application already had";
                String fix = "Read it once per request or unit of work and pass the result along, or cache it"
                        + " (request scope, or an application cache with invalidation on write).";
                return finding(id(), summary, summary.executions, summary.serverMs, message, evidence, fix);
            }
        };
    }
}
