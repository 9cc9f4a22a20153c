package dev.querylens.rules;

import dev.querylens.database.TracedStatement;
import dev.querylens.database.TracedStatement.Blocks;
import dev.querylens.engine.Finding;
import dev.querylens.engine.MigrationRule;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.Severity;
import dev.querylens.migration.MigrationStep;
import dev.querylens.migration.Operation.Kind;
import dev.querylens.migration.WorkloadUse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a real PostgreSQL did, not what the text suggests: a traced statement that took a lock
 * blocking writes, or reads and writes, on a table that existed before its migration file. A
 * rewrite under ACCESS EXCLUSIVE holds every query for as long as the copy takes, so it is an error
 * (unless the project set the rule's severity); every other blocking lock a warning. Silent without
 * a trace (migrations --trace).
 */
public final class TracedBlockingLockRule implements MigrationRule {
    @Override
    public String id() {
        return "traced-blocking-lock";
    }

    @Override
    public List<Finding> check(MigrationStep step, WorkloadUse workload, RuleContext context) {
        TracedStatement t = step.trace();
        if (t == null || t.locks().isEmpty()) {
            return List.of();
        }
        List<String> blocking = new ArrayList<>();
        Blocks worst = Blocks.NEITHER;
        String worstMode = null;
        for (Map.Entry<String, List<String>> lock : t.locks().entrySet()) {
            String mode = TracedStatement.strongest(lock.getValue());
            Blocks b = Blocks.of(mode);
            if (b != Blocks.NEITHER) {
                blocking.add(lock.getKey() + " " + TracedStatement.sqlName(mode) + " (blocks " + b.label() + ")");
                if (b.compareTo(worst) > 0) {
                    worst = b;
                    worstMode = mode;
                }
            }
        }
        if (blocking.isEmpty()) {
            return List.of();
        }
        boolean rewrite = !t.rewritten().isEmpty();
        // the duration is evidence, not message: the message stays the same from run to run, as reports are diffed
        String message = "traced on " + step.tracedOn() + ": the statement took " + String.join(", ", blocking)
                + " on a table that existed before this migration" + (rewrite ? " and rewrote " + String.join(", ", t.rewritten()) : "")
                + "; on a table with rows other sessions wait for as long as it runs";
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("locks", String.join("; ", blocking));
        evidence.put("rewritten", String.join(", ", t.rewritten()));
        evidence.put("tracedOn", step.tracedOn());
        evidence.put("durationMs", Math.round(t.durationMs() * 10) / 10.0);
        Finding f = MigrationFindings.of(context, step, message, fix(step, worstMode, rewrite), evidence);
        boolean defaultSeverity = context.severity() == context.definition().severity();
        if (defaultSeverity && worst == Blocks.READS_AND_WRITES && rewrite) {
            f = new Finding(f.rule(), Severity.ERROR, f.message(), f.sql(), f.table(), f.columns(), f.locations(), f.evidence(), f.fix());
        }
        return List.of(f);
    }

    /** The way around the lock the server took, by what the statement does. */
    private static String fix(MigrationStep step, String mode, boolean rewrite) {
        Kind kind = step.op().kind();
        String timeout = " Either way, SET lock_timeout = '5s' first, so the statement gives up instead of queueing every query behind it.";
        if (kind == Kind.CREATE_INDEX || kind == Kind.DROP_INDEX) {
            return "Use " + MigrationFindings.concurrently(step) + " (SHARE UPDATE EXCLUSIVE: reads and writes go on), as a step outside"
                    + " the migrator's transaction." + timeout;
        }
        if (kind == Kind.ADD_CONSTRAINT) {
            return "Add the constraint NOT VALID (a brief lock, no scan), then ALTER TABLE ... VALIDATE CONSTRAINT in a later"
                    + " transaction (SHARE UPDATE EXCLUSIVE on the table, reads and writes go on)." + timeout;
        }
        if (rewrite) {
            return "Avoid the rewrite: add a new column, backfill it in batches, switch the application to it, then drop the old one"
                    + " (expand and contract); a type change PostgreSQL can do without a rewrite (varchar(n) to a longer varchar"
                    + " or text) holds " + TracedStatement.sqlName(mode) + " only for a moment." + timeout;
        }
        return "The lock is brief when nothing else holds the table, but it waits behind every running query and blocks all that"
                + " come after it." + timeout;
    }
}
