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
 * while it recurs within {@code maxGap} other statements and {@code maxPauseMs}; a run with at
 * least {@code minRepeats} distinct parameter tuples is a loop. A loop is reported when one run
 * made the application wait {@code minElapsedMs} (wall time from the log's timestamps, which holds
 * the round trips a server's own durations leave out), or when the application ran it
 * {@code minEpisodes} times: then it is in the code, however fast each run was here.
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
                return run.distinctParams() >= context.number("minRepeats");
            }

            /** A loop body of several queries per item is one loop: one finding, on its first query, naming them all. */
            @Override
            List<Finding> reportBlock(List<Episodes> block) {
                if (block.size() == 1) {
                    Finding f = report(block.get(0));
                    return f == null ? List.of() : List.of(f);
                }
                Episodes first = block.get(0);
                Episodes merged = new Episodes();
                merged.size = first.size;
                merged.longest = first.longest;
                merged.maxWaitedMs = first.maxWaitedMs;
                merged.waitedMs = first.waitedMs;
                merged.elapsedKnown = first.elapsedKnown;
                for (Episodes e : block) {
                    merged.executions += e.executions;
                    merged.serverMs += e.serverMs;
                    merged.savingMs += e.savingMs;
                }
                Finding f = report(merged, block.stream().map(e -> e.longest.sql).toList());
                return f == null ? List.of() : List.of(f);
            }

            @Override
            Finding report(Episodes episodes) {
                return report(episodes, List.of(episodes.longest.sql));
            }

            Finding report(Episodes episodes, List<String> body) {
                Run worst = episodes.longest;
                // in a test's trace, or a source without times, a loop is a loop: the time says nothing
                boolean timeCounts = worst.timed && !worst.session.startsWith("test:");
                if (timeCounts && episodes.size < context.number("minEpisodes")
                        && !(episodes.maxWaitedMs >= context.number("minElapsedMs"))) {
                    return null;
                }
                Map<String, Object> evidence = evidence(episodes, "executions", "maxRepetitions", "episodeTimeMs");
                evidence.put("distinctParameterTuples", worst.distinctParams());
                if (worst.timed) {
                    evidence.put("serverTimeMs", round(episodes.serverMs));
                }
                if (episodes.elapsedKnown) {
                    evidence.put("elapsedMs", round(episodes.waitedMs));
                    evidence.put("longestRunElapsedMs", round(episodes.maxWaitedMs));
                    evidence.put("estimatedSavingMs", round(episodes.savingMs));
                }
                // batched, each loop is one query per statement of its body
                long avoided = episodes.executions - (long) episodes.size * body.size();
                evidence.put("roundTripsAvoided", avoided);
                if (body.size() > 1) {
                    evidence.put("loopBody", body);
                }
                if (worst.parentSql != null) {
                    evidence.put("parentQuery", worst.parentSql);
                }
                if (!worst.parentKeys.isEmpty()) {
                    // a trace that samples result keys (masked) shows where the child's values came from
                    evidence.put("parentRowsBound", worst.fromParentRows + " of " + worst.count + " executions bound one of the"
                            + " parent's first-column values (" + worst.parentKeys.column() + ") as $1");
                    evidence.put("note", worst.fromParentRows > 0 ? "proven from the trace's masked result keys: the repeated"
                            + " values are the parent query's rows" : "the trace's result keys do not contain the repeated values:"
                            + " they come from somewhere else than the parent query's first column");
                } else {
                    evidence.put("note", "the log does not carry result rows, so that the repeated values came from the"
                            + " parent query's rows is inferred from the order, not proven");
                }
                String message = (body.size() > 1 ? "A loop of " + body.size() + " queries per item: " : "")
                        + "The same query ran " + worst.count + " times in a row in one session with "
                        + worst.distinctParams() + " different parameter values"
                        + (worst.parentSql != null ? ", after a query whose rows it likely iterates" : "")
                        + " (" + episodes.size + " such loop" + (episodes.size > 1 ? "s" : "") + ", "
                        + episodes.executions + " executions"
                        + (episodes.elapsedKnown ? String.format(java.util.Locale.ROOT, ", %.1f ms waited of which %.1f ms on the server",
                                episodes.waitedMs, episodes.serverMs) : "")
                        + ")";
                String fix = "Load the rows in one query: JOIN the repeated table to the parent query, or pass all keys"
                        + " at once with WHERE " + keyColumnHint(worst.sql) + " = ANY($1) and an array parameter"
                        + " (" + avoided + " round trips fewer).";
                return finding(id(), worst, message, evidence, fix);
            }
        };
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }

    private static String keyColumnHint(String sql) {
        var m = java.util.regex.Pattern.compile("where\\s+([a-z_][a-z0-9_.]*)\\s*=\\s*\\$\\d+").matcher(sql);
        return m.find() ? m.group(1) : "key_column";
    }
}
