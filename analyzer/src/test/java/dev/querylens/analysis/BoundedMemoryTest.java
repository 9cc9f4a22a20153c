package dev.querylens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.report.JsonReportWriter;
import dev.querylens.report.MarkdownReportWriter;
import dev.querylens.report.Report;
import dev.querylens.report.TextReportWriter;
import dev.querylens.workload.MemoryLimits;
import dev.querylens.workload.StatementGroup;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory limits set far below the input, so folding and eviction happen on a few hundred lines:
 * the heaviest shapes must survive whole, every execution must still be counted, and sessions
 * must close at their disconnection (or, without one, be evicted and counted).
 */
class BoundedMemoryTest {
    @TempDir
    Path dir;

    private final RuleCatalog catalog = RuleCatalog.load();

    private Report analyze(Path input, MemoryLimits limits) {
        return new Analysis(catalog, "test", m -> { })
                .run(new AnalysisRequest(List.of(input), List.of(), null, null, null, null, limits));
    }

    @Test
    void foldsTheLightestShapesAndCountsEveryExecution() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            lines.add(stderr(i, 4000 + i % 7, "0.010", "select id, v from t" + i + " where k = " + i));
            if (i % 10 == 0) {
                lines.add(stderr(i, 4000 + i % 7, "25.000", "select * from orders where customer_id = " + i));
            }
            if (i % 20 == 0) {
                lines.add(stderr(i, 4000 + i % 7, "1.000", "update accounts set seen_at = now() where id = " + i));
            }
        }
        Report r = analyze(Files.write(dir.resolve("postgresql.log"), lines), new MemoryLimits(40, 100));

        assertEquals(400 + 40 + 20, r.executions());
        assertTrue(r.statements().size() <= 40, "no more groups than the limit: " + r.statements().size());
        assertTrue(r.folded().statementGroups() >= 400 - 40, "folded " + r.folded().statementGroups());
        long kept = r.statements().stream().mapToLong(StatementGroup::calls).sum();
        assertEquals(r.executions(), kept + r.folded().executions(), "kept calls plus the folded remainder are every execution");
        double keptMs = r.statements().stream().mapToDouble(StatementGroup::totalTimeMs).sum();
        assertEquals(40 * 25.0 + 20 * 1.0 + 400 * 0.010, keptMs + r.folded().totalTimeMs(), 1e-6);

        StatementGroup heaviest = r.statements().get(0);
        assertEquals("select * from orders where customer_id = $1", heaviest.sql());
        assertEquals(40, heaviest.calls(), "the heaviest shape is never folded, so its count is exact");
        assertEquals(20, r.statements().get(1).calls());

        JsonNode folded = new JsonReportWriter().toJson(r).path("summary").path("folded");
        assertEquals(r.folded().statementGroups(), folded.path("statements").asLong());
        assertEquals(r.folded().executions(), folded.path("executions").asLong());
        assertEquals(0, folded.path("sessionsEvicted").asLong());
        StringWriter text = new StringWriter();
        new TextReportWriter().write(r, text);
        String summary = text.toString().lines().findFirst().orElseThrow();
        assertTrue(summary.contains("folded to bound memory: " + r.folded().executions() + " executions in "
                + r.folded().statementGroups() + " lighter statement groups"), summary);
    }

    @Test
    void withinTheLimitsNothingIsFolded() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            lines.add(stderr(i, 4000, "0.500", "select id, v from t" + (i % 3) + " where k = " + i));
        }
        Report r = analyze(Files.write(dir.resolve("postgresql.log"), lines), new MemoryLimits(3, 1));
        assertEquals(3, r.statements().size());
        assertTrue(!r.folded().any(), r.folded().toString());
        StringWriter text = new StringWriter();
        new TextReportWriter().write(r, text);
        assertTrue(!text.toString().contains("folded"));
    }

    @Test
    void sessionsCloseAtDisconnectionSoNoneIsEvicted() throws Exception {
        Report r = analyze(csvlog(50, true), new MemoryLimits(100, 3));
        assertEquals(50 * 6, r.executions());
        assertEquals(0, r.folded().sessionsEvicted(), "every session disconnected before the limit was reached");
        assertEquals(50, loopEpisodes(r), "every session's loop is found");
    }

    /** A stderr log keys sessions by pid; a disconnection ends that pid's session, and the pid's next one is new. */
    @Test
    void stderrSessionsByPidCloseAtDisconnection() throws Exception {
        List<String> lines = new ArrayList<>();
        int i = 0;
        for (int session = 0; session < 30; session++) {
            int pid = 5000 + session % 2; // pids are reused, as the OS does
            for (int step = 1; step <= 6; step++) {
                lines.add(stderr(i++, pid, "10.000", "select body from comments where task_id = " + (session * 10 + step)));
            }
            lines.add(String.format("2026-11-25 08:%s UTC [%d] LOG:  disconnection: session time: 0:00:00.070"
                    + " user=app database=shop host=127.0.0.1 port=5000", clock(i), pid));
            i++;
        }
        Report r = analyze(Files.write(dir.resolve("postgresql.log"), lines), new MemoryLimits(100, 1));
        assertEquals(30 * 6, r.executions());
        assertEquals(0, r.folded().sessionsEvicted(), "one session open at a time fits a limit of one");
        assertEquals(30, loopEpisodes(r), "each session's loop is its own episode, not merged with the pid's next session");
    }

    @Test
    void withoutDisconnectionsTheIdlestSessionsAreEvictedAndCounted() throws Exception {
        Report r = analyze(csvlog(50, false), new MemoryLimits(100, 3));
        assertEquals(50 * 6, r.executions());
        assertEquals(50 - 3, r.folded().sessionsEvicted(), "all but the last three open sessions were evicted");
        assertEquals(50, loopEpisodes(r), "an evicted session's loop is closed and still found");
        assertEquals(47, new JsonReportWriter().toJson(r).path("summary").path("folded").path("sessionsEvicted").asLong());
        StringWriter markdown = new StringWriter();
        new MarkdownReportWriter().write(r, markdown);
        assertTrue(markdown.toString().contains("Folded to bound memory: 47 idle sessions closed early."), markdown.toString());
    }

    /** The loop's queries differ only in their literals, which are its values: one n-plus-one finding. */
    private static long loopEpisodes(Report r) {
        List<Finding> loops = r.findings().stream().filter(f -> f.rule().equals("n-plus-one")).toList();
        assertEquals(1, loops.size());
        return ((Number) loops.get(0).evidence().get("episodes")).longValue();
    }

    private static String stderr(int i, int pid, String ms, String sql) {
        return String.format("2026-11-25 08:%s UTC [%d] LOG:  duration: %s ms  statement: %s", clock(i), pid, ms, sql);
    }

    /** mm:ss.mmm of the i-th line, 12 ms apart: a loop's statements follow each other closely. */
    private static String clock(int i) {
        long ms = i * 12L;
        return String.format("%02d:%02d.%03d", ms / 60000 % 60, ms / 1000 % 60, ms % 1000);
    }

    /** Sessions two at a time, each running one query per task (an N+1 loop), then disconnecting or not. */
    private Path csvlog(int sessions, boolean disconnect) throws Exception {
        List<String> lines = new ArrayList<>();
        int line = 0;
        for (int s = 0; s < sessions; s += 2) {
            for (int step = 0; step < 8; step++) {
                for (int session = s; session < s + 2; session++) {
                    String message;
                    if (step == 0) {
                        message = "connection authorized: user=app database=shop";
                    } else if (step <= 6) {
                        message = "duration: 10.000 ms  statement: select body from comments where task_id = " + (session * 10 + step);
                    } else if (step == 7 && disconnect) {
                        message = "disconnection: session time: 0:00:00.070 user=app database=shop host=127.0.0.1 port=5000";
                    } else {
                        continue;
                    }
                    line++;
                    lines.add(String.format("2026-11-25 09:00:%02d.%03d UTC,\"app\",\"shop\",%d,\"127.0.0.1:5000\",%x.%x,%d,"
                                    + "\"idle\",2026-11-25 09:00:00 UTC,3/%d,0,LOG,00000,\"%s\",,,,,,,,,\"app\",\"client backend\",,0",
                            line / 1000 % 60, line % 1000, 7000 + session % 3, 1700000000 + session, 7000 + session % 3, step + 1,
                            session, message));
                }
            }
        }
        return Files.write(dir.resolve("postgresql.csv"), lines);
    }
}
