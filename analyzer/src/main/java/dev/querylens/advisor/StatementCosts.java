package dev.querylens.advisor;

import dev.querylens.schema.Catalog;
import dev.querylens.schema.Table;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What-if costs of the workload's statements, each costed as the text {@link WorkloadIndexSelection}
 * chose for it and with only the indexes on tables it reads (so costs cache across index sets
 * that differ elsewhere).
 */
final class StatementCosts {
    /** A CTE's name where a WITH list defines it: after WITH [RECURSIVE] or a comma, before AS ( (MATERIALIZED or not). */
    private static final Pattern CTE = Pattern.compile(
            "(?i)(?:\\bwith\\s+(?:recursive\\s+)?|,\\s*)\"?([A-Za-z_][A-Za-z0-9_$]*)\"?\\s*(?:\\([^()]*\\)\\s*)?as\\s*(?:not\\s+)?(?:materialized\\s*)?\\(");
    /** A key that is a plain column name; an expression key (lower(email)) is always kept, as its column may be named inside it. */
    private static final Pattern PLAIN_COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
    private final WhatIfPlanner planner;
    private final Catalog catalog;
    private final Map<WorkloadIndexSelection.Query, String> costedAs;
    private final Map<WorkloadIndexSelection.Query, Set<String>> commonTableExpressions = new HashMap<>();
    private final Map<WorkloadIndexSelection.Query, Set<String>> namedColumns = new HashMap<>();
    /** Per statement, {@link #touches} by table and whether each index is one it is costed with: asked for every cost. */
    private final Map<WorkloadIndexSelection.Query, Map<String, Boolean>> touched = new HashMap<>();
    private final Map<WorkloadIndexSelection.Query, Map<IndexCandidate, Boolean>> costedWith = new HashMap<>();

    StatementCosts(WhatIfPlanner planner, Catalog catalog, Map<WorkloadIndexSelection.Query, String> costedAs) {
        this.planner = planner;
        this.catalog = catalog;
        this.costedAs = costedAs;
    }

    WhatIfPlanner planner() {
        return planner;
    }

    /** The statement's cost with {@code config} in place (NaN when it cannot be costed). */
    double cost(WorkloadIndexSelection.Query q, List<IndexCandidate> config) {
        return planner.cost(costedAs.get(q), onTables(config, q));
    }

    /**
     * Asks the planner ahead for each statement's cost with its configuration (as {@link #cost} will
     * ask for it), so that a planner of several sessions plans them at once; the costs are the same.
     */
    void prefetch(List<Map.Entry<WorkloadIndexSelection.Query, List<IndexCandidate>>> asks) {
        planner.prefetch(asks.stream().map(e -> new WhatIfPlanner.Request(costedAs.get(e.getKey()), onTables(e.getValue(), e.getKey()))).toList());
    }

    /** {@link #prefetch(List)} of {@code statements}, each with {@code config}. */
    void prefetch(java.util.Collection<WorkloadIndexSelection.Query> statements, List<IndexCandidate> config) {
        planner.prefetch(statements.stream().map(q -> new WhatIfPlanner.Request(costedAs.get(q), onTables(config, q))).toList());
    }

    /** Whether the statement may read {@code column} of some table: true when that cannot be told (unparsed, through a view, an expression). */
    boolean names(WorkloadIndexSelection.Query q, String column) {
        Set<String> named = named(q);
        return named == null || !PLAIN_COLUMN.matcher(column).matches() || named.contains(column.toLowerCase(Locale.ROOT));
    }

    /** Whether {@code index} is one the statement is costed with when it is in place (see {@link #onTables}). */
    boolean canUse(WorkloadIndexSelection.Query q, IndexCandidate index) {
        return !onTables(List.of(index), q).isEmpty();
    }

    /**
     * Whether an index on the table can change the statement's plan. A relation the catalog does
     * not know may be a view over any table (TPC-H Q15 reads lineitem through one), so it counts
     * as touching every table: a few more what-if calls rather than a missed benefit. So does a
     * statement the parser could not read. A name the statement defines itself in its WITH list
     * is no view: it reads only the statement's own tables (TPC-DS: 29 of its 90 queries have
     * WITH, and counting their CTE names as views made each of them touch every table, so the
     * selection re-costed them for every move on any table).
     */
    boolean touches(WorkloadIndexSelection.Query q, String qualifiedTable) {
        return touched.computeIfAbsent(q, k -> new HashMap<>()).computeIfAbsent(qualifiedTable, t -> readsTable(q, t));
    }

    private boolean readsTable(WorkloadIndexSelection.Query q, String qualifiedTable) {
        if (!q.facts().parsed()) {
            return true;
        }
        return q.facts().tables().stream().anyMatch(t -> catalog.table(t).map(Table::qualifiedName).map(qualifiedTable::equals)
                .orElseGet(() -> !definedInWith(q, t)));
    }

    /**
     * Whether the statement names {@code relation} as one of its common table expressions
     * ({@code WITH name AS (} or {@code , name AS (}); the facts list relations without saying
     * which ones the statement defines. Inside the statement such a name means the CTE, even where
     * a table or view of the same name exists, so reading it as a CTE is never wrong there.
     */
    private boolean definedInWith(WorkloadIndexSelection.Query q, String relation) {
        Set<String> names = commonTableExpressions.computeIfAbsent(q, k -> {
            Set<String> found = new HashSet<>();
            Matcher m = CTE.matcher(k.group().sql());
            while (m.find()) {
                found.add(m.group(1).toLowerCase(Locale.ROOT));
            }
            return found;
        });
        String name = relation.toLowerCase(Locale.ROOT);
        return !names.isEmpty() && !name.contains(".") && names.contains(name.replace("\"", ""));
    }

    /**
     * The indexes of {@code config} that can change the statement's plan: on a table it reads, with
     * a column it names. An index none of whose columns the statement names cannot serve its
     * filters, joins, order or select list, so it is left out of the what-if call and the cost is
     * cached without it (as the reference evaluation platform's cost evaluation does; on TPC-DS it
     * lets most statements reuse their cost across the steps that add indexes elsewhere on their
     * tables). Not done for a statement the parser could not read or one that reads a view, nor
     * for expression keys.
     */
    private List<IndexCandidate> onTables(List<IndexCandidate> config, WorkloadIndexSelection.Query q) {
        Map<IndexCandidate, Boolean> known = costedWith.computeIfAbsent(q, k -> new HashMap<>());
        List<IndexCandidate> out = new java.util.ArrayList<>(config.size());
        for (IndexCandidate i : config) {
            if (known.computeIfAbsent(i, k -> costedWith(q, k))) {
                out.add(i);
            }
        }
        out.sort(Comparator.comparing(IndexCandidate::ddl));
        return java.util.Collections.unmodifiableList(out);
    }

    private boolean costedWith(WorkloadIndexSelection.Query q, IndexCandidate i) {
        // through a view (TPC-H Q15's revenue) the statement names the view's columns, not the table's
        Set<String> named = named(q);
        return touches(q, i.table()) && (named == null || java.util.stream.Stream.concat(i.columns().stream(), i.include().stream())
                .anyMatch(c -> !PLAIN_COLUMN.matcher(c).matches() || named.contains(c.toLowerCase(Locale.ROOT))));
    }

    /** The column names the statement names, lower case; null when not known (unparsed, or reading a view). */
    private Set<String> named(WorkloadIndexSelection.Query q) {
        // through a view (TPC-H Q15's revenue) the statement names the view's columns, not the table's
        boolean readsView = q.facts().tables().stream().anyMatch(t -> catalog.table(t).isEmpty() && !definedInWith(q, t));
        return q.facts().parsed() && !readsView ? namedColumns.computeIfAbsent(q, k -> {
            Set<String> out = new HashSet<>();
            k.facts().columnsRead().forEach(c -> out.add(c.column().toLowerCase(Locale.ROOT)));
            return out;
        }) : null;
    }

    /** The workload's cost: each statement's cost times its calls. */
    static double weighted(Map<WorkloadIndexSelection.Query, Double> costs) {
        return costs.entrySet().stream().mapToDouble(e -> e.getValue() * e.getKey().group().calls()).sum();
    }
}
