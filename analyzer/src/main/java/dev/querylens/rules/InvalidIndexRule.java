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
import java.util.regex.Pattern;

/**
 * An index a failed CREATE INDEX CONCURRENTLY (or REINDEX CONCURRENTLY) left behind: not valid, so
 * no query uses it, while writes keep maintaining it once it is ready. One being built right now
 * is the same in the catalog and is left alone.
 */
public final class InvalidIndexRule implements HealthRule {
    /** What a failed REINDEX CONCURRENTLY leaves beside the index it was rebuilding (which is still there and valid). */
    private static final Pattern REINDEX_LEFTOVER = Pattern.compile(".*_cc(new|old)\\d*$");

    @Override
    public String id() {
        return "invalid-index";
    }

    @Override
    public List<Finding> check(HealthFacts facts, RuleContext context) {
        LiveHealth h = facts.live();
        if (h == null) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        for (LiveHealth.IndexUse i : h.indexes()) {
            if (i.valid() && i.ready() || i.building()) {
                continue;
            }
            String index = Quote.qualified(i.schema(), i.name());
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("source", "pg_index of " + facts.liveLabel() + ", read once");
            evidence.put("index", i.schema() + "." + i.name());
            evidence.put("definition", i.definition());
            evidence.put("indisvalid", i.valid());
            evidence.put("indisready", i.ready());
            evidence.put("sizeBytes", i.sizeBytes());
            String state = i.ready() ? "invalid: no query uses it, yet every write still maintains it"
                    : "not ready: no query uses it and writes do not maintain it" + (i.sizeBytes() > 0
                    ? ", but it holds " + HealthFindings.bytes(i.sizeBytes()) : "");
            String message = "index " + index + " on " + i.schema() + "." + i.table() + " is " + state
                    + " (a CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY that failed or was cancelled left it)";
            String fix;
            if (REINDEX_LEFTOVER.matcher(i.name()).matches()) {
                fix = "A leftover of REINDEX CONCURRENTLY, beside the index it was rebuilding: drop it. DROP INDEX CONCURRENTLY " + index + ";";
            } else {
                fix = "Drop it and build it again, neither blocking writes (outside a transaction block): DROP INDEX CONCURRENTLY " + index
                        + "; " + UnusedIndexRule.concurrently(i.definition()) + ";"
                        + (i.unique() ? " A unique index fails again while the duplicate rows that stopped it remain: find them"
                        + " (GROUP BY its columns HAVING count(*) > 1) and resolve them first." : "")
                        + " REINDEX INDEX CONCURRENTLY " + index + " does both in one statement.";
            }
            out.add(HealthFindings.at(facts, id(), context, message, i.schema() + "." + i.table(), evidence, fix));
        }
        return out;
    }
}
