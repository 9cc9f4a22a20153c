package dev.querylens.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.schema.Catalog;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A 55 MB INSERT ran the fingerprinter out of memory under -Xmx512m, and a 50 MB SELECT ran
 * JSqlParser out of memory at 1 GB. Both are bounded now; the memory they take is checked by the
 * size of what they build.
 */
class HugeStatementTest {
    private static String insertOf(int rows) {
        StringBuilder b = new StringBuilder("insert into events (id, email, payload) values ");
        for (int i = 0; i < rows; i++) {
            b.append(i == 0 ? "" : ", ").append('(').append(i).append(", 'user").append(i).append("@example.org', '{\"n\": ")
                    .append(i).append("}')");
        }
        return b.toString();
    }

    @Test
    void aStatementOverTheLimitIsFingerprintedByItsFirstPartAndMarkedCut() {
        String huge = insertOf(400_000); // about 20 MB
        assertTrue(huge.length() > 8 * Fingerprinter.MAX_STATEMENT_CHARS);
        List<String> constants = new java.util.ArrayList<>();
        String normalized = new Fingerprinter().normalize(huge, constants);
        assertTrue(normalized.length() < 2 * Fingerprinter.MAX_STATEMENT_CHARS, "normalized " + normalized.length());
        assertTrue(constants.size() < Fingerprinter.MAX_STATEMENT_CHARS / 4, constants.size() + " constants kept");
        assertTrue(Fingerprinter.isCut(normalized));
        assertTrue(normalized.startsWith("insert into events(id, email, payload) values ($1, $2, $3)"), normalized.substring(0, 80));
        // two different huge inserts of the same shape group together
        assertEquals(new Fingerprinter().fingerprint(huge), new Fingerprinter().fingerprint(insertOf(300_000)));
        String small = insertOf(3);
        assertTrue(!Fingerprinter.isCut(new Fingerprinter().normalize(small)));
    }

    @Test
    void statementsOverTheParseLimitAreNotHandedToJSqlParser() {
        StringBuilder select = new StringBuilder("select * from t where ");
        for (int i = 0; select.length() <= FactExtractor.MAX_PARSED_CHARS; i++) {
            select.append(i == 0 ? "" : " or ").append("a").append(i).append(" = $").append(i + 1);
        }
        try (FactExtractor extractor = new FactExtractor(new Catalog(List.of()))) {
            StatementFacts facts = extractor.extract(select.toString());
            assertNotNull(facts.parseError());
            assertTrue(facts.parseError().contains("not parsed"), facts.parseError());
            StatementFacts cut = extractor.extract(new Fingerprinter().normalize(insertOf(100_000)));
            assertTrue(cut.parseError().contains("not parsed"), cut.parseError());
            assertEquals(null, extractor.extract("select a from t where b = $1").parseError());
        }
    }

    @Test
    void aStatementNestedDeeperThanTheStackIsAParseErrorNotAnError() {
        String deep = "select * from t where " + "(".repeat(20_000) + "a = $1" + ")".repeat(20_000);
        try (FactExtractor extractor = new FactExtractor(new Catalog(List.of()))) {
            StatementFacts facts = extractor.extract(deep);
            assertNotNull(facts.parseError());
        }
        assertTrue(new Fingerprinter().normalize(deep).startsWith("select * from t where (((("));
    }
}
