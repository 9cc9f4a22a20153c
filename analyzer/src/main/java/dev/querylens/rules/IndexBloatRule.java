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
 * A B-tree index with far more pages than its entries need, by the catalog estimate ({@link
 * BloatEstimate}): VACUUM removes dead entries but merges no pages that still hold one, so after
 * mass deletes or non-HOT updates an index stays as large as it was, and scans and the cache pay for
 * the empty space. REINDEX CONCURRENTLY rebuilds it packed without blocking writes.
 */
public final class IndexBloatRule implements HealthRule {
    @Override
    public String id() {
        return "index-bloat";
    }

    @Override
    public List<Finding> check(HealthFacts facts, RuleContext context) {
        LiveHealth h = facts.live();
        if (h == null) {
            return List.of();
        }
        double minBytes = context.number("minBloatBytes");
        double minShare = context.number("minBloatShare");
        List<Finding> out = new ArrayList<>();
        for (LiveHealth.IndexSpace i : h.storage().indexes()) {
            BloatEstimate e = i.valid() ? BloatEstimate.of(i, h.storage()) : null; // an invalid index is invalid-index's
            if (e == null || e.bloatBytes() < minBytes || e.share() < minShare) {
                continue;
            }
            String index = Quote.qualified(i.schema(), i.name());
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("source", "pg_class (relpages, reltuples) and pg_stats (null_frac, avg_width of the indexed columns) of "
                    + facts.liveLabel() + ", read once; an estimate, not a measurement");
            evidence.put("index", i.schema() + "." + i.name());
            evidence.put("table", i.schema() + "." + i.table());
            evidence.put("sizeBytes", e.realBytes());
            evidence.put("estimatedNeededBytes", e.neededBytes());
            evidence.put("estimatedBloatBytes", e.bloatBytes());
            evidence.put("estimatedBloatShare", BloatFindings.share(e.share()));
            evidence.put("entries", (long) i.tuples());
            evidence.put("estimatedEntryBytes", e.rowBytes());
            evidence.put("fillfactor", i.fillfactor());
            String message = String.format(Locale.ROOT, "index %s on %s: an estimated %s of its %s (%s) is bloat, pages its %d entries"
                            + " do not need (a catalog estimate from pg_class and pg_stats, about %d bytes an entry at fillfactor %d, not"
                            + " a measurement)", index, Quote.qualified(i.schema(), i.table()), HealthFindings.bytes(e.bloatBytes()),
                    HealthFindings.bytes(e.realBytes()), BloatFindings.percent(e.share()), (long) i.tuples(), e.rowBytes(),
                    i.fillfactor());
            String fix = "Rebuild it packed without blocking reads or writes (PostgreSQL 12+, outside a transaction block): REINDEX INDEX"
                    + " CONCURRENTLY " + index + "; (it needs room for a second copy while it runs; a failed run leaves an invalid"
                    + " index behind, which invalid-index reports). To measure it first, which reads every page: SELECT * FROM"
                    + " pgstatindex(" + Quote.literal(index) + "); (the pgstattuple extension; avg_leaf_density well under the"
                    + " fillfactor confirms it).";
            out.add(HealthFindings.at(facts, id(), context, message, i.schema() + "." + i.table(), evidence, fix));
        }
        return out;
    }

    @Override
    public Optional<String> note(HealthFacts facts, RuleContext context) {
        LiveHealth h = facts.live();
        if (h == null) {
            return Optional.empty();
        }
        double minBytes = context.number("minBloatBytes");
        List<LiveHealth.IndexSpace> unseen = new ArrayList<>();
        List<LiveHealth.IndexSpace> unanalyzed = new ArrayList<>();
        for (LiveHealth.IndexSpace i : h.storage().indexes()) {
            if (!"btree".equals(i.method()) || !i.valid() || i.pages() * (long) h.storage().blockSize() < minBytes
                    || BloatEstimate.of(i, h.storage()) != null) {
                continue;
            }
            (i.statsVisible() ? unanalyzed : unseen).add(i);
        }
        return BloatFindings.note(id(), "B-tree indexes", unseen, unanalyzed, x -> x.schema() + "." + x.name(), facts);
    }
}
