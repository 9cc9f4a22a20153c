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
import java.util.Map;

/**
 * A replication slot no consumer is connected to: the server keeps every WAL segment from the
 * slot's restart_lsn on (until the disk fills, unless max_slot_wal_keep_size bounds it) and,
 * through its xmin or catalog_xmin, rows VACUUM would otherwise remove. A forgotten slot of a
 * decommissioned replica or CDC pipeline grows without bound.
 */
public final class InactiveReplicationSlotRule implements HealthRule {
    @Override
    public String id() {
        return "inactive-replication-slot";
    }

    @Override
    public List<Finding> check(HealthFacts facts, RuleContext context) {
        LiveHealth h = facts.live();
        if (h == null) {
            return List.of();
        }
        double minBytes = context.number("minRetainedBytes");
        List<Finding> out = new ArrayList<>();
        for (LiveHealth.ReplicationSlot s : h.slots()) {
            if (s.active() || s.retainedBytes() < 0 || s.retainedBytes() < minBytes) {
                continue; // in use, or it reserves no WAL (a physical slot created without immediately_reserve, never used)
            }
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("source", "pg_replication_slots of " + facts.liveLabel() + ", read once");
            evidence.put("slot", s.name());
            evidence.put("type", s.type());
            if (s.database() != null) {
                evidence.put("database", s.database());
            }
            evidence.put("retainedBytes", s.retainedBytes());
            if (s.walStatus() != null) {
                evidence.put("walStatus", s.walStatus());
            }
            if (s.xminAge() >= 0) {
                evidence.put("xminAge", s.xminAge());
            }
            String message = "replication slot " + Quote.ident(s.name()) + " (" + s.type()
                    + (s.database() == null ? "" : ", database " + Quote.ident(s.database())) + ") is inactive and holds back "
                    + HealthFindings.bytes(s.retainedBytes()) + " of WAL" + (s.xminAge() >= 0 ? " and rows of the last " + s.xminAge()
                    + " transactions from VACUUM" : "") + ("lost".equals(s.walStatus()) ? "; its WAL is already gone (wal_status lost):"
                    + " the consumer cannot resume from it" : "");
            String fix = "If nothing will consume it again (a removed replica, a stopped CDC connector): SELECT pg_drop_replication_slot("
                    + Quote.literal(s.name()) + "); (on the primary; a logical slot from its own database). Otherwise bring its consumer"
                    + " back, and bound what any slot may hold: ALTER SYSTEM SET max_slot_wal_keep_size = '50GB'; SELECT pg_reload_conf();";
            out.add(HealthFindings.at(facts, id(), context, message, null, evidence, fix));
        }
        return out;
    }
}
