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
 * A session that opened a transaction and has done nothing in it for longer than a request should
 * take: it holds its locks (blocking writers of the same rows, and any DDL on its tables) and its
 * snapshot keeps VACUUM from removing dead rows, while its connection serves no one.
 */
public final class IdleInTransactionRule implements HealthRule {
    @Override
    public String id() {
        return "idle-in-transaction";
    }

    @Override
    public List<Finding> check(HealthFacts facts, RuleContext context) {
        LiveHealth h = facts.live();
        if (h == null) {
            return List.of();
        }
        double threshold = context.number("maxIdleSeconds");
        List<Finding> out = new ArrayList<>();
        for (LiveHealth.Session s : h.sessions()) {
            if (!s.idleInTransaction() || s.stateSeconds() < threshold) {
                continue;
            }
            List<Integer> blocking = h.sessions().stream().filter(o -> o.blockedBy().contains(s.pid())).map(LiveHealth.Session::pid).toList();
            Map<String, Object> evidence = SessionEvidence.of(s);
            evidence.put("source", "pg_stat_activity and pg_locks of " + facts.liveLabel() + ", read once");
            evidence.put("blocking", blocking);
            String message = String.format(Locale.ROOT, "session %s has been %s for %.0f s (in a transaction for %.0f s)%s%s",
                    SessionEvidence.who(s), s.state(), s.stateSeconds(), s.transactionSeconds(),
                    blocking.isEmpty() ? "" : ", blocking " + blocking.size() + " other sessions (pids " + blocking + ")",
                    s.query() == null ? "" : "; its last statement: " + s.query());
            String fix = "Find the code that opens this transaction and then waits (its last statement above is where it stopped):"
                    + " commit or roll back before slow work (remote calls, user input, file I/O), and close transactions on every error"
                    + " path. Set idle_in_transaction_session_timeout so that a forgotten one ends, e.g. ALTER ROLE "
                    + (s.user() == null ? "app" : dev.querylens.sql.Quote.ident(s.user())) + " SET idle_in_transaction_session_timeout = '60s';"
                    + " Ending this one now (SELECT pg_terminate_backend(" + s.pid() + ");) rolls back its work: a decision for its owner.";
            out.add(HealthFindings.at(facts, id(), context, message, null, evidence, fix));
        }
        return out;
    }

    @Override
    public Optional<String> note(HealthFacts facts, RuleContext context) {
        return HealthFindings.hidden(facts, id());
    }
}
