package dev.querylens.advisor;

import dev.querylens.schema.Catalog;
import dev.querylens.schema.Table;
import dev.querylens.sql.ColumnRef;
import dev.querylens.sql.JoinCondition;
import dev.querylens.sql.OrderKey;
import dev.querylens.sql.Predicate;
import dev.querylens.sql.Quote;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The moves a step of {@link WorkloadIndexSelection} can take, drawn once from the workload's
 * facts: which columns of each table are worth indexing, which conditions a partial index could
 * carry, and which column sets a covering index could hold.
 */
final class SelectionMoves {
    private static final int MAX_KEY_COLUMNS = 3;
    /** Columns an INCLUDE list may carry: beyond a few, the index nears a copy of the table. */
    private static final int MAX_INCLUDED = 3;

    /** A move: add {@code index}, or widen {@code replaces} into it. */
    record Move(IndexCandidate index, IndexCandidate replaces) {
    }

    private final Catalog catalog;
    private final Map<String, Set<String>> attributes;
    private final Map<String, Set<String>> partial;
    private final Map<String, Set<List<String>>> covers;
    private final Map<String, Map<String, Set<String>>> readAlongside;
    private final Set<IndexCandidate> proposals;

    SelectionMoves(Catalog catalog, List<WorkloadIndexSelection.Query> reads) {
        this.catalog = catalog;
        this.attributes = attributes(reads);
        this.partial = partialPredicates(reads);
        this.covers = covers(reads);
        this.readAlongside = readAlongside(reads);
        this.proposals = proposals(reads);
    }

    /**
     * Single-column indexes on unused attributes, and one-column extensions of chosen indexes
     * (Extend's two moves). Beyond Extend, a single-column candidate also comes as a partial index
     * for each IS NULL condition the workload puts on its table (deleted_at IS NULL): smaller, so
     * better per byte when the condition holds for few rows. And a chosen index can carry the
     * other columns one statement reads from its table in an INCLUDE list, which lets that
     * statement be answered by an index-only scan where the table's pages are all-visible.
     */
    List<Move> from(List<IndexCandidate> chosen) {
        List<Move> steps = new ArrayList<>();
        attributes.forEach((table, columns) -> {
            Table t = catalog.table(table).orElse(null);
            for (String c : columns) {
                if (t != null && t.hasIndexLeadingWith(c)) {
                    continue;
                }
                // a chosen partial index serves only its condition's statements: the full index stays a move, and the reverse
                if (!leads(chosen, table, c, null)) {
                    steps.add(new Move(new IndexCandidate(table, List.of(c), null), null));
                }
                for (String predicate : partial.getOrDefault(table, Set.of())) {
                    if (!predicate.startsWith(Quote.ident(c) + " ") && !leads(chosen, table, c, predicate)) {
                        steps.add(new Move(new IndexCandidate(table, List.of(c), predicate), null));
                    }
                }
            }
        });
        for (IndexCandidate p : proposals) {
            // once an index leads with its first column, widening that index is the move that reaches it
            if (!leads(chosen, p.table(), p.columns().get(0), p.predicate())) {
                steps.add(new Move(p, null));
            }
        }
        Set<IndexCandidate> beside = new LinkedHashSet<>();
        for (IndexCandidate i : chosen) {
            besideWidened(i, chosen, beside);
            if (!i.include().isEmpty()) {
                continue;
            }
            for (List<String> read : covers.getOrDefault(i.table(), Set.of())) {
                List<String> carried = read.stream().filter(c -> !i.columns().contains(c)).toList();
                if (!carried.isEmpty() && carried.size() <= MAX_INCLUDED) {
                    steps.add(new Move(i.covering(carried), i));
                }
            }
            if (i.columns().size() >= MAX_KEY_COLUMNS) {
                continue;
            }
            Set<String> extensions = new LinkedHashSet<>(attributes.getOrDefault(i.table(), Set.of()));
            extensions.addAll(readAlongside.getOrDefault(i.table(), Map.of()).getOrDefault(i.columns().get(0), Set.of()));
            for (String c : extensions) {
                if (!i.columns().contains(c)) {
                    List<String> wider = new ArrayList<>(i.columns());
                    wider.add(c);
                    steps.add(new Move(new IndexCandidate(i.table(), wider, i.predicate()), i));
                }
            }
        }
        beside.forEach(b -> steps.add(new Move(b, null)));
        return steps;
    }

    /**
     * A second index led by a widened index's leading column, with another column the workload
     * filters, joins or sorts on as its second key column, added beside it rather than widening it.
     * A chosen full index blocks new indexes led by its column (widening it is the move that reaches
     * them), so once (d_date_sk) was widened to (d_date_sk, d_year) for the statements filtering on
     * the year, those joining on d_date_sk and filtering on d_date could no longer get
     * (d_date_sk, d_date) (TPC-DS at 1000 MB: the exact selection keeps greedy's date_dim indexes
     * and adds that one, q77's cost 107,583 -> 84,021). Offered only beside an index already wider than its
     * leading column, where the single-column index is gone: before that, widening it is the same
     * key at a smaller price.
     */
    private void besideWidened(IndexCandidate widened, List<IndexCandidate> chosen, Set<IndexCandidate> out) {
        if (widened.predicate() != null || widened.columns().size() == 1 && widened.include().isEmpty()) {
            return;
        }
        String lead = widened.columns().get(0);
        for (String c : attributes.getOrDefault(widened.table(), Set.of())) {
            if (c.equals(lead) || widened.columns().size() > 1 && widened.columns().get(1).equals(c)) {
                continue;
            }
            // a chosen index already led by the same two key columns serves what this one would
            boolean served = chosen.stream().anyMatch(i -> i.table().equals(widened.table()) && i.predicate() == null
                    && i.columns().size() > 1 && i.columns().get(0).equals(lead) && i.columns().get(1).equals(c));
            if (!served) {
                out.add(new IndexCandidate(widened.table(), List.of(lead, c), null));
            }
        }
    }

    /**
     * Whether a chosen index blocks a new one on {@code table} led by {@code column} with
     * {@code predicate}: a chosen full index blocks every index it leads with, as widening it is the
     * move that serves narrower statements (a second, partial index next to it only splits the
     * budget); a chosen partial index blocks only indexes with its own condition, since it serves
     * no statement outside that condition. Before, a partial index blocked the full one too: on
     * TPC-DS the first step, web_sales (ws_item_sk) WHERE ws_ship_customer_sk IS NULL (8 kB),
     * kept the join key's index web_sales (ws_item_sk) out of reach.
     */
    private static boolean leads(List<IndexCandidate> chosen, String table, String column, String predicate) {
        return chosen.stream().anyMatch(i -> i.table().equals(table) && i.columns().get(0).equals(column)
                && (i.predicate() == null || i.predicate().equals(predicate)));
    }

    /**
     * Each statement's own multi-column index, as {@link CandidateIndexes} proposes it (equality
     * columns, then a range or sort column). Extend reaches such a key only through its leading
     * column alone, and a single-column index on another column can win that first step and block
     * it: on the samples, tasks (updated_at) won over tasks (assignee_id), so the key the assignee
     * report wants, (assignee_id, updated_at), was never tried.
     */
    private Set<IndexCandidate> proposals(List<WorkloadIndexSelection.Query> reads) {
        Set<IndexCandidate> out = new LinkedHashSet<>();
        for (WorkloadIndexSelection.Query q : reads) {
            for (CandidateIndexes.Proposal p : CandidateIndexes.propose(q.facts(), catalog, q.group()::valuesOf)) {
                if (p.candidate().columns().size() > 1) {
                    out.add(p.candidate());
                }
            }
        }
        return out;
    }

    /**
     * Per table and per column a statement filters, joins or sorts on, the other columns that
     * statement reads from the table (its select list, GROUP BY, aggregates): an index led by the
     * first and extended by these can answer it from the index alone. Extend's published
     * candidates are every column a query names; these are the ones with a reason to follow a
     * given leading column.
     */
    private Map<String, Map<String, Set<String>>> readAlongside(List<WorkloadIndexSelection.Query> reads) {
        Map<String, Map<String, Set<String>>> out = new LinkedHashMap<>();
        for (WorkloadIndexSelection.Query q : reads) {
            if (!q.facts().parsed() || q.facts().readsAllColumns()) {
                continue;
            }
            Map<String, Set<String>> own = attributes(List.of(q));
            Map<String, Set<String>> read = new LinkedHashMap<>();
            for (ColumnRef c : q.facts().columnsRead()) {
                catalog.table(c.table()).filter(t -> t.column(c.column()).isPresent())
                        .ifPresent(t -> read.computeIfAbsent(t.qualifiedName(), k -> new LinkedHashSet<>()).add(c.column()));
            }
            own.forEach((table, leading) -> {
                for (String l : leading) {
                    out.computeIfAbsent(table, k -> new LinkedHashMap<>()).computeIfAbsent(l, k -> new LinkedHashSet<>())
                            .addAll(read.getOrDefault(table, Set.of()));
                }
            });
        }
        return out;
    }

    /** Per table, the columns the workload filters (sargably), joins or sorts on. */
    private Map<String, Set<String>> attributes(List<WorkloadIndexSelection.Query> reads) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (WorkloadIndexSelection.Query q : reads) {
            for (Predicate p : q.facts().predicates()) {
                if (p.op() == Predicate.Operator.NOT_EQUALS || p.op() == Predicate.Operator.LIKE) {
                    continue;
                }
                if (p.isSargableShape()) {
                    add(out, p.column());
                } else if ((p.op() == Predicate.Operator.EQUALS || p.op() == Predicate.Operator.RANGE) && IndexKey.isExpression(p.function())) {
                    // lower(email) = $1 can use an index on the expression itself (only shapes IndexKey can rebuild safely)
                    add(out, new ColumnRef(p.column().table(), p.function()), p.column().column());
                }
            }
            for (JoinCondition j : q.facts().joins()) {
                add(out, j.left());
                add(out, j.right());
            }
            for (OrderKey o : q.facts().orderBy()) {
                add(out, o.column());
            }
        }
        return out;
    }

    /**
     * Per table, the columns each statement reads from it, for covering indexes. A statement with
     * a * or a column it cannot place on a table is left out: no column list is known to cover it.
     */
    private Map<String, Set<List<String>>> covers(List<WorkloadIndexSelection.Query> reads) {
        Map<String, Set<List<String>>> out = new LinkedHashMap<>();
        for (WorkloadIndexSelection.Query q : reads) {
            if (!q.facts().parsed() || q.facts().readsAllColumns() || q.facts().columnsRead().stream().anyMatch(c -> c.table() == null)) {
                continue;
            }
            Map<String, List<String>> perTable = new LinkedHashMap<>();
            for (ColumnRef c : q.facts().columnsRead()) {
                catalog.table(c.table()).filter(t -> t.column(c.column()).isPresent())
                        .ifPresent(t -> {
                            List<String> columns = perTable.computeIfAbsent(t.qualifiedName(), k -> new ArrayList<>());
                            if (!columns.contains(c.column())) {
                                columns.add(c.column());
                            }
                        });
            }
            perTable.forEach((table, columns) -> out.computeIfAbsent(table, k -> new LinkedHashSet<>()).add(List.copyOf(columns)));
        }
        return out;
    }

    /**
     * Per table, the conditions a partial index could be built for: IS NULL filters, and equality
     * with a value that never changes (status = 'open' in every sampled execution while the other
     * values vary). Whether the condition is selective enough is for the planner to say: the
     * partial index is smaller, so it wins per byte only when few rows satisfy it.
     */
    private Map<String, Set<String>> partialPredicates(List<WorkloadIndexSelection.Query> reads) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (WorkloadIndexSelection.Query q : reads) {
            for (Predicate p : q.facts().predicates()) {
                if (!p.isSargableShape() || p.column().table() == null) {
                    continue;
                }
                String condition = null;
                if (p.op() == Predicate.Operator.IS_NULL) {
                    // on a column no row holds NULL in, only an outer join's added rows pass: no index of the table serves it
                    boolean neverNull = catalog.table(p.column().table()).map(t -> t.neverNull(p.column().column())).orElse(false);
                    condition = neverNull ? null : Quote.ident(p.column().column()) + " IS NULL";
                } else if (p.op() == Predicate.Operator.EQUALS && p.parameter() > 0) {
                    String value = constant(q.group().valuesOf(p.parameter()));
                    condition = value == null || value.indexOf('\0') >= 0 ? null : Quote.ident(p.column().column()) + " = " + Quote.literal(value);
                }
                if (condition != null) {
                    String c = condition;
                    catalog.table(p.column().table()).ifPresent(t -> out.computeIfAbsent(t.qualifiedName(), k -> new LinkedHashSet<>()).add(c));
                }
            }
        }
        return out;
    }

    /** The value a parameter always had, when at least two distinct sampled executions agree on it; else null. */
    private static String constant(List<String> values) {
        return values.size() >= 2 && values.stream().distinct().count() == 1 ? values.get(0) : null;
    }

    private void add(Map<String, Set<String>> out, ColumnRef c) {
        if (c != null) {
            add(out, c, c.column());
        }
    }

    /** Adds {@code c.column()} (a column or an expression) if the table has {@code underlying}. */
    private void add(Map<String, Set<String>> out, ColumnRef c, String underlying) {
        if (c == null || c.table() == null) {
            return;
        }
        catalog.table(c.table()).filter(t -> t.columns().isEmpty() || t.column(underlying).isPresent())
                .ifPresent(t -> out.computeIfAbsent(t.qualifiedName(), k -> new LinkedHashSet<>()).add(c.column()));
    }
}
