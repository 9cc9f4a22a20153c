package dev.querylens.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.cli.QueryLensCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loops in server logs that a real PostgreSQL 15 wrote while pgbench ran them, in every protocol
 * and log format. Each lookup is a primary-key read (about 0.01 ms on the server), the fastest a
 * child query gets, so only judging the loop by what it costs the application can find it.
 */
class ServerLogLoopsTest {
    private static PgbenchLogs pgbench;
    private static final List<PgbenchLogs.RunLogs> RUNS = new ArrayList<>();

    @BeforeAll
    static void generate() throws Exception {
        pgbench = PgbenchLogs.start(java.nio.file.Files.createTempDirectory("querylens-pgbench"));
        for (PgbenchLogs.Script script : PgbenchLogs.Script.values()) {
            for (PgbenchLogs.Mode mode : PgbenchLogs.Mode.values()) {
                RUNS.add(pgbench.run(script, mode));
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pgbench.close();
    }

    private static JsonNode analyze(Path log) throws Exception {
        Path out = log.resolveSibling(log.getFileName() + ".report.json");
        // pgbench on a loaded 2-core test machine can stall for hundreds of milliseconds between two
        // statements of one loop, which the default maxPauseMs (100) rightly reads as the end of a run;
        // these tests are about finding the loops, so a stall of the test machine must not split them
        Path config = log.resolveSibling("querylens-no-pause-split.yaml");
        Files.writeString(config, "rules:\n  n-plus-one: { parameters: { maxPauseMs: 60000 } }\n");
        StringWriter err = new StringWriter();
        var cli = QueryLensCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(0, cli.execute("analyze", "-q", "--format", "json", "--config", config.toString(), "-o", out.toString(),
                log.toString()), err.toString());
        return new ObjectMapper().readTree(out.toFile());
    }

    private static List<JsonNode> findings(JsonNode report, String rule) {
        List<JsonNode> out = new ArrayList<>();
        report.get("findings").forEach(f -> {
            if (f.get("rule").asText().equals(rule)) {
                out.add(f);
            }
        });
        return out;
    }

    @Test
    void aLoopIsOneNPlusOneWithItsParentInEveryProtocolAndFormat() throws Exception {
        int loops = 2 * PgbenchLogs.TRANSACTIONS; // two clients
        for (PgbenchLogs.RunLogs run : RUNS.stream().filter(r -> r.script() == PgbenchLogs.Script.loop).toList()) {
            for (Path log : run.files()) {
                JsonNode report = analyze(log);
                List<JsonNode> nPlusOne = findings(report, "n-plus-one");
                assertEquals(1, nPlusOne.size(), run.mode() + " " + log.getFileName() + ": " + report.get("findings"));
                JsonNode evidence = nPlusOne.get(0).get("evidence");
                assertEquals(loops * PgbenchLogs.LOOP_ROWS, evidence.get("executions").asInt(), evidence.toString());
                assertEquals(loops, evidence.get("episodes").asInt(), evidence.toString());
                assertEquals(PgbenchLogs.LOOP_ROWS, evidence.get("maxRepetitions").asInt(), evidence.toString());
                assertEquals(loops * (PgbenchLogs.LOOP_ROWS - 1), evidence.get("roundTripsAvoided").asInt(), evidence.toString());
                assertTrue(evidence.get("parentQuery").asText().contains("between"), evidence.toString());
                assertTrue(evidence.get("elapsedMs").asDouble() >= evidence.get("serverTimeMs").asDouble(),
                        "waited at least the server's time: " + evidence);
                assertTrue(findings(report, "repeated-identical-query").isEmpty(),
                        "distinct literals are distinct values: " + report.get("findings"));
            }
        }
    }

    @Test
    void aLoopOfTwoQueriesPerItemIsOneFinding() throws Exception {
        int loops = 2 * PgbenchLogs.TRANSACTIONS;
        for (PgbenchLogs.RunLogs run : RUNS.stream().filter(r -> r.script() == PgbenchLogs.Script.block).toList()) {
            for (Path log : run.files()) {
                JsonNode report = analyze(log);
                List<JsonNode> nPlusOne = findings(report, "n-plus-one");
                assertEquals(1, nPlusOne.size(), run.mode() + " " + log.getFileName() + ": " + report.get("findings"));
                JsonNode evidence = nPlusOne.get(0).get("evidence");
                assertEquals(2, evidence.get("loopBody").size(), evidence.toString());
                assertTrue(evidence.get("loopBody").get(0).asText().contains("abalance"), "in the order they run: " + evidence);
                assertEquals(loops * PgbenchLogs.LOOP_ROWS * 2, evidence.get("executions").asInt(), evidence.toString());
                assertEquals(loops * (PgbenchLogs.LOOP_ROWS - 1) * 2, evidence.get("roundTripsAvoided").asInt(), evidence.toString());
            }
        }
    }

    @Test
    void pgbenchsBuiltInScriptHasNoLoop() throws Exception {
        for (PgbenchLogs.RunLogs run : RUNS.stream().filter(r -> r.script() == PgbenchLogs.Script.tpcb).toList()) {
            for (Path log : run.files()) {
                JsonNode report = analyze(log);
                assertTrue(report.get("summary").get("executions").asLong() >= 7L * 2 * PgbenchLogs.TRANSACTIONS, report.get("summary").toString());
                for (String rule : List.of("n-plus-one", "repeated-identical-query", "unbatched-writes")) {
                    assertFalse(findings(report, rule).size() > 0, run.mode() + " " + log.getFileName() + " " + rule + ": " + report.get("findings"));
                }
            }
        }
    }

    @Test
    void rowByRowInsertsAreUnbatchedWrites() throws Exception {
        for (PgbenchLogs.RunLogs run : RUNS.stream().filter(r -> r.script() == PgbenchLogs.Script.inserts).toList()) {
            for (Path log : run.files()) {
                JsonNode report = analyze(log);
                assertEquals(1, findings(report, "unbatched-writes").size(), run.mode() + " " + log.getFileName() + ": " + report.get("findings"));
                assertTrue(findings(report, "n-plus-one").isEmpty());
            }
        }
    }
}
