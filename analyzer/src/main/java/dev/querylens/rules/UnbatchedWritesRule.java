package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.SequenceRule;
import dev.querylens.workload.SessionEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Back-to-back single-row writes of one statement shape in one session: each pays a round trip,
 * a parse and (in autocommit) a commit with its WAL flush. Transaction control between them does
 * not break the run; any other statement does. A multi-row INSERT is already batched and is not
 * counted.
 */
public final class UnbatchedWritesRule implements SequenceRule {
    @Override
    public String id() {
        return "unbatched-writes";
    }

    @Override
    public Watcher watch(RuleContext context) {
        return new RepetitionWatcher(context, Set.of("insert", "update", "delete")) {
            @Override
            boolean tracks(SessionEvent e) {
                // a JDBC batch is already batched; so is a multi-row INSERT
                return super.tracks(e) && e.batchSize() <= 1 && !isMultiRowInsert(e.fingerprint().normalizedSql());
            }

            @Override
            boolean qualifies(Run run) {
                return run.count >= context.number("minStatements");
            }

            @Override
            Finding report(Episodes episodes) {
                Run worst = episodes.longest;
                Map<String, Object> evidence = evidence(episodes, "statements", "longestRun", "runTimeMs");
                evidence.put("note", "a server log cannot tell a JDBC batch sent without reWriteBatchedInserts from a loop;"
                        + " both cost one execution per row on the server");
                String verb = worst.sql.startsWith("insert") ? "INSERT" : worst.sql.startsWith("update") ? "UPDATE" : "DELETE";
                String message = worst.count + " single-row " + verb + " statements of the same shape ran back to back in one"
                        + " session (" + evidence.get("statements") + " in " + episodes.size + " run" + (episodes.size > 1 ? "s" : "") + ")";
                String fix = switch (verb) {
                    case "INSERT" -> "Send the rows together: one INSERT with a multi-row VALUES list, JDBC addBatch/executeBatch with"
                            + " reWriteBatchedInserts=true, or COPY for bulk loads.";
                    case "UPDATE" -> "Update the rows in one statement: UPDATE ... FROM (VALUES ...) AS v(id, ...) WHERE t.id = v.id,"
                            + " or a JDBC batch.";
                    default -> "Delete the rows in one statement: DELETE ... WHERE id = ANY($1) with an array of keys.";
                };
                return finding(id(), worst, message, evidence, fix);
            }
        };
    }

    static boolean isMultiRowInsert(String normalizedSql) {
        int values = normalizedSql.indexOf(" values (");
        return normalizedSql.startsWith("insert") && values > 0 && normalizedSql.indexOf("), (", values) > 0;
    }
}
