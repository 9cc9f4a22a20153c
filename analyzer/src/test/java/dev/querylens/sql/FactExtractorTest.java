package dev.querylens.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.schema.Catalog;
import org.junit.jupiter.api.Test;

class FactExtractorTest {
    private final Fingerprinter fingerprinter = new Fingerprinter();

    @Test
    void sqlStandardIntervalUnitsDoNotStopTheParse() {
        // TPC-H Q6 as the benchmark kits write it: INTERVAL '1' YEAR, which JSqlParser alone rejects
        String sql = fingerprinter.normalize("SELECT sum(l_extendedprice * l_discount) AS revenue FROM lineitem"
                + " WHERE l_shipdate >= DATE '1994-01-01' AND l_shipdate < DATE '1994-01-01' + INTERVAL '1' YEAR"
                + " AND l_discount BETWEEN decimal '0.06' - decimal '0.01' AND decimal '0.06' + decimal '0.01' AND l_quantity < 24");
        try (FactExtractor extractor = new FactExtractor(Catalog.empty())) {
            StatementFacts facts = extractor.extract(sql);
            assertNull(facts.parseError(), sql);
            assertEquals(java.util.List.of("lineitem"), facts.tables());
            assertTrue(facts.predicates().stream().anyMatch(p -> p.column().column().equals("l_shipdate")
                    && p.op() == Predicate.Operator.RANGE), facts.predicates().toString());
        }
    }

    @Test
    void intervalRangesAndSecondPrecisionParseToo() {
        String sql = fingerprinter.normalize("SELECT * FROM orders WHERE o_orderdate < DATE '1995-01-01' - INTERVAL '1-2' YEAR TO MONTH"
                + " AND o_orderdate > now() - interval '2.5' second (3)");
        try (FactExtractor extractor = new FactExtractor(Catalog.empty())) {
            StatementFacts facts = extractor.extract(sql);
            assertNull(facts.parseError(), sql);
            assertEquals(2, facts.predicates().stream().filter(p -> p.column().column().equals("o_orderdate")).count());
        }
    }

    @Test
    void inSubqueryFollowedByMoreConditionsKeepsThoseConditions() {
        // TPC-H Q18's shape: JSqlParser 5.3 folds the later ANDs into the IN's right side
        String sql = "select c_name from customer, orders, lineitem where o_orderkey in (select l_orderkey from lineitem group by l_orderkey"
                + " having sum(l_quantity) > $1) and customer.c_custkey = orders.o_custkey and orders.o_orderkey = lineitem.l_orderkey";
        try (FactExtractor extractor = new FactExtractor(Catalog.empty())) {
            StatementFacts facts = extractor.extract(sql);
            assertEquals(2, facts.joins().size(), facts.joins().toString());
            assertTrue(facts.predicates().stream().anyMatch(p -> p.column().column().equals("o_orderkey") && p.op() == Predicate.Operator.IN));
        }
    }

    @Test
    void correlatedAndNegatedSubqueriesContributeTheirTablesAndJoins() {
        String sql = "select o.id from orders o where exists (select 1 from lineitem l where l.order_id = o.id)"
                + " and not exists (select 1 from refunds r where r.order_id = o.id)"
                + " and o.customer_id not in (select id from blocked) and o.total > (select avg(total) from orders)";
        try (FactExtractor extractor = new FactExtractor(Catalog.empty())) {
            StatementFacts facts = extractor.extract(sql);
            assertEquals(java.util.Set.of("orders", "lineitem", "refunds", "blocked"), java.util.Set.copyOf(facts.tables()));
            assertTrue(facts.joins().stream().anyMatch(j -> j.left().table().equals("lineitem") && j.right().table().equals("orders")),
                    facts.joins().toString());
            assertTrue(facts.joins().stream().anyMatch(j -> j.left().table().equals("refunds") && j.right().table().equals("orders")),
                    facts.joins().toString());
            // NOT IN cannot narrow a scan of orders: no predicate on customer_id
            assertTrue(facts.predicates().stream().noneMatch(p -> p.column().column().equals("customer_id")), facts.predicates().toString());
        }
    }

    @Test
    void columnsReadCoverEveryClauseAndAStarMeansAll() {
        try (FactExtractor extractor = new FactExtractor(Catalog.empty())) {
            StatementFacts facts = extractor.extract("select e.kind, sum(e.amount) from events e where e.account_id = $1"
                    + " group by e.kind having max(e.created_at) > $2 order by e.kind");
            assertEquals(java.util.List.of("kind", "amount", "account_id", "created_at"),
                    facts.columnsRead().stream().map(ColumnRef::column).toList());
            assertTrue(facts.columnsRead().stream().allMatch(c -> "events".equals(c.table())), facts.columnsRead().toString());
            assertTrue(!facts.readsAllColumns());
            assertTrue(extractor.extract("select id from t where exists (select * from u where u.t_id = t.id)").readsAllColumns());
        }
    }

    @Test
    void updateAndUpsertSayWhichColumnsTheyAssign() {
        try (FactExtractor extractor = new FactExtractor(Catalog.empty())) {
            StatementFacts update = extractor.extract("UPDATE items i SET \"Note\" = $1, price = i.price + $2 WHERE id = $3");
            assertEquals(java.util.List.of("Note", "price"), update.assignedColumns());
            assertEquals(false, update.conflictUpdate());
            assertEquals(java.util.List.of("a", "b"), extractor.extract("UPDATE items SET (a, b) = ($1, $2) WHERE id = $3").assignedColumns());
            StatementFacts upsert = extractor.extract("INSERT INTO items (id, note) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET note = EXCLUDED.note");
            assertEquals(java.util.List.of("note"), upsert.assignedColumns());
            assertTrue(upsert.conflictUpdate());
            StatementFacts nothing = extractor.extract("INSERT INTO items (id, note) VALUES ($1, $2) ON CONFLICT DO NOTHING");
            assertEquals(java.util.List.of(), nothing.assignedColumns());
            assertEquals(false, nothing.conflictUpdate());
        }
    }
}
