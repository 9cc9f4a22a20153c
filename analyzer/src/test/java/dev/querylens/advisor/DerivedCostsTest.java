package dev.querylens.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.database.ConnectionSettings;
import dev.querylens.database.UserDatabase;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.schema.Catalog;
import dev.querylens.schema.LiveCatalogReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Costs derived from the indexes a plan used ({@link PlanDerivations}) against what EXPLAIN says:
 * PostgreSQL 15 with HypoPG is the oracle for every index set the derivation claims to know.
 */
class DerivedCostsTest {
    private static PostgresServer pg;

    @TempDir
    Path dir;

    /** Statements of {@link PlannerSessionsTest#SHOP_WORKLOAD} with values, joins of two and three tables among them. */
    private static final List<String> STATEMENTS = List.of(
            "select id, total from orders where customer_id = 42",
            "select id, total from orders where customer_id = 42 and created_at >= '2025-03-01'",
            "select o.id, o.total from customers c join orders o on o.customer_id = c.id where c.email = 'c77@example.com'",
            "select c.region, count(*) from customers c join orders o on o.customer_id = c.id where o.status = 'void' group by c.region",
            "select o.id, l.sku from orders o join lines l on l.order_id = o.id where o.created_at >= '2025-05-01' and l.qty > 5",
            "select c.email, l.sku from customers c join orders o on o.customer_id = c.id join lines l on l.order_id = o.id"
                    + " where c.email = 'c9@example.com' and l.qty = 3",
            "select id, total from orders order by created_at desc limit 20",
            "select count(*) from orders where status = 'open'");

    /** Seven candidates on the three tables those statements read. */
    private static final List<String> INDEXES = List.of(
            "CREATE INDEX ON public.orders (customer_id)",
            "CREATE INDEX ON public.orders (created_at)",
            "CREATE INDEX ON public.orders (status)",
            "CREATE INDEX ON public.orders (customer_id, created_at)",
            "CREATE INDEX ON public.customers (email)",
            "CREATE INDEX ON public.lines (order_id)",
            "CREATE INDEX ON public.lines (qty)");

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE shop");
        }
        try (Connection c = pg.connect("shop"); Statement s = c.createStatement()) {
            s.execute(PlannerSessionsTest.SHOP_SCHEMA);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    /**
     * For each statement: planned with all seven indexes, then with every set between the indexes
     * that plan used and all seven, each planned by EXPLAIN on its own: each costs what the plan
     * with all seven cost. And the used indexes are ones that matter: without one of them a
     * statement never costs less, and mostly more.
     */
    @Test
    void everySetBetweenTheUsedIndexesAndThePlannedOnesCostsWhatThePlanCost() throws Exception {
        int checked = 0;
        int usingSome = 0;
        int dearerWithout = 0;
        try (UserDatabase db = UserDatabase.open(ConnectionSettings.parse(pg.url("shop")), UserDatabase.Access.READ_ONLY)) {
            for (String sql : STATEMENTS) {
                UserDatabase.HypotheticalPlan all = db.hypotheticalPlan(HypoPgPlanner.plannable(sql), INDEXES);
                BitSet used = all.used();
                assertEquals(all.cost(), db.hypotheticalCost(HypoPgPlanner.plannable(sql), INDEXES), 0.0, sql);
                if (!used.isEmpty()) {
                    usingSome++;
                }
                for (int mask = 0; mask < 1 << INDEXES.size(); mask++) {
                    BitSet x = BitSet.valueOf(new long[] {mask});
                    BitSet missing = (BitSet) used.clone();
                    missing.andNot(x);
                    List<String> subset = x.stream().mapToObj(INDEXES::get).toList();
                    double cost = db.hypotheticalCost(HypoPgPlanner.plannable(sql), subset);
                    if (missing.isEmpty()) {
                        assertEquals(all.cost(), cost, 0.0, sql + " with " + subset + " (the plan with all seven used " + used + ")");
                        checked++;
                    } else if (missing.cardinality() == 1 && x.cardinality() == INDEXES.size() - 1) {
                        // another index can serve as well (orders (customer_id) for orders (customer_id, created_at)), never better
                        assertTrue(cost >= all.cost(), sql + ": without the used " + INDEXES.get(missing.nextSetBit(0)) + " it costs "
                                + cost + ", with it " + all.cost());
                        dearerWithout += cost > all.cost() ? 1 : 0;
                    }
                }
            }
        }
        assertTrue(usingSome >= 6, "most statements' plans use one of the indexes: " + usingSome);
        assertTrue(checked > 300, "sets checked: " + checked);
        assertTrue(dearerWithout >= 4, "the used indexes are ones that matter: without one, most plans cost more: " + dearerWithout);
    }

    /** A plan's used indexes are read by their positions in the list given, whatever the order. */
    @Test
    void theUsedIndexIsFoundWhereverItStandsInTheList() throws Exception {
        String sql = "select id from audit where actor = 5";
        try (UserDatabase db = UserDatabase.open(ConnectionSettings.parse(pg.url("shop")), UserDatabase.Access.READ_ONLY)) {
            List<String> indexes = new ArrayList<>(List.of("CREATE INDEX ON public.orders (status)", "CREATE INDEX ON public.audit (at)",
                    "CREATE INDEX ON public.audit (actor)"));
            for (int rotation = 0; rotation < 3; rotation++) {
                UserDatabase.HypotheticalPlan plan = db.hypotheticalPlan(HypoPgPlanner.plannable(sql), indexes);
                assertEquals(BitSet.valueOf(new long[] {1L << indexes.indexOf("CREATE INDEX ON public.audit (actor)")}), plan.used(),
                        indexes.toString());
                java.util.Collections.rotate(indexes, 1);
            }
            assertTrue(db.hypotheticalPlan(HypoPgPlanner.plannable(sql), List.of()).used().isEmpty());
        }
    }

    /** One selection's chosen indexes, each with its statements' costs, and the what-if calls it made. */
    private record Outcome(List<String> chosen, Map<String, List<Double>> costs, double fin, int calls,
                           PlanDerivations.Summary derivations) {
    }

    private Outcome select(Path workload, long budget, String derivation) throws Exception {
        try (UserDatabase db = UserDatabase.open(ConnectionSettings.parse(pg.url("shop")), UserDatabase.Access.READ_ONLY)) {
            Catalog live = LiveCatalogReader.read(db.catalog(), d -> { });
            HypoPgPlanner planner = HypoPgPlanner.on(db, 1, derivation);
            VerifiedAdvisor advisor = new VerifiedAdvisor(planner, WorkloadIndexSelection.Limits.defaults(budget), m -> { });
            new Analysis(RuleCatalog.load(), "test", m -> { }).run(new AnalysisRequest(List.of(workload), List.of(), null, null), live, advisor);
            WorkloadIndexSelection.Result r = advisor.result();
            Map<String, List<Double>> costs = new java.util.TreeMap<>();
            for (WorkloadIndexSelection.Choice c : r.choices()) {
                c.costBeforeAfter().forEach((statement, beforeAfter) ->
                        costs.put(c.index().ddl() + " | " + statement, List.of(beforeAfter[0], beforeAfter[1])));
            }
            return new Outcome(r.choices().stream().map(c -> c.index().ddl()).toList(), costs, r.finalCost(), r.whatIfCalls(),
                    planner.derivations());
        }
    }

    /**
     * The selection with derived costs chooses what it chooses with every cost planned, with the
     * same costs, in fewer what-if calls; planned all the same (check), no derived cost differed.
     */
    @Test
    void derivedCostsChooseWhatPlannedCostsChooseWithFewerCalls() throws Exception {
        Path workload = Files.writeString(dir.resolve("pgss.csv"), PlannerSessionsTest.SHOP_WORKLOAD);
        for (long budget : List.of(20_000_000L, 1_000_000_000L)) {
            Outcome planned = select(workload, budget, "off");
            Outcome derived = select(workload, budget, "derive");
            Outcome checked = select(workload, budget, "check");
            assertEquals(planned.chosen(), derived.chosen());
            assertEquals(planned.costs(), derived.costs());
            assertEquals(planned.fin(), derived.fin(), 0.0);
            assertEquals(0, planned.derivations().derived());
            assertTrue(derived.derivations().derived() > 0, "some costs derived at " + budget);
            assertEquals(planned.calls(), derived.calls() + derived.derivations().derived(),
                    "each derived cost is a call saved, no more: " + planned.calls() + " against " + derived);
            assertEquals(planned.calls(), checked.calls(), "check plans everything");
            // checking, the derivable costs are planned too, and their plans can derive more
            assertTrue(checked.derivations().derived() >= derived.derivations().derived(), checked + " against " + derived);
            assertEquals(0, checked.derivations().differed(), "derived costs are what EXPLAIN says: " + checked.derivations());
            assertEquals(planned.chosen(), checked.chosen());
        }
    }
}
