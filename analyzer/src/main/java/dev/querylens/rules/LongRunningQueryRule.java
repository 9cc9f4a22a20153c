package dev.querylens.rules;

import dev.querylens.database.LiveHealth;
import dev.querylens.engine.Finding;
import dev.querylens.engine.HealthFacts;
import dev.querylens.engine.HealthRule;
import dev.querylens.engine.RuleContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A statement that has been running longer than an interactive query should: it holds its locks
 * and snapshot all that time (VACUUM cannot remove rows dead since it began) and a connection. A
 * statement that is only waiting for a lock is blocked-session's, not this rule's.
 */
public final class LongRunningQueryRule implements HealthRule {
    @Override
    public String id() {
        return "long-running-query";
    }

    @Override
    public List<Finding> check(HealthFacts facts, RuleContext context) {
        LiveHealth h = facts.live();
        if (h == null) {
            return List.of();
        }
        double threshold = context.number("maxSeconds");
        List<Finding> out = new ArrayList<>();
        for (LiveHealth.Session s : h.sessions()) {
            if (!"active".equals(s.state()) || !s.blockedBy().isEmpty() || s.querySeconds() < threshold) {
                continue;
            }
            Map<String, Object> evidence = SessionEvidence.of(s);
            evidence.put("source", "pg_stat_activity of " + facts.liveLabel() + ", read once");
            evidence.put("runningSeconds", PoolerAdvice.rounded(s.querySeconds(), 1));
            String message = String.format(Locale.ROOT, "session %s has been running one statement for %.0f s: %s",
                    SessionEvidence.who(s), s.querySeconds(), s.query());
            String fix = "Explain the statement (querylens explain, or EXPLAIN on a copy) for a missing index or a plan gone wrong;"
                    + " move reports and batch work to a replica or off peak; bound what an application may run with statement_timeout"
                    + " (ALTER ROLE " + (s.user() == null ? "app" : dev.querylens.sql.Quote.ident(s.user())) + " SET statement_timeout"
                    + " = '30s';). Cancelling this one now (SELECT pg_cancel_backend(" + s.pid() + ");) is a decision for its owner.";
            out.add(HealthFindings.at(facts, id(), context, message, null, evidence, fix));
        }
        return out;
    }

    @Override
    public Optional<String> note(HealthFacts facts, RuleContext context) {
        return HealthFindings.hidden(facts, id());
    }
}
