package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.SequenceRule;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The same SELECT run again and again in one session with different parameter values: a loop in
 * the application issuing one query per row of an earlier result. A run of a fingerprint goes on
 * while it recurs within {@code maxGap} other statements; a run with at least {@code minRepeats}
 * distinct parameter tuples and {@code minTotalMs} of combined time is an N+1 episode.
 */
public final class NPlusOneRule implements SequenceRule {
    @Override
    public String id() {
        return "n-plus-one";
    }

    @Override
    public Watcher watch(RuleContext context) {
        return new RepetitionWatcher(context, Set.of("select")) {
            @Override
            boolean qualifies(Run run) {
                // in a test's trace the data is small and the time says nothing: a loop is a loop
                boolean timeCounts = run.timed && !run.session.startsWith("test:");
                return run.distinctParams() >= context.number("minRepeats")
                        && (!timeCounts || run.totalMs >= context.number("minTotalMs"));
            }

            @Override
            Finding report(Episodes episodes) {
                Run worst = episodes.longest;
                Map<String, Object> evidence = evidence(episodes, "executions", "maxRepetitions", "episodeTimeMs");
                evidence.put("distinctParameterTuples", worst.distinctParams());
                if (worst.parentSql != null) {
                    evidence.put("parentQuery", worst.parentSql);
                }
                evidence.put("note", "the log does not carry result rows, so that the repeated values came from the"
                        + " parent query's rows is inferred from the order, not proven");
                String message = "The same query ran " + worst.count + " times in a row in one session with "
                        + worst.distinctParams() + " different parameter values"
                        + (worst.parentSql != null ? ", after a query whose rows it likely iterates" : "")
                        + " (" + episodes.size + " such loop" + (episodes.size > 1 ? "s" : "") + ", "
                        + evidence.get("executions") + " executions)";
                String fix = "Load the rows in one query: JOIN the repeated table to the parent query, or pass all keys"
                        + " at once with WHERE " + keyColumnHint(worst.sql) + " = ANY($1) and an array parameter.";
                return finding(id(), worst, message, evidence, fix);
            }
        };
    }

    private static String keyColumnHint(String sql) {
        var m = java.util.regex.Pattern.compile("where\\s+([a-z_][a-z0-9_.]*)\\s*=\\s*\\$\\d+").matcher(sql);
        return m.find() ? m.group(1) : "key_column";
    }
}
