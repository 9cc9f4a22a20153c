package dev.querylens.advisor;

import dev.querylens.schema.Catalog;
import dev.querylens.schema.Table;
import dev.querylens.sql.ColumnRef;
import dev.querylens.sql.JoinCondition;
import dev.querylens.sql.OrderKey;
import dev.querylens.sql.Predicate;
import dev.querylens.sql.StatementFacts;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Proposes, for one statement, the index each table it filters lacks. The key order follows the
 * usual B-tree rule: equality columns first, then one range or sort column (a B-tree can use
 * equality prefixes plus one range, per the PostgreSQL manual's chapter on multicolumn indexes).
 * A table is skipped when one of its filter columns already leads an index. Join columns are
 * proposed only for a table the statement does not otherwise narrow through an index.
 */
public final class CandidateIndexes {
    private static final int MAX_COLUMNS = 3;

    private CandidateIndexes() {
    }

    /** A proposed index with the columns that motivated it. */
    public record Proposal(IndexCandidate candidate, String reason, List<String> filterColumns) {
    }

    public static List<Proposal> propose(StatementFacts facts, Catalog catalog) {
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
                    case IS_NULL -> partial = p.column().column() + " IS NULL";
                    default -> { }
                }
            }
            Set<String> filters = new LinkedHashSet<>(equality);
            filters.addAll(range);
            if (!filters.isEmpty()) {
                if (filters.stream().anyMatch(table::hasIndexLeadingWith)) {
                    continue;
                }
                List<String> keys = new ArrayList<>(equality);
                String trailing = !range.isEmpty() ? range.iterator().next() : sortColumn(facts, table, equality);
                if (trailing != null && !keys.contains(trailing)) {
                    keys.add(trailing);
                }
                keys = keys.subList(0, Math.min(MAX_COLUMNS, keys.size()));
                String reason = equality.isEmpty()
                        ? "range filter on " + String.join(", ", range)
                        : "equality filter on " + String.join(", ", equality)
                                + (range.isEmpty() ? "" : " and range on " + String.join(", ", range));
                out.add(new Proposal(new IndexCandidate(table.qualifiedName(), keys, partial), reason, List.copyOf(filters)));
                continue;
            }
            for (JoinCondition j : facts.joins()) {
                for (ColumnRef side : List.of(j.left(), j.right())) {
                    if (on(side, table) && !table.hasIndexLeadingWith(side.column())
                            && (table.columns().isEmpty() || table.column(side.column()).isPresent())) {
                        out.add(new Proposal(new IndexCandidate(table.qualifiedName(), List.of(side.column()), null),
                                "join on " + side.column(), List.of(side.column())));
                    }
                }
            }
        }
        return out;
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
