package dev.querylens.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleMarkersTest {
    @Test
    void aMarkerPointsAtTheNextStatementLineAndLeavesTheText() {
        ExampleMarkers m = ExampleMarkers.of("""
                CREATE TABLE t (id int);
                -- expect: rls-auth-per-row "ALTER POLICY "p" ON public.t"
                -- expect: rls-auth-per-row
                CREATE POLICY p ON t USING (auth.uid() = id);
                SELECT 1; -- expect: missing-index, leading-wildcard
                """);
        assertEquals("CREATE TABLE t (id int);\nCREATE POLICY p ON t USING (auth.uid() = id);\nSELECT 1;\n", m.text());
        assertEquals(List.of(new ExampleMarkers.Expectation(2, List.of("rls-auth-per-row"), "ALTER POLICY \"p\" ON public.t"),
                new ExampleMarkers.Expectation(2, List.of("rls-auth-per-row"), null),
                new ExampleMarkers.Expectation(3, List.of("missing-index", "leading-wildcard"), null)), m.expectations());
        assertEquals(1, m.forRule("leading-wildcard").size());
    }

    /** A server log cannot hold a comment: the marker lines are taken out, and the line numbers are the log's as written. */
    @Test
    void inALogTheMarkerLinesAreTakenOut() {
        ExampleMarkers m = ExampleMarkers.of("""
                2026-11-25 08:47:17.857 UTC [5323] app@db LOG:  duration: 0.1 ms  statement: select 1
                -- expect: n-plus-one
                2026-11-25 08:47:17.898 UTC [5323] app@db LOG:  duration: 0.1 ms  statement: select 2
                """);
        assertEquals(2, m.text().lines().count());
        assertEquals(2, m.forRule("n-plus-one").get(0).line());
    }

    @Test
    void aMarkerWithNothingAfterItIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> ExampleMarkers.of("SELECT 1;\n-- expect: missing-index\n"));
    }
}
