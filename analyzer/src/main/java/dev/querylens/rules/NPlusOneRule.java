package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.SequenceRule;
import dev.querylens.engine.SharedPasses;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The same SELECT run again and again in one request (or session) with different parameter
 * values: a loop in the application issuing one query per row of an earlier result. A run (see
 * {@link RepetitionWatcher}) with at least {@code minRepeats} distinct parameter tuples is a loop,
 * however fast it was on the server and however often it ran: its shape decides, not a time. A run
 * whose only changing values are LIMIT/OFFSET or a keyset bound is a page walk, not a loop. Its time
 * at stake is the server's time plus {@code roundTripMs} per execution.
 */
public final class NPlusOneRule implements SequenceRule {
    @Override
    public String id() {
        return "n-plus-one";
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
            boolean qualifies(LoopRun run) {
                return run.distinctParams() >= context.number("minRepeats");
            }

            /** A loop body of several queries per item is one loop: one finding, on its first query, naming them all. */
            @Override
            List<Finding> reportBlock(List<LoopSummary> block) {
                Finding f = report(block);
                return f == null ? List.of() : List.of(f);
            }

            @Override
            Finding report(LoopSummary summary) {
                return report(List.of(summary));
            }

            Finding report(List<LoopSummary> block) {
                LoopSummary lead = block.get(0);
                LoopRun worst = lead.longest;
                long executions = 0;
                double serverMs = 0;
                List<String> body = new ArrayList<>();
                for (LoopSummary s : block) {
                    executions += s.executions;
                    serverMs += s.serverMs;
                    body.add(s.longest.sql);
                }
                Map<String, Object> evidence = evidence(lead, executions, "executions", "maxRepetitions");
                if (evidence.containsKey("serverTimeMs")) {
                    evidence.put("serverTimeMs", round(serverMs)); // the whole body's, not its first statement's
                }
                evidence.put("distinctParameterTuples", worst.distinctParams());
                if (block.size() > 1) {
                    evidence.put("loopBody", body);
                    List<Long> perStatement = block.stream().map(s -> s.executions).toList();
                    evidence.put("executionsPerStatement", perStatement);
                }
                // batched, each run is one query per statement of its body
                long batched = (long) lead.size * body.size();
                long avoided = Math.max(0, executions - batched);
                evidence.put("roundTripsAvoided", avoided);
                if (roundTripMs() > 0) {
                    evidence.put("estimatedSavingMs", round(avoided * roundTripMs()));
                }
                LoopParent parent = LoopParent.of(worst);
                if (parent.named()) {
                    evidence.put("parentQuery", parent.sql());
                }
                if (parent.verdict() == LoopParent.Verdict.PROVEN) {
                    evidence.put("parentRowsBound", parent.reason());
                    evidence.put("note", "proven from the trace's masked result keys: the repeated values are the parent query's rows");
                } else if (parent.reason() != null) {
                    evidence.put("note", parent.reason());
                }
                var orm = RepetitionWatcher.ormOf(worst);
                orm.ifPresent(r -> evidence.put("orm", r.orm().name() + " (recognised from " + r.evidence() + ")"));
                String message = (body.size() > 1 ? "A loop of " + body.size() + " queries per item: " : "")
                        + "The same query ran " + worst.count + " times in a row"
                        + (worst.sessions().size() > 1 ? " over " + worst.sessions().size() + " connections at once" : "")
                        + " with " + worst.distinctParams() + " different parameter values"
                        + (parent.named() ? ", after a query whose rows it likely iterates" : "")
                        + RepetitionWatcher.origin(lead)
                        + " (" + lead.size + " such loop" + (lead.size > 1 ? "s" : "") + " of " + sizes(lead) + ", "
                        + executions + " executions"
                        + (lead.allTimed ? String.format(Locale.ROOT, ", %.1f ms on the server", serverMs) : "")
                        + (roundTripMs() > 0 ? String.format(Locale.ROOT, " + %.1f ms of round trips at %s ms each",
                                executions * roundTripMs(), trim(roundTripMs())) : "")
                        + ")";
                String plain = "Load the rows in one query: JOIN the repeated table to the parent query, or pass all keys"
                        + " at once with WHERE " + keyColumnHint(worst.sql) + " = ANY($1) and an array parameter";
                String fix = orm.flatMap(r -> r.orm().fix("loop")).map(f -> f + " In SQL: " + lower(plain)).orElse(plain)
                        + " (" + avoided + " round trips fewer).";
                // the longest run, drawn by the HTML report as a span view: its parent, then each repetition
                return finding(id(), lead, executions, serverMs, message, evidence, fix)
                        .withTrace(worst.trace(parent.named() ? parent.sql() : null));
            }
        };
    }

    static String sizes(LoopSummary s) {
        List<Integer> sizes = s.runSizes;
        if (s.size == 1) {
            return sizes.get(0) + "";
        }
        String shown = sizes.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
        return shown + (s.size > sizes.size() ? ", ..." : "");
    }

    static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String lower(String s) {
        return Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    private static String keyColumnHint(String sql) {
        var m = java.util.regex.Pattern.compile("where\\s+([a-z_][a-z0-9_.]*)\\s*=\\s*\\$\\d+").matcher(sql);
        return m.find() ? m.group(1) : "key_column";
    }
}
