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
}
