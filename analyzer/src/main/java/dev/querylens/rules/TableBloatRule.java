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
 * A table whose pages hold far more than its rows need, by the catalog estimate ({@link
 * BloatEstimate}): space that dead rows took and VACUUM freed stays in the table (VACUUM returns
 * only empty pages at its end to the system), so every sequential scan still reads it and the
 * disk still holds it. Only a rewrite gives it back.
 */
public final class TableBloatRule implements HealthRule {
    @Override
    public String id() {
        return "table-bloat";
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
        for (LiveHealth.TableSpace t : h.storage().tables()) {
            BloatEstimate e = BloatEstimate.of(t, h.storage());
            if (e == null || e.bloatBytes() < minBytes || e.share() < minShare) {
                continue;
            }
            String table = Quote.qualified(t.schema(), t.table());
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("source", "pg_class (relpages, reltuples, its TOAST table's) and pg_stats (null_frac, avg_width) of "
                    + facts.liveLabel() + ", read once; an estimate, not a measurement");
            evidence.put("table", t.schema() + "." + t.table());
            evidence.put("sizeBytes", e.realBytes());
            evidence.put("estimatedNeededBytes", e.neededBytes());
            evidence.put("estimatedBloatBytes", e.bloatBytes());
            evidence.put("estimatedBloatShare", BloatFindings.share(e.share()));
            evidence.put("rows", (long) t.tuples());
            evidence.put("estimatedRowBytes", e.rowBytes());
            evidence.put("fillfactor", t.fillfactor());
            String message = String.format(Locale.ROOT, "table %s: an estimated %s of its %s (%s) is bloat, space its %d rows do not"
                            + " need (a catalog estimate from pg_class and pg_stats, about %d bytes a row at fillfactor %d, not a"
                            + " measurement)", table, HealthFindings.bytes(e.bloatBytes()), HealthFindings.bytes(e.realBytes()),
                    BloatFindings.percent(e.share()), (long) t.tuples(), e.rowBytes(), t.fillfactor());
            String fix = "To give the space back, rewrite the table: pg_repack --table=" + table + " (online, needs the pg_repack"
                    + " extension and a primary key), or VACUUM (FULL, ANALYZE, VERBOSE) " + table + "; (holds an ACCESS EXCLUSIVE lock"
                    + " for the whole rewrite and needs room for a second copy). To measure it first, which reads every page:"
                    + " SELECT * FROM pgstattuple(" + Quote.literal(table) + "); (the pgstattuple extension). Then find why it"
                    + " bloated (autovacuum off or behind for it, long transactions holding dead rows), or it grows back.";
            out.add(HealthFindings.at(facts, id(), context, message, t.schema() + "." + t.table(), evidence, fix));
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
        List<LiveHealth.TableSpace> unseen = new ArrayList<>();
        List<LiveHealth.TableSpace> unanalyzed = new ArrayList<>();
        for (LiveHealth.TableSpace t : h.storage().tables()) {
            // a table smaller than the threshold cannot be bloated past it: not estimating it hides nothing
            if ((t.pages() + t.toastPages()) * (long) h.storage().blockSize() < minBytes || BloatEstimate.of(t, h.storage()) != null) {
                continue;
            }
            (t.statsVisible() ? unanalyzed : unseen).add(t);
        }
        return BloatFindings.note(id(), "tables", unseen, unanalyzed, x -> x.schema() + "." + x.table(), facts);
    }
}
