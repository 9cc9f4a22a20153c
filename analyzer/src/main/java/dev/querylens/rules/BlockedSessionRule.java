package dev.querylens.rules;

import dev.querylens.database.LiveHealth;
import dev.querylens.engine.Finding;
import dev.querylens.engine.HealthFacts;
import dev.querylens.engine.HealthRule;
import dev.querylens.engine.RuleContext;
import dev.querylens.sql.Quote;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A session waiting for a lock another session holds (pg_blocking_pids), longer than the server's
 * own deadlock_timeout: reported with the lock, the table, and who holds it, since the fix is
 * almost always in the blocker (a transaction left open, a long one, DDL queued behind it).
 */
public final class BlockedSessionRule implements HealthRule {
    @Override
    public String id() {
        return "blocked-session";
    }

    @Override
    public List<Finding> check(HealthFacts facts, RuleContext context) {
        LiveHealth h = facts.live();
        if (h == null) {
            return List.of();
        }
        double threshold = context.number("minWaitSeconds");
        List<Finding> out = new ArrayList<>();
        for (LiveHealth.Session s : h.sessions()) {
            // an unseen session's wait has no known length: said in the note, not reported
            if (s.blockedBy().isEmpty() || !s.visible() || s.querySeconds() < threshold) {
                continue;
            }
            String table = s.waitingRelation() == null ? null : Quote.qualified(s.waitingSchema(), s.waitingRelation());
            Map<String, Object> evidence = SessionEvidence.of(s);
            evidence.put("source", "pg_stat_activity, pg_blocking_pids and pg_locks of " + facts.liveLabel() + ", read once");
            evidence.put("waitingSeconds", PoolerAdvice.rounded(s.querySeconds(), 1));
            if (s.waitingLock() != null) {
                evidence.put("waitingFor", s.waitingLock());
            }
            if (table != null) {
                evidence.put("table", s.waitingSchema() + "." + s.waitingRelation());
            }
            List<Map<String, Object>> blockers = new ArrayList<>();
            List<String> said = new ArrayList<>();
            for (int pid : s.blockedBy()) {
                LiveHealth.Session b = h.sessions().stream().filter(o -> o.pid() == pid).findFirst().orElse(null);
                if (b == null) {
                    // another database's session, or QueryLens's own: only its pid is known
                    blockers.add(Map.of("pid", pid));
                    said.add("pid " + pid);
                    continue;
                }
                blockers.add(SessionEvidence.of(b));
                said.add(SessionEvidence.who(b) + (b.visible() ? String.format(Locale.ROOT, ", %s for %.0f s%s", b.state(), b.stateSeconds(),
                        b.query() == null ? "" : ", " + (b.state().equals("active") ? "running " : "last statement ") + b.query())
                        : ", state not visible to this role"));
            }
            evidence.put("blockedBy", blockers);
            String message = String.format(Locale.ROOT, "session %s has waited %.0f s%s%s, blocked by %s; its statement: %s",
                    SessionEvidence.who(s), s.querySeconds(), s.waitingLock() == null ? "" : " for a " + s.waitingLock() + " lock",
                    table == null ? "" : " on " + table, String.join("; ", said), s.query());
            String fix = "Look at the blocker, not the waiter: a transaction left open (idle in transaction) must commit or roll back,"
                    + " a long one should be split or moved off peak, DDL should run with a short lock_timeout and retry. Writers"
                    + " should take row locks in one order and keep transactions short; a wait that must not hang can set lock_timeout."
                    + " Ending the blocker now (SELECT pg_terminate_backend(" + s.blockedBy().get(0) + ");) rolls back its work: a"
                    + " decision for its owner.";
            out.add(HealthFindings.at(facts, id(), context, message, table == null ? null : s.waitingSchema() + "." + s.waitingRelation(),
                    evidence, fix));
        }
        return out;
    }

    @Override
    public Optional<String> note(HealthFacts facts, RuleContext context) {
        return HealthFindings.hidden(facts, id());
    }
}
