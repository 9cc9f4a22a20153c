package dev.querylens.rules;

import dev.querylens.engine.ConnectionFacts;
import dev.querylens.engine.ConnectionRule;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.workload.ClientSessions;
import dev.querylens.workload.LogSessions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Many short sessions, from server logs with log_connections and log_disconnections: every new
 * session forks a backend and authenticates, which a pooler does once per server connection. It
 * needs both the rate (new sessions over the logs' span) and the length (median from the
 * disconnection lines): frequent long sessions are a busy server, rare short ones are scripts.
 */
public final class ConnectionChurnRule implements ConnectionRule {
    private static final int SHOWN_CLIENTS = 5;

    @Override
    public String id() {
        return "connection-churn";
    }

    @Override
    public List<Finding> check(ConnectionFacts facts, RuleContext context) {
        LogSessions s = facts.logs();
        double rate = s.newSessionsPerSecond();
        if (s.newSessions() < context.number("minNewSessions") || Double.isNaN(rate) || rate < context.number("minNewSessionsPerSecond")
                || Double.isNaN(s.medianSessionMs()) || s.medianSessionMs() > context.number("maxMedianSessionMs")) {
            return List.of();
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("source", "server log (log_connections, log_disconnections)");
        evidence.put("newSessions", s.newSessions());
        evidence.put("spanSeconds", PoolerAdvice.rounded(s.spanSeconds(), 3));
        evidence.put("newSessionsPerSecond", PoolerAdvice.rounded(rate, 2));
        evidence.put("disconnections", s.disconnections());
        evidence.put("meanSessionMs", PoolerAdvice.rounded(s.meanSessionMs(), 1));
        evidence.put("medianSessionMs", PoolerAdvice.rounded(s.medianSessionMs(), 1));
        evidence.put("p90SessionMs", PoolerAdvice.rounded(s.p90SessionMs(), 1));
        List<Map<String, Object>> clients = new ArrayList<>();
        for (ClientSessions c : s.clients().subList(0, Math.min(SHOWN_CLIENTS, s.clients().size()))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("user", c.user() == null ? "" : c.user());
            m.put("database", c.database() == null ? "" : c.database());
            m.put("application", c.application() == null ? "" : c.application());
            m.put("newSessions", c.newSessions());
            m.put("medianSessionMs", PoolerAdvice.rounded(c.medianSessionMs(), 1));
            clients.add(m);
        }
        evidence.put("clients", clients);
        ClientSessions top = s.clients().isEmpty() ? null : s.clients().get(0);
        String who = top == null || top.newSessions() == 0 ? "" : ", " + top.newSessions() + " of them " + describe(top);
        String message = String.format(Locale.ROOT, "%.1f new sessions per second (%d in %.1f s%s), half of them over within %s"
                        + " (p90 %s): each one forks a backend and authenticates before its first query", rate, s.newSessions(),
                s.spanSeconds(), who, PoolerAdvice.ms(s.medianSessionMs()), PoolerAdvice.ms(s.p90SessionMs()));
        return List.of(new Finding(id(), context.severity(), message, null, null, List.of(), s.locations(), evidence,
                "Keep connections open and reuse them: an application-side pool (HikariCP, pg-pool) where the process lives"
                        + " long, or a pooler where it does not (serverless functions, per-request scripts). "
                        + PoolerAdvice.pooler(context.api().exposed())));
    }

    /** Half the settings it needs: the lines that are there cannot be judged alone. */
    @Override
    public Optional<String> note(ConnectionFacts facts, RuleContext context) {
        LogSessions s = facts.logs();
        if (s.newSessions() > 0 && s.disconnections() == 0) {
            return Optional.of("connection-churn: the logs have " + s.newSessions() + " connection lines but no disconnection lines,"
                    + " so how long sessions last is unknown: set log_disconnections = on");
        }
        if (s.newSessions() == 0 && s.disconnections() > 0) {
            return Optional.of("connection-churn: the logs have " + s.disconnections() + " disconnection lines but no connection lines,"
                    + " so how often sessions start is unknown: set log_connections = on");
        }
        return Optional.empty();
    }

    private static String describe(ClientSessions c) {
        StringBuilder b = new StringBuilder();
        b.append(c.user() == null ? "?" : c.user()).append('@').append(c.database() == null ? "?" : c.database());
        if (c.application() != null) {
            b.append(" application_name=").append(c.application());
        }
        return b.toString();
    }
}
