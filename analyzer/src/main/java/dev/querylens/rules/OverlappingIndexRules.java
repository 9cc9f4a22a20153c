package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.schema.Index;
import dev.querylens.schema.Table;
import dev.querylens.sql.Quote;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Pairs of indexes on one table where one makes the other unnecessary: the same definition
 * (duplicate-index: method, keys with their collation, operator class and order, INCLUDE and
 * predicate, as pg_index would hold them) or a B-tree whose keys are a leading prefix of the
 * other's, with its INCLUDE columns covered too (redundant-index). Both cost writes and space for
 * no read benefit. Indexes that differ in method, partial predicate, any key's operator class,
 * collation or order, or uniqueness of the narrower one are not compared: each can serve what the
 * other cannot ({@code text_pattern_ops} serves LIKE 'x%', the default does not).
 */
final class OverlappingIndexRules {
    private OverlappingIndexRules() {
    }

    static List<Finding> check(RuleContext context, String rule, boolean duplicates) {
        List<Finding> out = new ArrayList<>();
        for (Table t : context.catalog().tables()) {
            List<Index> indexes = t.indexes();
            for (int i = 0; i < indexes.size(); i++) {
                for (int j = 0; j < indexes.size(); j++) {
                    Index narrow = indexes.get(i);
                    Index wide = indexes.get(j);
                    if (i == j) {
                        continue;
                    }
                    boolean same = narrow.sameDefinitionAs(wide);
                    if (duplicates && same && i < j) {
                        // drop the later one, unless only it enforces uniqueness
                        boolean keepLater = wide.unique() && !narrow.unique();
                        out.add(keepLater ? finding(context, rule, t, narrow, wide, "has the same key as")
                                : finding(context, rule, t, wide, narrow, "has the same key as"));
                    } else if (!duplicates && !same && !narrow.unique() && covers(wide, narrow)) {
                        out.add(finding(context, rule, t, narrow, wide, "is a leading prefix of"));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Whether the B-tree {@code wide} serves every scan {@code narrow} serves: the same predicate,
     * narrow's keys (in full) leading wide's, and narrow's INCLUDE columns among wide's columns.
     */
    private static boolean covers(Index wide, Index narrow) {
        if (!wide.method().equals("btree") || !narrow.method().equals("btree")
                || !Objects.equals(wide.normalizedPredicate(), narrow.normalizedPredicate())
                || narrow.definition().size() > wide.definition().size()) {
            return false;
        }
        for (int k = 0; k < narrow.definition().size(); k++) {
            if (!narrow.definition().get(k).sameDefinitionAs(wide.definition().get(k))) {
                return false;
            }
        }
        java.util.Set<String> wideColumns = new java.util.HashSet<>(wide.keys());
        wideColumns.addAll(wide.include());
        return wideColumns.containsAll(narrow.include());
    }

    private static Finding finding(RuleContext context, String rule, Table t, Index drop, Index keep, String relation) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("index", drop.name() + " (" + String.join(", ", drop.keys()) + ")");
        evidence.put("coveredBy", keep.name() + " (" + String.join(", ", keep.keys()) + ")");
        return new Finding(rule, context.severity(),
                "Index " + drop.name() + " on " + t.qualifiedName() + " " + relation + " " + keep.name()
                        + ": every write maintains both, reads need only one",
                null, t.qualifiedName(), drop.keys(), t.definedAt() == null ? List.of() : List.of(t.definedAt()), evidence,
                "DROP INDEX CONCURRENTLY IF EXISTS " + Quote.qualified(t.schema(), drop.name()) + ";");
    }
}
