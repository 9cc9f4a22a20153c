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
import java.util.Optional;

/**
 * An index no query has scanned since the statistics were reset, which every insert and non-HOT
 * update still writes. Never one that enforces something (primary key, unique, exclusion) or whose
 * leading column serves a foreign key's checks: those are used without being scanned by a query.
 * Statistics younger than a threshold prove nothing (a weekly job may not have run yet). A
 * partition's part of a partitioned index is left out: it cannot be dropped alone.
 */
public final class UnusedIndexRule implements HealthRule {
    @Override
    public String id() {
        return "unused-index";
    }

    @Override
    public List<Finding> check(HealthFacts facts, RuleContext context) {
        LiveHealth h = facts.live();
        if (h == null || tooYoung(h, context)) {
            return List.of();
        }
        String since = h.statsReset() == null
                ? "(no statistics reset recorded: counted since the statistics began, at initdb or the last crash recovery, which discards them)"
                : "since the statistics reset at " + h.statsReset();
        List<Finding> out = new ArrayList<>();
        for (LiveHealth.IndexUse i : h.indexes()) {
            if (i.scans() > 0 || !i.valid() || !i.ready() || i.building() || i.primary() || i.unique() || i.exclusion() || i.backsForeignKey()
                    || i.partition()) {
                continue;
            }
            String index = Quote.qualified(i.schema(), i.name());
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("source", "pg_stat_user_indexes and pg_index of " + facts.liveLabel() + ", read once");
            evidence.put("index", i.schema() + "." + i.name());
            evidence.put("definition", i.definition());
            evidence.put("scans", i.scans());
            evidence.put("statsReset", h.statsReset());
            if (h.statsAgeSeconds() >= 0) {
                evidence.put("statsAgeHours", PoolerAdvice.rounded(h.statsAgeSeconds() / 3600, 1));
            }
            evidence.put("sizeBytes", i.sizeBytes());
            evidence.put("entriesWritten", i.entriesWritten());
            String message = String.format(Locale.ROOT, "index %s on %s.%s was never scanned %s; it takes %s and the table's writes"
                    + " added %d entries to it meanwhile", index, i.schema(), i.table(), since, HealthFindings.bytes(i.sizeBytes()),
                    i.entriesWritten());
            String fix = "If no replica serves queries that use it (each server counts its own scans: check pg_stat_user_indexes there"
                    + " too) and no rare job needs it, drop it without blocking writes: DROP INDEX CONCURRENTLY " + index
                    + "; (to undo: " + concurrently(i.definition()) + ";)";
            out.add(HealthFindings.at(facts, id(), context, message, i.schema() + "." + i.table(), evidence, fix));
        }
        return out;
    }

    @Override
    public Optional<String> note(HealthFacts facts, RuleContext context) {
        LiveHealth h = facts.live();
        if (h == null || !tooYoung(h, context)) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "unused-index: the statistics of %s were reset %.1f hours ago (%s), less than the"
                        + " %.0f hours (minStatsAgeHours) that make \"never scanned\" evidence; not judged", facts.liveLabel(),
                h.statsAgeSeconds() / 3600, h.statsReset(), context.number("minStatsAgeHours")));
    }

    private static boolean tooYoung(LiveHealth h, RuleContext context) {
        return h.statsAgeSeconds() >= 0 && h.statsAgeSeconds() < context.number("minStatsAgeHours") * 3600;
    }

    /** pg_get_indexdef's CREATE [UNIQUE] INDEX, built again without blocking writes. */
    static String concurrently(String definition) {
        return definition.replaceFirst("^CREATE (UNIQUE )?INDEX ", "CREATE $1INDEX CONCURRENTLY ");
    }
}
