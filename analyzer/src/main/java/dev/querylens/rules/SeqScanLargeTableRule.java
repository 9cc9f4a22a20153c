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
 * A large table read again and again by sequential scans that each read many of its rows, where
 * index scans are less than 95% of its scans: the sign of a query that lacks an index (PgHero's
 * index usage check). The statistics say which table, not which statement: with the workload
 * (analyze --db), the finding names the missing-index findings on the table.
 */
public final class SeqScanLargeTableRule implements HealthRule {
    @Override
    public String id() {
        return "seq-scan-large-table";
    }

    @Override
    public List<Finding> check(HealthFacts facts, RuleContext context) {
        LiveHealth h = facts.live();
        if (h == null) {
            return List.of();
        }
        double minRows = context.number("minRows");
        double minRowsPerScan = context.number("minRowsPerScan");
        double minScans = context.number("minSeqScans");
        double maxIndexShare = context.number("maxIndexScanShare");
        List<Finding> out = new ArrayList<>();
        for (LiveHealth.TableAccess t : h.storage().access()) {
            long scans = t.seqScans() + t.indexScans();
            double indexShare = scans == 0 ? 1 : (double) t.indexScans() / scans;
            double perScan = t.seqScans() == 0 ? 0 : (double) t.seqRowsRead() / t.seqScans();
            if (t.liveTuples() < minRows || t.seqScans() < minScans || perScan < minRowsPerScan || indexShare >= maxIndexShare) {
                continue;
            }
            String table = Quote.qualified(t.schema(), t.table());
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("source", "pg_stat_user_tables (seq_scan, seq_tup_read, idx_scan, n_live_tup) of " + facts.liveLabel()
                    + ", since the statistics were reset" + (h.statsReset() == null ? "" : " at " + h.statsReset()));
            evidence.put("table", t.schema() + "." + t.table());
            evidence.put("liveRows", t.liveTuples());
            evidence.put("sizeBytes", t.sizeBytes());
            evidence.put("seqScans", t.seqScans());
            evidence.put("seqRowsRead", t.seqRowsRead());
            evidence.put("averageRowsPerSeqScan", Math.round(perScan));
            evidence.put("indexScans", t.indexScans());
            evidence.put("indexScanShare", Math.round(indexShare * 1000) / 1000.0);
            String message = String.format(Locale.ROOT, "table %s (%d rows, %s) was read by %d sequential scans, %d rows each on average"
                            + " (%d rows in all), and index scans are %.0f%% of its scans (%d): a query on it lacks an index", table,
                    t.liveTuples(), HealthFindings.bytes(t.sizeBytes()), t.seqScans(), Math.round(perScan), t.seqRowsRead(),
                    indexShare * 100, t.indexScans());
            String fix = "Find the statements that scan it (pg_stat_statements, or EXPLAIN of the queries on " + table + "; QueryLens's"
                    + " analyze --db reads pg_stat_statements and names them as missing-index findings) and give them the index"
                    + " their WHERE, JOIN or ORDER BY needs (CREATE INDEX CONCURRENTLY ... ON " + table + " (...);). A scan that must"
                    + " read most of the table anyway (a report, an export) is better moved to a replica or a summary table.";
            out.add(HealthFindings.at(facts, id(), context, message, t.schema() + "." + t.table(), evidence, fix));
        }
        return out;
    }
}
