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
 * A table whose dead rows, or rows changed since its last ANALYZE, are well past the point at
 * which autovacuum should have vacuumed or analyzed it: autovacuum is off for it, or not keeping
 * up. Dead rows swell the table and its indexes; stale statistics (or none, for a table never
 * analyzed) give the planner wrong row counts, and with them the plans QueryLens's advice is
 * costed with.
 */
public final class AutovacuumBehindRule implements HealthRule {
    @Override
    public String id() {
        return "autovacuum-behind";
    }

    @Override
    public List<Finding> check(HealthFacts facts, RuleContext context) {
        LiveHealth h = facts.live();
        if (h == null || !h.upkeep().trackCounts()) {
            return List.of();
        }
        LiveHealth.Upkeep u = h.upkeep();
        double factor = context.number("triggerFactor");
        List<Finding> out = new ArrayList<>();
        for (LiveHealth.TableUpkeep t : u.tables()) {
            Map<String, String> options = options(t.options());
            double tuples = Math.max(0, t.reltuples());
            // "The Autovacuum Daemon": threshold + scale factor * reltuples, each overridable per table
            double vacuumTrigger = number(options, "autovacuum_vacuum_threshold", u.vacuumThreshold())
                    + number(options, "autovacuum_vacuum_scale_factor", u.vacuumScaleFactor()) * tuples;
            double analyzeTrigger = number(options, "autovacuum_analyze_threshold", u.analyzeThreshold())
                    + number(options, "autovacuum_analyze_scale_factor", u.analyzeScaleFactor()) * tuples;
            boolean vacuumBehind = t.deadTuples() > factor * vacuumTrigger;
            boolean analyzeBehind = t.modifiedSinceAnalyze() > factor * analyzeTrigger;
            if (!vacuumBehind && !analyzeBehind) {
                continue;
            }
            boolean tableOff = "false".equalsIgnoreCase(options.getOrDefault("autovacuum_enabled", "true"));
            // no analyze time is also what pg_stat_reset() leaves; reltuples stays -1 only until the first
            // VACUUM or ANALYZE (PostgreSQL 14 and later), so only that says "never"
            boolean noAnalyzeTime = t.analyzedSecondsAgo() < 0;
            boolean neverAnalyzed = noAnalyzeTime && t.reltuples() < 0;
            String table = Quote.qualified(t.schema(), t.table());
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("source", "pg_stat_user_tables, pg_class and the autovacuum settings of " + facts.liveLabel() + ", read once");
            evidence.put("table", t.schema() + "." + t.table());
            evidence.put("reltuples", (long) t.reltuples());
            evidence.put("liveTuples", t.liveTuples());
            evidence.put("deadTuples", t.deadTuples());
            evidence.put("vacuumTrigger", Math.round(vacuumTrigger));
            evidence.put("modifiedSinceAnalyze", t.modifiedSinceAnalyze());
            evidence.put("analyzeTrigger", Math.round(analyzeTrigger));
            evidence.put("lastVacuumSecondsAgo", t.vacuumedSecondsAgo() < 0 ? "never" : PoolerAdvice.rounded(t.vacuumedSecondsAgo(), 0));
            evidence.put("lastAnalyzeSecondsAgo", neverAnalyzed ? "never" : noAnalyzeTime ? "none since the statistics were reset"
                    : PoolerAdvice.rounded(t.analyzedSecondsAgo(), 0));
            evidence.put("autovacuum", !u.autovacuum() ? "off on the server" : tableOff ? "off for this table" : "on");
            List<String> said = new ArrayList<>();
            if (vacuumBehind) {
                said.add(String.format(Locale.ROOT, "%d dead rows (autovacuum vacuums past %d)", t.deadTuples(), Math.round(vacuumTrigger)));
            }
            if (analyzeBehind) {
                said.add(String.format(Locale.ROOT, "%d rows changed since %s (autovacuum analyzes past %d)", t.modifiedSinceAnalyze(),
                        neverAnalyzed ? "it was created, never analyzed" : noAnalyzeTime ? "the statistics were reset (no analyze since)" : "its last analyze", Math.round(analyzeTrigger)));
            }
            String why = !u.autovacuum() ? "autovacuum is off on the server" : tableOff ? "autovacuum is off for this table (autovacuum_enabled"
                    + " = false)" : "autovacuum is on but has not reached it";
            String message = "table " + table + ": " + String.join("; ", said) + "; " + why;
            List<String> fix = new ArrayList<>();
            fix.add((vacuumBehind ? "VACUUM (ANALYZE, VERBOSE) " : "ANALYZE VERBOSE ") + table + ";");
            if (tableOff) {
                fix.add("ALTER TABLE " + table + " RESET (autovacuum_enabled);");
            }
            if (!u.autovacuum()) {
                fix.add("Turn autovacuum back on: ALTER SYSTEM SET autovacuum = on; SELECT pg_reload_conf();");
            }
            if (u.autovacuum() && !tableOff) {
                fix.add("Then find why autovacuum falls behind: a long transaction or an idle-in-transaction session holding the"
                        + " horizon back, too few workers (autovacuum_max_workers) or too much throttling (autovacuum_vacuum_cost_limit);"
                        + " on a large table a smaller per-table scale factor triggers it sooner: ALTER TABLE " + table
                        + " SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.01);");
            }
            out.add(HealthFindings.at(facts, id(), context, message, t.schema() + "." + t.table(), evidence, String.join(" ", fix)));
        }
        return out;
    }

    @Override
    public Optional<String> note(HealthFacts facts, RuleContext context) {
        if (facts.live() == null || facts.live().upkeep().trackCounts()) {
            return Optional.empty();
        }
        return Optional.of("autovacuum-behind could not judge dead rows or changes since analyze: track_counts is off on " + facts.liveLabel()
                + ", so nothing is counted (and autovacuum cannot work); not the same as healthy");
    }

    private static Map<String, String> options(List<String> reloptions) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String o : reloptions) {
            int eq = o.indexOf('=');
            if (eq > 0) {
                out.put(o.substring(0, eq), o.substring(eq + 1));
            }
        }
        return out;
    }

    private static double number(Map<String, String> options, String key, double fallback) {
        try {
            return options.containsKey(key) ? Double.parseDouble(options.get(key)) : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
