package dev.querylens.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.schema.Catalog;
import dev.querylens.schema.Column;
import dev.querylens.schema.Table;
import dev.querylens.sql.FactExtractor;
import dev.querylens.sql.Fingerprint;
import dev.querylens.workload.StatementGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The selection's bookkeeping against a planner whose costs the test writes down, so what each
 * step is worth is known exactly (no server, no statistics).
 */
class SelectionBookkeepingTest {
    private static final String BOTH = "select a, b from t where a = $1 and b = $2";
    private static final String ONLY_A = "select a from t where a = $1";
    private static final Catalog CATALOG = new Catalog(List.of(new Table("public", "t",
            List.of(new Column("a", "integer", true), new Column("b", "integer", true), new Column("c", "integer", true)),
            List.of(), List.of(), false, List.of(), 1_000_000, null)));

    /** Costs by rule: {@code rule.apply(sql, indexes)}; an index's size is 1000 bytes per key column (a tenth of it if partial). */
    private record FakePlanner(BiFunction<String, List<IndexCandidate>, Double> rule, List<String> asked) implements WhatIfPlanner {
        @Override
        public double cost(String sql, List<IndexCandidate> indexes) {
            asked.add(sql);
            return rule.apply(sql, indexes);
        }

        @Override
        public long size(IndexCandidate index) {
            // a partial index holds a tenth of the rows
            return (1000L * index.columns().size() + 100L * index.include().size()) / (index.predicate() == null ? 1 : 10);
        }

        @Override
        public int calls() {
            return asked.size();
        }

        @Override
        public String lastError() {
            return null;
        }
    }

    private static boolean has(List<IndexCandidate> indexes, String... columns) {
        return indexes.stream().anyMatch(i -> i.columns().equals(List.of(columns)));
    }

    private static boolean leads(List<IndexCandidate> indexes, String column) {
        return indexes.stream().anyMatch(i -> i.columns().get(0).equals(column));
    }

    private static WorkloadIndexSelection.Result select(BiFunction<String, List<IndexCandidate>, Double> rule, String... statements) {
        WhatIfPlanner planner = new FakePlanner(rule, new ArrayList<>());
        return new WorkloadIndexSelection(planner, CATALOG, WorkloadIndexSelection.Limits.defaults(1L << 30), m -> { })
                .select(workload(statements));
    }

    /** Each statement once, with its facts. */
    private static List<WorkloadIndexSelection.Query> workload(String... statements) {
        List<WorkloadIndexSelection.Query> workload = new ArrayList<>();
        try (FactExtractor extractor = new FactExtractor(CATALOG)) {
            for (String sql : statements) {
                StatementGroup group = new StatementGroup(Fingerprint.of(sql), sql, 1, 0, 0, 0, Set.of(), List.of(), List.of(), Set.of(), null);
                workload.add(new WorkloadIndexSelection.Query(group, extractor.extract(sql)));
            }
        }
        return workload;
    }

    @Test
    void eachChosenIndexClaimsOnlyItsOwnEffectOnAStatementTwoOfThemServe() {
        // (a) and (b) each serve one statement alone and together make BOTH far cheaper than either does: each must say what
        // removing it would cost with the other in place, not BOTH's whole drop from 1000 to 50 (which both claimed before)
        String onlyB = "select b from t where b = $1";
        WorkloadIndexSelection.Result r = select((sql, indexes) -> {
            boolean a = leads(indexes, "a");
            boolean b = leads(indexes, "b");
            if (sql.equals(BOTH)) {
                return a && b ? 50.0 : a || b ? 300.0 : 1000.0;
            }
            return sql.equals(ONLY_A) ? (a ? 10.0 : 1000.0) : (b ? 10.0 : 1000.0);
        }, BOTH, ONLY_A, onlyB);
        assertEquals(List.of(List.of("a"), List.of("b")), r.choices().stream().map(c -> c.index().columns()).sorted(
                java.util.Comparator.comparing(Object::toString)).toList(), r.choices().toString());
        String both = Fingerprint.of(BOTH).id();
        for (WorkloadIndexSelection.Choice c : r.choices()) {
            double[] onBoth = c.costBeforeAfter().get(both);
            assertEquals(300.0, onBoth[0], "without " + c.index() + ", the other kept");
            assertEquals(50.0, onBoth[1]);
            String own = c.index().columns().equals(List.of("a")) ? ONLY_A : onlyB;
            assertEquals(1000.0, c.costBeforeAfter().get(Fingerprint.of(own).id())[0]);
            assertEquals(2, c.costBeforeAfter().size(), "it changes nothing on the other index's own statement");
            // (300 + 1000) without it, (50 + 10) with it, each statement once
            assertEquals(1 - 60.0 / 1300.0, c.workloadImprovement(), 1e-9);
        }
        assertEquals(70.0, r.finalCost());
    }

    @Test
    void aPartialIndexChosenFirstLeavesTheFullIndexOnItsColumnAMove() {
        // (a) WHERE c IS NULL is best per byte for the first statement and serves nothing else; the second needs (a) itself
        String deleted = "select a from t where a = $1 and c is null";
        String all = "select b from t where a = $1";
        WorkloadIndexSelection.Result r = select((sql, indexes) -> {
            boolean partial = indexes.stream().anyMatch(i -> i.columns().equals(List.of("a")) && i.predicate() != null);
            boolean full = indexes.stream().anyMatch(i -> i.columns().get(0).equals("a") && i.predicate() == null);
            if (sql.equals(deleted)) {
                return partial || full ? 10.0 : 100.0;
            }
            return full ? 10.0 : 100.0;
        }, deleted, all);
        List<IndexCandidate> chosen = r.choices().stream().map(WorkloadIndexSelection.Choice::index).toList();
        assertEquals(20.0, r.finalCost(), chosen.toString());
        assertEquals(1, chosen.stream().filter(i -> i.columns().equals(List.of("a")) && i.predicate() == null).count(), chosen.toString());
    }

    @Test
    void aSwapDropsTwoChosenIndexesToMakeRoomForOneThatSavesMoreThanBoth() {
        // per byte (b) saves 0.07, (a, b) 0.065, (c) 0.05: greedy takes (b), then (a, b) does not fit in the 1500 bytes left,
        // then (c); (a, b) alone saves 130 against their 120, and only dropping both makes room for it
        String onlyB = "select b from t where b = $1";
        String onlyC = "select c from t where c = $1";
        BiFunction<String, List<IndexCandidate>, Double> rule = (sql, indexes) -> sql.equals(onlyB) ? (leads(indexes, "b") ? 30.0 : 100.0)
                : sql.equals(onlyC) ? (leads(indexes, "c") ? 50.0 : 100.0) : (has(indexes, "a", "b") ? 870.0 : 1000.0);
        WorkloadIndexSelection.Limits limits = WorkloadIndexSelection.Limits.defaults(2500);
        List<String> progress = new ArrayList<>();
        WorkloadIndexSelection.Result greedy = new WorkloadIndexSelection(new FakePlanner(rule, new ArrayList<>()), CATALOG, limits, m -> { })
                .withoutSwaps().select(workload(BOTH, onlyB, onlyC));
        assertEquals(List.of(List.of("b"), List.of("c")), greedy.choices().stream().map(c -> c.index().columns()).toList());
        assertEquals(1080.0, greedy.finalCost());
        WorkloadIndexSelection.Result swapped = new WorkloadIndexSelection(new FakePlanner(rule, new ArrayList<>()), CATALOG, limits, progress::add)
                .select(workload(BOTH, onlyB, onlyC));
        assertEquals(List.of(List.of("a", "b")), swapped.choices().stream().map(c -> c.index().columns()).toList(), progress.toString());
        assertEquals(1070.0, swapped.finalCost());
        assertTrue(progress.stream().anyMatch(p -> p.startsWith("swapped in ") && p.contains("(b)") && p.contains("(c)")), progress.toString());
    }

    @Test
    void aMoveWhoseStatementsCannotGetCheaperIsNeverCosted() {
        // no index changes the second statement's cost, so after its floor the selection never asks for it with a move
        // on its columns: not (b), (c) or (b, c)
        String helped = "select a from t where a = $1";
        String hopeless = "select c from t where b = $1 and c = $2";
        List<String> asked = new ArrayList<>();
        WhatIfPlanner planner = new FakePlanner((sql, indexes) -> {
            if (sql.equals(hopeless)) {
                asked.add(indexes.toString());
            }
            return sql.equals(helped) && has(indexes, "a") ? 10.0 : 100.0;
        }, new ArrayList<>());
        WorkloadIndexSelection.Result r = new WorkloadIndexSelection(planner, CATALOG, WorkloadIndexSelection.Limits.defaults(1L << 30), m -> { })
                .select(workload(helped, hopeless));
        assertEquals(110.0, r.finalCost());
        // its cost without indexes, its floor (every candidate on t it can use, at once) and (a) INCLUDE (b, c), a
        // covering move the floors cannot bound; without the floors also (b), (c) and (b, c) one by one
        assertEquals(3, asked.stream().distinct().count(), asked.toString());
    }

    @Test
    void aWideningThatHelpsOneStatementLessThanItHurtsAnotherIsNotTaken() {
        // (a) halves both statements; widening it to (a, b) takes 5 more off the first and puts 30 back on the second
        WorkloadIndexSelection.Result r = select((sql, indexes) -> {
            if (sql.equals(BOTH)) {
                return has(indexes, "a", "b") ? 45.0 : leads(indexes, "a") ? 50.0 : leads(indexes, "b") ? 60.0 : 100.0;
            }
            return has(indexes, "a") ? 50.0 : has(indexes, "a", "b") ? 80.0 : 100.0;
        }, BOTH, ONLY_A);
        assertEquals(List.of(List.of("a")), r.choices().stream().map(c -> c.index().columns()).toList());
        assertEquals(200.0, r.baselineCost());
        assertEquals(100.0, r.finalCost(), "the final cost is what every statement costs with the chosen indexes");
    }

    @Test
    void aStepThatMakesTheWorkloadDearerIsNotTakenForItsOneGoodSide() {
        // the same widening, and nothing else helps: the bookkeeping must see the 30 it adds, not just the 5 it saves
        WorkloadIndexSelection.Result r = select((sql, indexes) -> {
            if (sql.equals(BOTH)) {
                return has(indexes, "a", "b") ? 45.0 : has(indexes, "a") ? 50.0 : 100.0;
            }
            return has(indexes, "a") ? 50.0 : has(indexes, "a", "b") ? 80.0 : 100.0;
        }, BOTH, ONLY_A);
        assertEquals(100.0, r.finalCost());
        assertEquals(1, r.choices().size(), r.choices().toString());
        assertEquals(List.of("a"), r.choices().get(0).index().columns());
    }

    @Test
    void anIndexTheLaterChoicesMadeUselessIsDropped() {
        // (b) alone is the best first step per byte; the statement's own (a, b) then does everything (b) did, and more
        WorkloadIndexSelection.Result r = select((sql, indexes) -> has(indexes, "a", "b") ? 10.0 : leads(indexes, "b") ? 40.0 : 100.0, BOTH);
        assertEquals(List.of(List.of("a", "b")), r.choices().stream().map(c -> c.index().columns()).toList());
        assertEquals(10.0, r.finalCost());
    }

    @Test
    void aMoveThatDidNotFitIsTakenOnceAPruneFreesItsBytes() {
        // budget 3500: (b) first (60 per 1000 bytes), then (a, b) (30 per 2000 bytes) before (c) (10 per 1000); (c) then does
        // not fit, until the prune drops the (b) that (a, b) made useless; the steps after the prune must try (c) again,
        // though they keep the scores of the steps before it
        String onlyC = "select c from t where c = $1";
        BiFunction<String, List<IndexCandidate>, Double> rule = (sql, indexes) -> sql.equals(onlyC) ? (leads(indexes, "c") ? 90.0 : 100.0)
                : has(indexes, "a", "b") ? 10.0 : leads(indexes, "b") ? 40.0 : 100.0;
        List<String> progress = new ArrayList<>();
        WorkloadIndexSelection.Result r = new WorkloadIndexSelection(new FakePlanner(rule, new ArrayList<>()), CATALOG,
                WorkloadIndexSelection.Limits.defaults(3500), progress::add).select(workload(BOTH, onlyC));
        assertTrue(progress.stream().anyMatch(p -> p.startsWith("dropped ") && p.contains("(b)")), progress.toString());
        assertEquals(List.of(List.of("a", "b"), List.of("c")), r.choices().stream().map(c -> c.index().columns()).toList(), progress.toString());
        assertEquals(100.0, r.finalCost());
    }

    @Test
    void aColumnReadOnlyInGroupByCanExtendTheKey() {
        // c is neither filtered, joined nor sorted on: only (a, c) hands the aggregate its groups in order
        String grouped = "select c, count(*) from t where a = $1 group by c";
        WorkloadIndexSelection.Result r = select((sql, indexes) -> has(indexes, "a", "c") ? 30.0 : leads(indexes, "a") ? 50.0 : 100.0, grouped);
        assertEquals(List.of(List.of("a", "c")), r.choices().stream().map(c -> c.index().columns()).toList());
        assertEquals(30.0, r.finalCost());
    }

    @Test
    void aStatementsOwnWithNamesAreNotViewsOverEveryTable() {
        // t and u; the first statement reads t through its CTE x, the second reads u. Were x taken for a view
        // (a relation the catalog does not know), the first would be costed with u's indexes too.
        Catalog two = new Catalog(List.of(CATALOG.tables().iterator().next(), new Table("public", "u",
                List.of(new Column("d", "integer", true), new Column("e", "integer", true)), List.of(), List.of(), false, List.of(), 1_000_000, null)));
        String throughCte = "with x as (select a, b from t where a = $1) select b from x";
        String onU = "select e from u where d = $1";
        List<List<IndexCandidate>> cteCostedWith = new ArrayList<>();
        List<WorkloadIndexSelection.Query> workload = new ArrayList<>();
        try (FactExtractor extractor = new FactExtractor(two)) {
            for (String sql : List.of(throughCte, onU)) {
                StatementGroup group = new StatementGroup(Fingerprint.of(sql), sql, 1, 0, 0, 0, Set.of(), List.of(), List.of(), Set.of(), null);
                workload.add(new WorkloadIndexSelection.Query(group, extractor.extract(sql)));
            }
        }
        WhatIfPlanner planner = new FakePlanner((sql, indexes) -> {
            if (sql.equals(throughCte)) {
                cteCostedWith.add(indexes);
                return leads(indexes, "a") ? 50.0 : 100.0;
            }
            return leads(indexes, "d") ? 50.0 : 100.0;
        }, new ArrayList<>());
        WorkloadIndexSelection.Result r = new WorkloadIndexSelection(planner, two, WorkloadIndexSelection.Limits.defaults(1L << 30), m -> { })
                .select(workload);
        assertEquals(Set.of(List.of("a"), List.of("d")), Set.copyOf(r.choices().stream().map(c -> c.index().columns()).toList()));
        assertEquals(List.of(), cteCostedWith.stream().flatMap(List::stream).filter(i -> i.table().equals("public.u")).toList());
    }
}
