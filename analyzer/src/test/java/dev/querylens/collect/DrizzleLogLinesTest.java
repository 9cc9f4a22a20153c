package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Drizzle's log as deployments collect it: the real sample (samples/drizzle, its multi-line
 * statements included) behind the prefixes docker compose, pm2 and a timestamping shipper put on
 * each stdout line, which must read as the bare log does; and the bounds of a statement's lines.
 */
class DrizzleLogLinesTest {
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    private List<Execution> read(String text) throws Exception {
        assertEquals(SourceKind.APP_LOG, InputKind.detect("app.log", text, null, new ObjectMapper()).kind());
        List<Execution> out = new ArrayList<>();
        new AppLogSource("app.log", new BufferedReader(new StringReader(text))).read(out::add, diagnostics::add);
        return out;
    }

    private static String sample() throws Exception {
        return Files.readString(AppLogSamplesTest.SAMPLES.resolve("drizzle/drizzle-app.log"));
    }

    private static String wrapped(String log, UnaryOperator<String> prefix) {
        StringBuilder out = new StringBuilder();
        log.lines().forEach(l -> out.append(prefix.apply(l)).append(l).append('\n'));
        return out.toString();
    }

    private static List<String> statements(List<Execution> executions) {
        return executions.stream().map(e -> e.sql() + " " + e.params()).toList();
    }

    @Test
    void multiLineStatementsAreReadWholeWithAndWithoutParams() throws Exception {
        List<Execution> bare = read(sample());
        assertEquals(3 + 18 + 12 + 2, bare.size());
        Execution report = bare.get(bare.size() - 2);
        assertTrue(report.sql().startsWith("select p.name, count(t.id) as open_tasks\n  from projects p"), report.sql());
        assertTrue(report.sql().endsWith("order by p.name"), report.sql());
        assertEquals(List.of("3"), report.params());
        Execution busiest = bare.get(bare.size() - 1);
        assertTrue(busiest.sql().endsWith("order by count(*) desc\n    limit 1"), busiest.sql()); // not "GET /busiest ..."
        assertEquals(List.of(), busiest.params());
        assertTrue(diagnostics.isEmpty(), diagnostics.toString());
    }

    @Test
    void composePm2AndTimestampPrefixesReadAsTheBareLog() throws Exception {
        List<String> bare = statements(read(sample()));
        int[] n = {0};
        for (UnaryOperator<String> prefix : List.<UnaryOperator<String>>of(
                l -> "app-1  | ",                                                    // docker compose logs
                l -> "api_1     | ",                                                 // docker-compose v1
                l -> "0|app      | ",                                                // pm2 logs
                l -> String.format("2026-12-02T02:14:%02d.%03dZ ", n[0] / 1000 % 60, n[0]++ % 1000), // a shipper's time
                l -> "web-1  | 2026-12-02T02:14:16.123456789Z ",                      // docker compose logs -t
                l -> "2026-12-02T02:14:16: ")) {                                     // pm2 --time
            diagnostics.clear();
            List<Execution> read = read(wrapped(sample(), prefix));
            assertEquals(bare, statements(read), prefix.apply(""));
            assertTrue(diagnostics.isEmpty(), diagnostics.toString());
        }
        List<Execution> timed = read(wrapped(sample(), l -> "web-1  | 2026-12-02T02:14:16.123456789Z "));
        assertEquals(Instant.parse("2026-12-02T02:14:16.123456789Z"), timed.get(0).timestamp());
        assertEquals("process:web-1", timed.get(0).session());
        assertNull(read(sample()).get(0).timestamp());
    }

    @Test
    void anotherServicesLinesInsideAStatementAreNotItsSql() throws Exception {
        List<Execution> e = read(String.join("\n",
                "app-1  | Query: select id",
                "db-1   | 2026-12-02 02:14:16.001 UTC [77] LOG:  checkpoint starting: time",
                "app-1  |   from tasks where project_id = $1 -- params: [4]",
                "db-1   | Query: this is not the app's") + "\n");
        assertEquals("select id\n  from tasks where project_id = $1", e.get(0).sql());
        assertEquals(List.of("4"), e.get(0).params());
        assertEquals("process:db-1", e.get(1).session(), "each service is its own process");
    }

    @Test
    void aStatementPastTheCapIsReadUpToItWithADiagnostic() throws Exception {
        StringBuilder log = new StringBuilder("Query: select 1 as a,\n");
        for (int i = 0; i < DrizzleLogLines.MAX_LINES + 20; i++) {
            log.append("  ").append(i).append(" as c").append(i).append(",\n");
        }
        log.append("  0 as z -- params: []\nQuery: select 2\n");
        List<Execution> e = read(log.toString());
        assertEquals(2, e.size(), "the capped statement and the next one: its remaining lines are not statements");
        assertEquals(DrizzleLogLines.MAX_LINES + 1L, e.get(0).sql().lines().count());
        assertEquals(1, diagnostics.size(), diagnostics.toString());
        Diagnostic d = diagnostics.get(0);
        assertEquals(1, d.line());
        assertTrue(d.message().contains("read up to line " + (DrizzleLogLines.MAX_LINES + 1)), d.message());
        assertTrue(!d.message().contains("as c"), "no raw input: " + d.message());
    }

    @Test
    void theApplicationsLinesAfterAStatementWithoutParamsAreNotSql() throws Exception {
        List<Execution> e = read("Query: select 1\nserver listening on :3000\n  at Object.<anonymous>\nQuery: select 2\n");
        assertEquals(List.of("select 1", "select 2"), e.stream().map(Execution::sql).toList());
        assertTrue(diagnostics.isEmpty(), diagnostics.toString());
    }
}
