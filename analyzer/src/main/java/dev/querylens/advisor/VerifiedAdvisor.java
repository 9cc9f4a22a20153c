package dev.querylens.advisor;

import dev.querylens.schema.Catalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Recommendations chosen by {@link WorkloadIndexSelection} with a what-if planner. Also keeps the
 * selection's bookkeeping (planner calls, statements that could not be costed) for the report.
 */
public final class VerifiedAdvisor implements IndexAdvisor {
    private final WhatIfPlanner planner;
    private final WorkloadIndexSelection.Limits limits;
    private final Consumer<String> progress;
    /** The role whose policies reads are costed with, or null: costed as written. */
    private final String rlsRole;
    /** The statistics planned with and the previous run's, for the report's notes; null: not recorded (analyze --db). */
    private final PlannedWith plannedWith;
    private final ExactRefinement exact;
    private WorkloadIndexSelection.Result last;
    private List<String> statisticsChanged = List.of();
    /** The indexes each statement's chosen plan scans (empty: it could not be planned), read once for all the drops checked. */
    private final java.util.Map<String, java.util.Optional<java.util.Set<String>>> plannedIndexes = new java.util.HashMap<>();

    public VerifiedAdvisor(WhatIfPlanner planner, WorkloadIndexSelection.Limits limits, Consumer<String> progress) {
        this(planner, limits, progress, null);
    }

    /**
     * Which role the workload runs as is not in the workload (an application role may bypass RLS, as
     * the sample's does), so costing with policies applied is asked for by naming the role.
     */
    public VerifiedAdvisor(WhatIfPlanner planner, WorkloadIndexSelection.Limits limits, Consumer<String> progress, String rlsRole) {
        this(planner, limits, progress, rlsRole, null);
    }

    /** As above, noting in the advice the statistics it was planned with and how they changed since the previous run. */
    public VerifiedAdvisor(WhatIfPlanner planner, WorkloadIndexSelection.Limits limits, Consumer<String> progress, String rlsRole,
                           PlannedWith plannedWith) {
        this(planner, limits, progress, rlsRole, plannedWith, null);
    }

    /** As above, greedy's selection refined by the exact one ({@code exact}, null: not; advise --exact). */
    public VerifiedAdvisor(WhatIfPlanner planner, WorkloadIndexSelection.Limits limits, Consumer<String> progress, String rlsRole,
                           PlannedWith plannedWith, ExactRefinement exact) {
        this.planner = planner;
        this.limits = limits;
        this.progress = progress;
        this.rlsRole = rlsRole;
        this.plannedWith = plannedWith;
        this.exact = exact;
    }

    @Override
    public Advice advise(List<OfflineAdvisor.Statement> statements, Catalog catalog) {
        List<WorkloadIndexSelection.Query> workload = statements.stream()
                .filter(s -> !s.group().suppressed().contains("missing-index"))
                .map(s -> new WorkloadIndexSelection.Query(s.group(),
                        rlsRole == null ? s.facts() : PolicyConditions.withPolicyPredicates(s.facts(), catalog, rlsRole))).toList();
        // with a role named, reads on tables with row level security are costed with its policies applied
        WhatIfPlanner costing = rlsRole == null ? planner : new PolicyAppliedPlanner(planner, catalog, rlsRole);
        last = new WorkloadIndexSelection(costing, catalog, limits, progress, exact).select(workload);
        List<IndexRecommendation> out = new ArrayList<>();
        for (WorkloadIndexSelection.Choice c : last.choices()) {
            List<IndexRecommendation.QueryCost> costs = new ArrayList<>();
            long calls = 0;
            double time = 0;
            for (var e : c.costBeforeAfter().entrySet()) {
                costs.add(new IndexRecommendation.QueryCost(e.getKey(), e.getValue()[0], e.getValue()[1]));
                var group = statements.stream().filter(s -> s.group().fingerprint().id().equals(e.getKey())).findFirst();
                calls += group.map(s -> s.group().calls()).orElse(0L);
                time += group.map(s -> s.group().totalTimeMs()).orElse(0.0);
            }
            String reason = String.format(Locale.ROOT, "what-if planning (HypoPG): on its own (the other %d recommended"
                    + " index(es) in place) it cuts the weighted cost of the %d statement(s) it serves by %.0f%%",
                    last.choices().size() - 1, costs.size(), 100 * c.workloadImprovement());
            out.add(new IndexRecommendation(c.index().table(), c.index().columns(), c.index().include(), c.index().predicate(), c.index().ddl(), reason,
                    costs.stream().map(IndexRecommendation.QueryCost::fingerprint).toList(), calls, time, true,
                    c.sizeBytes(), costs, c.workloadImprovement(), c.makesRedundant()));
        }
        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "what-if planning: %d planner calls; workload cost %.0f without new indexes, %.0f with the %d recommended",
                last.whatIfCalls(), last.baselineCost(), last.finalCost(), out.size()));
        if (exact != null && exact.outcome() != null) {
            notes.add(exact.outcome().summary());
        }
        if (plannedWith != null) {
            java.util.Set<String> tables = workloadTables(statements, catalog);
            notes.addAll(plannedWith.notes(tables));
            statisticsChanged = plannedWith.changes(tables);
        }
        last.notCosted().forEach(q -> notes.add("could not cost: " + q));
        last.factsFromPlans().forEach(q -> notes.add("could not parse, so its candidates come from the columns its plan"
                + " (EXPLAIN VERBOSE) filters, joins and sorts on: " + q));
        last.unparsed().forEach(q -> notes.add("could not parse, so it proposed no candidates (still costed with every candidate): " + q));
        String incomplete = null;
        if (planner.lostConnection() != null) {
            incomplete = String.format(Locale.ROOT, "the database connection was lost during what-if planning (%s): the %d"
                    + " recommendation(s) were verified before it, %d statement(s) could not be costed (the 'could not cost' notes),"
                    + " and the selection stopped early, so other indexes may pay too", planner.lostConnection(), out.size(),
                    last.notCosted().size());
        }
        return new Advice(out, notes, incomplete);
    }

    @Override
    public DropCheck checkDrop(List<OfflineAdvisor.Statement> statements, String table, String index) {
        int checked = 0;
        int notPlanned = 0;
        List<String> losing = new ArrayList<>();
        for (OfflineAdvisor.Statement s : statements) {
            // the facts name a table as written: schema-qualified, it must be the index's table; unqualified, it is found
            // on the default search_path, so only public's (a "Billing"."Invoices" index is no index of an unqualified Invoices)
            boolean onTable = s.facts().tables().stream().anyMatch(t -> t.equals(table) || t.indexOf('.') < 0 && table.equals("public." + t));
            if (!onTable) {
                continue;
            }
            // one plan per statement, however many unused indexes its table has
            java.util.Set<String> used = plannedIndexes.computeIfAbsent(s.group().sql(),
                    sql -> java.util.Optional.ofNullable(planner.indexesInPlan(sql))).orElse(null);
            if (used == null) {
                notPlanned++;
            } else {
                checked++;
                if (used.contains(index)) {
                    losing.add(s.group().fingerprint().id());
                }
            }
        }
        return new DropCheck(checked, losing, notPlanned);
    }

    /** The tables the workload's statements read or write, by qualified name, as the catalog resolves them. */
    static java.util.Set<String> workloadTables(List<OfflineAdvisor.Statement> statements, Catalog catalog) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (OfflineAdvisor.Statement s : statements) {
            for (String t : s.facts().tables()) {
                catalog.table(t).ifPresent(x -> out.add(x.qualifiedName()));
            }
        }
        return out;
    }

    /** The workload's tables whose statistics changed since the previous run, with how (empty: none, or not recorded). */
    public List<String> statisticsChanged() {
        return statisticsChanged;
    }

    /** The last selection's outcome: planner calls, baseline and final cost, statements not costed. */
    public WorkloadIndexSelection.Result result() {
        return last;
    }
}
