package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.StatementRule;
import dev.querylens.sql.Predicate;
import dev.querylens.sql.StatementFacts;
import dev.querylens.workload.StatementGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LIKE/ILIKE with a pattern that starts with a wildcard: no B-tree can narrow it, so every row is
 * read. The pattern is judged from the literal in the SQL or, for a bound parameter, from the
 * values seen with it.
 */
public final class LeadingWildcardRule implements StatementRule {
    @Override
    public String id() {
        return "leading-wildcard";
    }

    @Override
    public List<Finding> check(StatementGroup group, StatementFacts facts, RuleContext context) {
        List<Finding> out = new ArrayList<>();
        for (Predicate p : facts.predicates()) {
            if (p.op() != Predicate.Operator.LIKE) {
                continue;
            }
            List<String> patterns = p.constant() != null ? List.of(p.constant()) : group.valuesOf(p.parameter());
            List<String> leading = patterns.stream().filter(v -> v.startsWith("%") || v.startsWith("_")).toList();
            if (leading.isEmpty()) {
                continue;
            }
            String table = context.qualified(p.column().table());
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("column", p.column().toString());
            evidence.put("patternsSeen", leading.size() + " of " + patterns.size() + " sampled start with a wildcard");
            evidence.put("calls", group.calls());
            String fix = "Anchor the pattern at the start (LIKE 'abc%', served by a B-tree with text_pattern_ops), or for"
                    + " substring search create a trigram index: CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE INDEX CONCURRENTLY ON "
                    + (table == null ? "<table>" : table) + " USING gin (" + p.column().column() + " gin_trgm_ops);"
                    + " For word search, use full-text search (to_tsvector/tsquery with a GIN index).";
            out.add(new Finding(id(), context.severity(),
                    "LIKE/ILIKE on " + p.column() + " with a pattern that starts with a wildcard: no B-tree index can"
                            + " narrow it, so every row is read and matched",
                    group.sql(), table, List.of(p.column().column()), group.locations(), evidence, fix));
        }
        return out;
    }
}
