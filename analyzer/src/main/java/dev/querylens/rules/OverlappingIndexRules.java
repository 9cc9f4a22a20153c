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
 * Pairs of indexes on one table where one makes the other unnecessary: the same key
 * (duplicate-index) or a key that is a leading prefix of the other's (redundant-index). Both cost
 * writes and space for no read benefit. Indexes that differ in method, partial predicate or
 * uniqueness of the narrower one are not compared: each can serve what the other cannot.
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
                    if (i == j || !comparable(narrow, wide)) {
                        continue;
                    }
                    boolean same = narrow.keys().equals(wide.keys());
                    if (duplicates && same && i < j) {
                        // drop the later one, unless only it enforces uniqueness
                        boolean keepLater = wide.unique() && !narrow.unique();
                        out.add(keepLater ? finding(context, rule, t, narrow, wide, "has the same key as")
                                : finding(context, rule, t, wide, narrow, "has the same key as"));
                    } else if (!duplicates && !same && isPrefix(narrow.keys(), wide.keys()) && !narrow.unique()) {
                        out.add(finding(context, rule, t, narrow, wide, "is a leading prefix of"));
                    }
                }
            }
        }
        return out;
    }

    private static boolean comparable(Index a, Index b) {
        return a.method().equals(b.method()) && Objects.equals(a.predicate(), b.predicate());
    }

    private static boolean isPrefix(List<String> narrow, List<String> wide) {
        return narrow.size() < wide.size() && wide.subList(0, narrow.size()).equals(narrow);
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
