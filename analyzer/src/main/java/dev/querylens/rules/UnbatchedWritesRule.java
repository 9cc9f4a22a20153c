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
 * Back-to-back single-row writes of one statement shape in one request (or session): each pays a
 * round trip, a parse and (in autocommit) a commit with its WAL flush. A transaction per row does
 * not break the run; the end of a transaction that held several of them does, as do a pause, another
 * request and any other statement ({@link RepetitionWatcher}). A multi-row INSERT is already batched
 * and is not counted. Time at stake: the server's time plus {@code roundTripMs} per statement.
 */
public final class UnbatchedWritesRule implements SequenceRule {
    @Override
    public String id() {
        return "unbatched-writes";
    }

    @Override
    public Watcher watch(RuleContext context) {
        return watch(context, null);
    }

    /** With the engine's shared passes, the loop tracker the loop rules share; with null, one of its own. */
    @Override
    public Watcher watch(RuleContext context, SharedPasses shared) {
        return new RepetitionWatcher(context, shared, Set.of("insert", "update", "delete")) {
            @Override
            boolean tracks(SessionEvent e) {
                // a JDBC batch is already batched; so is a multi-row INSERT
                return super.tracks(e) && e.batchSize() <= 1 && !isMultiRowInsert(e.fingerprint().normalizedSql());
            }

            @Override
            boolean qualifies(LoopRun run) {
                return run.count >= context.number("minStatements");
            }

            @Override
            Finding report(LoopSummary summary) {
                LoopRun worst = summary.longest;
                Map<String, Object> evidence = evidence(summary, summary.executions, "statements", "longestRun");
                long avoided = Math.max(0, summary.executions - summary.size);
                evidence.put("roundTripsAvoided", avoided);
                if (roundTripMs() > 0) {
                    evidence.put("estimatedSavingMs", round(avoided * roundTripMs()));
                }
                evidence.put("note", "a server log cannot tell a JDBC batch sent without reWriteBatchedInserts from a loop;"
                        + " both cost one execution per row on the server");
                String verb = worst.sql.startsWith("insert") ? "INSERT" : worst.sql.startsWith("update") ? "UPDATE" : "DELETE";
                var orm = RepetitionWatcher.ormOf(worst);
                orm.ifPresent(r -> evidence.put("orm", r.orm().name() + " (recognised from " + r.evidence() + ")"));
                String message = summary.executions + " single-row " + verb + " statements of the same shape ran back to back"
                        + (worst.sessions().size() > 1 ? " over " + worst.sessions().size() + " connections" : "")
                        + RepetitionWatcher.origin(summary) + " (" + summary.size + " run" + (summary.size > 1 ? "s" : "") + " of "
                        + NPlusOneRule.sizes(summary)
                        + (summary.allTimed ? String.format(java.util.Locale.ROOT, ", %.1f ms on the server", summary.serverMs) : "")
                        + (roundTripMs() > 0 ? String.format(java.util.Locale.ROOT, " + %.1f ms of round trips at %s ms each",
                                summary.executions * roundTripMs(), NPlusOneRule.trim(roundTripMs())) : "")
                        + ")";
                String plain = switch (verb) {
                    case "INSERT" -> "Send the rows together: one INSERT with a multi-row VALUES list, JDBC addBatch/executeBatch with"
                            + " reWriteBatchedInserts=true, or COPY for bulk loads.";
                    case "UPDATE" -> "Update the rows in one statement: UPDATE ... FROM (VALUES ...) AS v(id, ...) WHERE t.id = v.id,"
                            + " or a JDBC batch.";
                    default -> "Delete the rows in one statement: DELETE ... WHERE id = ANY($1) with an array of keys.";
                };
                String fix = orm.flatMap(r -> r.orm().fix(verb.toLowerCase(java.util.Locale.ROOT))).orElse(plain);
                return finding(id(), summary, summary.executions, summary.serverMs, message, evidence, fix);
            }
        };
    }

    static boolean isMultiRowInsert(String normalizedSql) {
        int values = normalizedSql.indexOf(" values (");
        return normalizedSql.startsWith("insert") && values > 0 && normalizedSql.indexOf("), (", values) > 0;
    }
}
