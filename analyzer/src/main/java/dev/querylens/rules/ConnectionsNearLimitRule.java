package dev.querylens.rules;

import dev.querylens.collect.SourceLocation;
import dev.querylens.database.BackendActivity;
import dev.querylens.engine.ConnectionFacts;
import dev.querylens.engine.ConnectionRule;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * From a live database's pg_stat_activity: client backends close to the connections the server
 * accepts (max_connections less the reserved ones), or a session idle in transaction for long,
 * which holds its connection, its locks and its snapshot while doing nothing. The snapshot is one
 * moment: the finding says so.
 */
public final class ConnectionsNearLimitRule implements ConnectionRule {
    @Override
    public String id() {
        return "connections-near-limit";
    }

    @Override
    public List<Finding> check(ConnectionFacts facts, RuleContext context) {
        BackendActivity a = facts.live();
        if (a == null) {
            return List.of();
        }
        long backends = a.clientBackends();
        int available = a.availableConnections();
        double share = available == 0 ? Double.POSITIVE_INFINITY : (double) backends / available;
        boolean nearLimit = backends > 0 && share >= context.number("maxBackendsShare");
        boolean idleTooLong = a.idleInTransaction() > 0 && a.oldestIdleInTransactionSeconds() >= context.number("maxIdleInTransactionSeconds");
        if (!nearLimit && !idleTooLong) {
            return List.of();
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("source", "pg_stat_activity and the connection settings of " + facts.liveLabel() + ", read once");
        evidence.put("clientBackends", backends);
        evidence.put("maxConnections", a.maxConnections());
        evidence.put("reservedConnections", a.reservedConnections());
        evidence.put("availableConnections", available);
        evidence.put("share", PoolerAdvice.rounded(share, 3));
        evidence.put("byState", new LinkedHashMap<>(a.byState()));
        evidence.put("idleInTransaction", a.idleInTransaction());
        evidence.put("oldestIdleInTransactionSeconds", PoolerAdvice.rounded(a.oldestIdleInTransactionSeconds(), 1));
        if (a.unknownState() > 0) {
            evidence.put("stateNotVisible", a.unknownState() + " backends of other roles (grant pg_read_all_stats to see their state)");
        }
        List<String> said = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        if (nearLimit) {
            long idle = a.byState().getOrDefault("idle", 0L);
            said.add(String.format(Locale.ROOT, "%d client backends of the %d connections max_connections = %d leaves after %d reserved"
                    + " (%.0f%%), %d of them idle", backends, available, a.maxConnections(), a.reservedConnections(), 100 * share, idle));
            fixes.add("Fewer server connections serve the same load when a pooler multiplexes them: size the application's own"
                    + " pools for what the server can run at once (about its cores times two to four), not for the peak of clients. "
                    + PoolerAdvice.pooler(context.api().exposed()));
        }
        if (idleTooLong) {
            said.add(String.format(Locale.ROOT, "%d sessions idle in transaction, the oldest for %.0f s: each holds a connection, its"
                    + " locks and a snapshot that stops VACUUM", a.idleInTransaction(), a.oldestIdleInTransactionSeconds()));
            fixes.add("Find the code that opens a transaction and waits (pg_stat_activity.query shows its last statement) and commit"
                    + " before slow work; set idle_in_transaction_session_timeout (e.g. ALTER ROLE app SET"
                    + " idle_in_transaction_session_timeout = '60s') so one that is forgotten ends. A pooler in transaction mode"
                    + " cannot take back a connection that is inside a transaction.");
        }
        String message = String.join("; ", said) + " (one snapshot of " + facts.liveLabel() + ")";
        return List.of(new Finding(id(), context.severity(), message, null, null, List.of(),
                List.of(new SourceLocation(facts.liveLabel(), 0)), evidence, String.join(" ", fixes)));
    }
}
