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
                        Index drop = toDrop(narrow, wide);
                        Index keep = drop == narrow ? wide : narrow;
                        if (!(drop.unique() && !keep.unique())) { // never trade away the uniqueness one of them enforces
                            out.add(finding(context, rule, t, drop, keep, "has the same definition as"));
                        }
                    } else if (!duplicates && !same && !narrow.unique() && !narrow.backsConstraint() && covers(wide, narrow)) {
                        out.add(finding(context, rule, t, narrow, wide, "is a leading prefix of"));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Which of two same indexes to drop: not the primary key, not one a constraint owns, not the
     * one that enforces uniqueness; otherwise the later one.
     */
    private static Index toDrop(Index earlier, Index later) {
        if (earlier.primary() != later.primary()) {
            return earlier.primary() ? later : earlier;
        }
        if (earlier.backsConstraint() != later.backsConstraint()) {
            return earlier.backsConstraint() ? later : earlier;
        }
        if (earlier.unique() != later.unique()) {
            return earlier.unique() ? later : earlier;
        }
        return later;
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
        // the names alone, as the catalog and EXPLAIN give them, for the index plan's drop check
        evidence.put("dropIndex", drop.name());
        evidence.put("keepIndex", keep.name());
        return new Finding(rule, context.severity(),
                "Index " + drop.name() + " on " + t.qualifiedName() + " " + relation + " " + keep.name()
                        + ": every write maintains both, reads need only one",
                null, t.qualifiedName(), drop.keys(), WhereToChange.of(WhereToChange.of(drop.definedAt(), keep.definedAt()), t.definedAt()), evidence,
                drop.backsConstraint()
                        // an index a constraint owns goes only with its constraint
                        ? "ALTER TABLE " + Quote.qualified(t.schema(), t.name()) + " DROP CONSTRAINT " + Quote.ident(drop.name()) + ";"
                        : "DROP INDEX CONCURRENTLY IF EXISTS " + Quote.qualified(t.schema(), drop.name()) + ";");
    }
}
