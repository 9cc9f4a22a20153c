package dev.querylens.rules;

import dev.querylens.database.LiveHealth;
import dev.querylens.engine.Finding;
import dev.querylens.engine.HealthFacts;
import dev.querylens.engine.HealthRule;
import dev.querylens.engine.RuleContext;
import dev.querylens.sql.Quote;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A database whose oldest unfrozen transaction id (or multixact) is older than the age at which
 * autovacuum must already force an anti-wraparound vacuum: autovacuum is not keeping up, or
 * something holds the horizon back. At about 2^31 the server stops assigning transaction ids.
 */
public final class WraparoundRule implements HealthRule {
    /** PostgreSQL 14+ refuses new transaction ids three million short of 2^31 (docs, "Preventing Transaction ID Wraparound Failures"). */
    static final long XID_STOP = (1L << 31) - 3_000_000L;

    @Override
    public String id() {
        return "xid-wraparound";
    }

    @Override
    public List<Finding> check(HealthFacts facts, RuleContext context) {
        LiveHealth h = facts.live();
        if (h == null || h.wraparound().freezeMaxAge() <= 0) {
            return List.of();
        }
        LiveHealth.Wraparound w = h.wraparound();
        double share = context.number("maxShareOfFreezeMaxAge");
        double xidLimit = share * w.freezeMaxAge();
        double mxidLimit = share * w.multixactFreezeMaxAge();
        List<Finding> out = new ArrayList<>();
        for (LiveHealth.DatabaseAge d : w.databases()) {
            boolean xid = d.xidAge() >= xidLimit;
            boolean mxid = d.mxidAge() >= mxidLimit;
            if (!xid && !mxid) {
                continue;
            }
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("source", "pg_database and the autovacuum settings of " + facts.liveLabel() + ", read once");
            evidence.put("database", d.name());
            evidence.put("xidAge", d.xidAge());
            evidence.put("mxidAge", d.mxidAge());
            evidence.put("autovacuumFreezeMaxAge", w.freezeMaxAge());
            evidence.put("autovacuumMultixactFreezeMaxAge", w.multixactFreezeMaxAge());
            evidence.put("xidsLeftBeforeStop", XID_STOP - d.xidAge());
            List<String> tables = new ArrayList<>();
            if (d.current()) {
                List<Map<String, Object>> oldest = new ArrayList<>();
                for (LiveHealth.TableAge t : w.oldestTables()) {
                    if (t.xidAge() >= xidLimit || t.mxidAge() >= mxidLimit) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("table", t.schema() + "." + t.table());
                        row.put("xidAge", t.xidAge());
                        row.put("mxidAge", t.mxidAge());
                        oldest.add(row);
                        tables.add(Quote.qualified(t.schema(), t.table()));
                    }
                }
                evidence.put("oldestTables", oldest);
            }
            List<String> said = new ArrayList<>();
            if (xid) {
                said.add(String.format(Locale.ROOT, "transaction-id age %d is %.0f%% of autovacuum_freeze_max_age = %d (%d ids left before"
                        + " the server stops assigning them)", d.xidAge(), 100.0 * d.xidAge() / w.freezeMaxAge(), w.freezeMaxAge(),
                        XID_STOP - d.xidAge()));
            }
            if (mxid) {
                said.add(String.format(Locale.ROOT, "multixact age %d is %.0f%% of autovacuum_multixact_freeze_max_age = %d", d.mxidAge(),
                        100.0 * d.mxidAge() / w.multixactFreezeMaxAge(), w.multixactFreezeMaxAge()));
            }
            String message = "database " + Quote.ident(d.name()) + ": " + String.join("; ", said);
            String fix = "Find what holds the oldest ids: long transactions (pg_stat_activity.backend_xmin), forgotten prepared transactions"
                    + " (pg_prepared_xacts), replication slots (pg_replication_slots.xmin, catalog_xmin), anti-wraparound autovacuums that"
                    + " keep being cancelled (the log). Then freeze the oldest tables"
                    + (tables.isEmpty() ? " (connect to " + Quote.ident(d.name()) + " and order pg_class by age(relfrozenxid))"
                    : ": " + String.join("; ", tables.stream().map(t -> "VACUUM (FREEZE, VERBOSE) " + t).toList()) + ";")
                    + " and let autovacuum keep up (more autovacuum_max_workers, a lower autovacuum_vacuum_cost_delay).";
            out.add(HealthFindings.at(facts, id(), context, message, null, evidence, fix));
        }
        return out;
    }
}
