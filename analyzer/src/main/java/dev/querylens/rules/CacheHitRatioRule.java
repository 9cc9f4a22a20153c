package dev.querylens.rules;

import dev.querylens.database.LiveHealth;
import dev.querylens.engine.Finding;
import dev.querylens.engine.HealthFacts;
import dev.querylens.engine.HealthRule;
import dev.querylens.engine.RuleContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The share of the connected database's table (heap) and index block requests shared_buffers
 * answered, since the statistics were reset: below 99% the working set does not fit the cache,
 * and reads wait for the operating system or the disk. Judged only once more blocks were read from
 * outside shared_buffers than it holds, since fewer could all be the cache filling after a start.
 */
public final class CacheHitRatioRule implements HealthRule {
    @Override
    public String id() {
        return "cache-hit-ratio";
    }

    private record Kind(String name, ToLongFunction<LiveHealth.TableAccess> read, ToLongFunction<LiveHealth.TableAccess> hit) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("table", LiveHealth.TableAccess::heapBlocksRead, LiveHealth.TableAccess::heapBlocksHit),
            new Kind("index", LiveHealth.TableAccess::indexBlocksRead, LiveHealth.TableAccess::indexBlocksHit));

    @Override
    public List<Finding> check(HealthFacts facts, RuleContext context) {
        LiveHealth h = facts.live();
        if (h == null) {
            return List.of();
        }
        double minRatio = context.number("minHitRatio");
        long minRead = minRead(h, context);
        List<Finding> out = new ArrayList<>();
        for (Kind k : KINDS) {
            long read = h.storage().access().stream().mapToLong(k.read()).sum();
            long hit = h.storage().access().stream().mapToLong(k.hit()).sum();
            double ratio = read + hit == 0 ? 1 : (double) hit / (read + hit);
            if (read < minRead || ratio >= minRatio) {
                continue;
            }
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("source", "pg_statio_user_tables (" + (k.name().equals("table") ? "heap" : "idx") + "_blks_hit, _blks_read)"
                    + " and shared_buffers of " + facts.liveLabel() + ", since the statistics were reset"
                    + (h.statsReset() == null ? "" : " at " + h.statsReset()));
            evidence.put("hitRatio", Math.round(ratio * 10000) / 10000.0);
            evidence.put("blocksHit", hit);
            evidence.put("blocksRead", read);
            evidence.put("sharedBuffersBytes", h.storage().sharedBuffersBlocks() * h.storage().blockSize());
            List<Map<String, Object>> most = new ArrayList<>();
            h.storage().access().stream().filter(t -> k.read().applyAsLong(t) > 0)
                    .sorted(Comparator.comparingLong(k.read()).reversed().thenComparing(LiveHealth.TableAccess::table)).limit(5)
                    .forEach(t -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("table", t.schema() + "." + t.table());
                        m.put("blocksRead", k.read().applyAsLong(t));
                        m.put("hitRatio", Math.round(10000.0 * k.hit().applyAsLong(t) / (k.hit().applyAsLong(t) + k.read().applyAsLong(t)))
                                / 10000.0);
                        m.put("tableBytes", t.sizeBytes());
                        most.add(m);
                    });
            evidence.put("mostReadFromOutsideTheCache", most);
            String message = String.format(Locale.ROOT, "%s cache hit ratio of the database is %.1f%% (%d of %d %s block requests found"
                            + " in shared_buffers, %s), under %.0f%%: the %s working set does not fit the cache, and %d blocks were read"
                            + " from the operating system or the disk; most of them from %s", k.name(), ratio * 100, hit, hit + read,
                    k.name(), HealthFindings.bytes(h.storage().sharedBuffersBlocks() * h.storage().blockSize()), minRatio * 100,
                    k.name(), read, String.join(", ", most.stream().map(m -> (String) m.get("table")).toList()));
            String fix = "Find which statements read outside the cache (pg_stat_statements: ORDER BY shared_blks_read DESC) and make"
                    + " them read less: the indexes they lack (seq-scan-large-table, missing-index), bloat rebuilt (table-bloat,"
                    + " index-bloat), unused indexes dropped. If the working set is what the application needs, give the cache"
                    + " room for it: shared_buffers is commonly about 25% of the server's memory (ALTER SYSTEM SET shared_buffers ="
                    + " '...'; takes a restart), or move to a server with more memory. A bulk load or restore since the statistics"
                    + " reset counts as reads too: after one, pg_stat_reset() and judge again later.";
            out.add(HealthFindings.at(facts, id(), context, message, null, evidence, fix));
        }
        return out;
    }

    @Override
    public Optional<String> note(HealthFacts facts, RuleContext context) {
        LiveHealth h = facts.live();
        if (h == null) {
            return Optional.empty();
        }
        long minRead = minRead(h, context);
        List<String> notJudged = new ArrayList<>();
        for (Kind k : KINDS) {
            long read = h.storage().access().stream().mapToLong(k.read()).sum();
            if (read < minRead) {
                notJudged.add(k.name() + " (" + read + " blocks read)");
            }
        }
        if (notJudged.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("cache-hit-ratio did not judge the " + String.join(" and the ", notJudged) + " hit ratio of "
                + facts.liveLabel() + ": fewer blocks were read from outside shared_buffers since the statistics reset than it holds ("
                + minRead + "), which could all be the cache filling after a start; not the same as healthy");
    }

    /** The blocks that must have been read from outside the cache before its ratio says anything: shared_buffers' size. */
    private static long minRead(LiveHealth h, RuleContext context) {
        return Math.max(1, Math.round(context.number("minReadsOfSharedBuffers") * h.storage().sharedBuffersBlocks()));
    }
}
