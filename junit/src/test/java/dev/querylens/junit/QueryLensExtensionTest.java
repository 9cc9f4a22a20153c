package dev.querylens.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs small test classes that use the extension (the nested classes below, which Surefire does
 * not run on its own) through the JUnit engine against a real PostgreSQL, and checks which of
 * their tests fail and with what message.
 */
class QueryLensExtensionTest {
    private static TestDatabase db;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        db = new TestDatabase();
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    @QueryLensTest
    static class RepositoryScenarios {
        @QueryLensDataSource
        static DataSource dataSource;

        @Test
        void loadsCommentsOneTaskAtATime() throws Exception {
            new TaskRepository(dataSource).commentsOneTaskAtATime(1);
        }

        @Test
        void loadsCommentsWithAJoin() throws Exception {
            new TaskRepository(dataSource).commentsJoined(1);
        }

        @Test
        @AllowNPlusOne("the admin page shows twelve tasks at most")
        void acceptedLoop() throws Exception {
            new TaskRepository(dataSource).commentsOneTaskAtATime(2);
        }

        @Test
        void importsTwoHundredRowsOneByOne() throws Exception {
            new TaskRepository(dataSource).importOneByOne(200);
        }

        @Test
        @QueryBudget(selects = 3, total = 5)
        void staysWithinBudget() throws Exception {
            new TaskRepository(dataSource).lookups(3);
        }

        @Test
        @QueryBudget(selects = 3, total = 5)
        void goesOverBudget() throws Exception {
            new TaskRepository(dataSource).lookups(4);
        }
    }

    @QueryLensTest
    static class BatchedImport {
        @QueryLensDataSource
        static DataSource dataSource;

        @Test
        void importsTwoHundredRowsAsOneRewrittenBatch() throws Exception {
            new TaskRepository(dataSource).importBatched(200);
        }
    }

    private static Map<String, String> failures(Class<?> scenarios) {
        List<Event> failed = EngineTestKit.engine("junit-jupiter").selectors(selectClass(scenarios)).execute()
                .testEvents().failed().list();
        return failed.stream().collect(Collectors.toMap(
                e -> e.getTestDescriptor().getDisplayName().replace("()", ""),
                e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                        .getThrowable().map(Throwable::getMessage).orElse(""),
                (a, b) -> a, TreeMap::new));
    }

    @Test
    void failsTheLoopTheRowByRowImportAndTheBudgetAndNothingElse() throws Exception {
        Path trace = dir.resolve("trace.jsonl");
        System.setProperty("querylens.trace.file", trace.toString());
        System.setProperty("querylens.resultKeys", "10");
        try {
            RepositoryScenarios.dataSource = db.plain;
            BatchedImport.dataSource = db.rewritingBatches;
            Map<String, String> failed = failures(RepositoryScenarios.class);
            assertEquals(Set.of("loadsCommentsOneTaskAtATime", "importsTwoHundredRowsOneByOne", "goesOverBudget"), failed.keySet());

            String loop = failed.get("loadsCommentsOneTaskAtATime");
            assertTrue(loop.startsWith("QueryLens found 1 problem in RepositoryScenarios.loadsCommentsOneTaskAtATime:"), loop);
            assertTrue(loop.contains("[n-plus-one] select id, body from comments where task_id = $1"), loop);
            assertTrue(loop.contains("ran 12 times in a row"), loop);
            assertTrue(loop.contains("after: select id from tasks where project_id = $1 order by id"), loop);
            assertTrue(loop.contains("fix: Load the rows in one query"), loop);

            String writes = failed.get("importsTwoHundredRowsOneByOne");
            assertTrue(writes.contains("[unbatched-writes] insert into events(kind, n) values ($1, $2)"), writes);
            assertTrue(writes.contains("200 single-row INSERT statements"), writes);

            assertTrue(failed.get("goesOverBudget").contains("[query-budget] 4 selects executed, budget 3"), failed.get("goesOverBudget"));
            assertEquals(Map.of(), failures(BatchedImport.class), "a rewritten JDBC batch is not an unbatched write");

            // the trace the extension wrote, read by `querylens analyze`, gives the same findings
            Report report = new Analysis(RuleCatalog.load(), "test", m -> { })
                    .run(new AnalysisRequest(List.of(trace), List.of(), null, null));
            Set<String> fromAnalyze = report.findings().stream()
                    .filter(f -> TestStatements.RULES.contains(f.rule()))
                    .map(f -> f.rule() + " " + f.sql()).collect(Collectors.toSet());
            assertEquals(Set.of(
                    "n-plus-one select id, body from comments where task_id = $1",
                    "unbatched-writes insert into events(kind, n) values ($1, $2)"), fromAnalyze,
                    "the accepted loop is in the trace too, so analyze sees its n-plus-one; it merges with the first");
            assertTrue(Files.readAllLines(trace).stream().anyMatch(l -> l.contains("\"batch\":200")));
            assertTrue(Files.readAllLines(trace).stream().anyMatch(l -> l.startsWith("{\"sql\":\"select id from tasks where project_id = ? order by id\"")
                    && l.contains("\"resultKeyColumn\":\"id\",\"resultKeys\":[")), "-Dquerylens.resultKeys samples the parent's ids");
        } finally {
            System.clearProperty("querylens.trace.file");
            System.clearProperty("querylens.resultKeys");
        }
    }
}
