package dev.querylens.advisor;

import dev.querylens.schema.Catalog;
import dev.querylens.schema.Table;
import dev.querylens.sql.ColumnRef;
import dev.querylens.sql.JoinCondition;
import dev.querylens.sql.OrderKey;
import dev.querylens.sql.Predicate;
import dev.querylens.sql.StatementFacts;
import dev.querylens.sql.Quote;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Proposes, for one statement, the index each table it filters lacks. The key order follows the
 * usual B-tree rule: equality columns first, then one range or sort column (a B-tree can use
 * equality prefixes plus one range, per the PostgreSQL manual's chapter on multicolumn indexes).
 * A table is skipped when one of its filter or join columns already leads a usable index. For a
 * table reached through a join, the join column leads the key so a nested loop can probe it.
 */
public final class CandidateIndexes {
    private static final int MAX_COLUMNS = 3;

    private CandidateIndexes() {
    }

    /** A proposed index with the columns that motivated it. */
    public record Proposal(IndexCandidate candidate, String reason, List<String> filterColumns) {
    }

    public static List<Proposal> propose(StatementFacts facts, Catalog catalog) {
        return propose(facts, catalog, n -> List.of());
    }

    /**
     * As {@link #propose(StatementFacts, Catalog)}, knowing the values each {@code $n} ran with
     * ({@code valuesOf}), so a partial index on a constant the statement always used counts as serving it.
     */
    public static List<Proposal> propose(StatementFacts facts, Catalog catalog, IntFunction<List<String>> valuesOf) {
        List<Proposal> out = new ArrayList<>();
        if (!facts.parsed() || facts.kind() == StatementFacts.Kind.INSERT) {
            return out;
        }
        for (String tableName : facts.tables()) {
            Table table = catalog.table(tableName).orElse(null);
            if (table == null) {
                continue;
            }
            Set<String> equality = new LinkedHashSet<>();
            Set<String> range = new LinkedHashSet<>();
            String partial = null;
            for (Predicate p : facts.predicates()) {
                if (!on(p.column(), table) || table.column(p.column().column()).isEmpty() && !table.columns().isEmpty()) {
                    continue;
                }
                if (!p.isSargableShape()) {
                    continue;
                }
                switch (p.op()) {
                    case EQUALS, IN -> equality.add(p.column().column());
                    case RANGE -> range.add(p.column().column());
                    case IS_NULL -> partial = table.neverNull(p.column().column()) ? partial : Quote.ident(p.column().column()) + " IS NULL";
                    default -> { }
                }
            }
            Set<String> joinColumns = new LinkedHashSet<>();
            for (JoinCondition j : facts.joins()) {
                for (ColumnRef side : List.of(j.left(), j.right())) {
                    if (on(side, table) && (table.columns().isEmpty() || table.column(side.column()).isPresent())) {
                        joinColumns.add(side.column());
                    }
                }
            }
            Set<String> filters = new LinkedHashSet<>(equality);
            filters.addAll(range);
            if (filters.stream().anyMatch(c -> served(table, c, facts, valuesOf))) {
                continue;
            }
            if (servedPastTheJoin(table, joinColumns, equality, filters, facts, valuesOf)) {
                continue;
            }
            boolean joinServed = joinColumns.stream().anyMatch(c -> served(table, c, facts, valuesOf));
            if (joinServed) {
                // reached through an indexed key (typically its primary key): only its own filters can need an index
                joinColumns.clear();
            }
            if (filters.isEmpty() && (joinColumns.isEmpty() || joinServed)) {
                continue;
            }
            // reached through a join: the join key leads, so a nested loop can probe the index per outer row
            List<String> keys = new ArrayList<>(joinColumns);
            equality.stream().filter(c -> !keys.contains(c)).forEach(keys::add);
            String trailing = !range.isEmpty() ? range.iterator().next() : sortColumn(facts, table, equality);
            if (trailing != null && !keys.contains(trailing)) {
                keys.add(trailing);
            }
            List<String> key = keys.subList(0, Math.min(MAX_COLUMNS, keys.size()));
            List<String> why = new ArrayList<>();
            if (!joinColumns.isEmpty()) {
                why.add("join on " + String.join(", ", joinColumns));
            }
            if (!equality.isEmpty()) {
                why.add("equality filter on " + String.join(", ", equality));
            }
            if (!range.isEmpty()) {
                why.add("range filter on " + String.join(", ", range));
            }
            Set<String> motivating = new LinkedHashSet<>(joinColumns);
            motivating.addAll(filters);
            out.add(new Proposal(new IndexCandidate(table.qualifiedName(), key, partial), String.join(" and ", why),
                    List.copyOf(motivating)));
        }
        return out;
    }

    /**
     * Whether an index leads with the column and the planner may use it for this statement: a
     * partial index only when the statement implies its predicate.
     */
    private static boolean served(Table table, String column, StatementFacts facts, IntFunction<List<String>> valuesOf) {
        return table.indexes().stream().anyMatch(ix -> column.equals(ix.leadingKey())
                && (!ix.isPartial() || PartialIndexPredicate.impliedBy(ix.predicate(), table.name(), table.qualifiedName(), facts, valuesOf)));
    }

    /**
     * Whether an index reached through the join also serves a filter: its keys start with a join
     * column and run through join and equality columns to a filter column ({@code (gateway_id, at)}
     * for {@code s.gateway_id = g.id AND s.at = ...}): the nested loop probes it with both.
     */
    private static boolean servedPastTheJoin(Table table, Set<String> joinColumns, Set<String> equality, Set<String> filters,
                                             StatementFacts facts, IntFunction<List<String>> valuesOf) {
        for (var ix : table.indexes()) {
            List<String> keys = ix.keys();
            if (keys.isEmpty() || !joinColumns.contains(keys.get(0))
                    || (ix.isPartial() && !PartialIndexPredicate.impliedBy(ix.predicate(), table.name(), table.qualifiedName(), facts, valuesOf))) {
                continue;
            }
            for (String k : keys) {
                if (filters.contains(k)) {
                    return true;
                }
                if (!joinColumns.contains(k) && !equality.contains(k)) {
                    break;
                }
            }
        }
        return false;
    }

    private static String sortColumn(StatementFacts facts, Table table, Set<String> equality) {
        if (facts.orderBy().size() != 1 || equality.isEmpty()) {
            return null;
        }
        OrderKey key = facts.orderBy().get(0);
        return on(key.column(), table) ? key.column().column() : null;
    }

    private static boolean on(ColumnRef column, Table table) {
        if (column == null || column.table() == null) {
            return false;
        }
        String t = column.table();
        return t.equals(table.name()) || t.equals(table.qualifiedName());
    }
}
