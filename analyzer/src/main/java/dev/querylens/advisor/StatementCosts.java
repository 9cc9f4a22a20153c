package dev.querylens.advisor;

import dev.querylens.schema.Catalog;
import dev.querylens.schema.Table;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What-if costs of the workload's statements, each costed as the text {@link WorkloadIndexSelection}
 * chose for it and with only the indexes on tables it reads (so costs cache across index sets
 * that differ elsewhere).
 */
final class StatementCosts {
    private final WhatIfPlanner planner;
    private final Catalog catalog;
    private final Map<WorkloadIndexSelection.Query, String> costedAs;

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
     * Whether an index on the table can change the statement's plan. A relation the catalog does
     * not know may be a view over any table (TPC-H Q15 reads lineitem through one), so it counts
     * as touching every table: a few more what-if calls rather than a missed benefit. So does a
     * statement the parser could not read.
     */
    boolean touches(WorkloadIndexSelection.Query q, String qualifiedTable) {
        if (!q.facts().parsed()) {
            return true;
        }
        return q.facts().tables().stream().anyMatch(t -> catalog.table(t).map(Table::qualifiedName).map(qualifiedTable::equals).orElse(true));
    }

    private List<IndexCandidate> onTables(List<IndexCandidate> config, WorkloadIndexSelection.Query q) {
        return config.stream().filter(i -> touches(q, i.table())).sorted(Comparator.comparing(IndexCandidate::ddl)).toList();
    }

    /** The workload's cost: each statement's cost times its calls. */
    static double weighted(Map<WorkloadIndexSelection.Query, Double> costs) {
        return costs.entrySet().stream().mapToDouble(e -> e.getValue() * e.getKey().group().calls()).sum();
    }
}
