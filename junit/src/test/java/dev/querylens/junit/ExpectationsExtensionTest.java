package dev.querylens.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The extension's expectations (uncaptured statements, exact counts, batch size, bind parameters,
 * statement rules, the CapturedStatements parameter), each shown failing with its message and
 * holding where it should, by running the nested scenario classes through the JUnit engine
 * against a real PostgreSQL.
 */
class ExpectationsExtensionTest {
    private static TestDatabase db;

    @BeforeAll
    static void start() throws Exception {
        db = new TestDatabase();
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    @QueryLensTest
    static class Uncaptured {
        @QueryLensDataSource
        static DataSource dataSource;
        static String url;

        /** Built when JUnit creates the test instance, before the extension wraps the field: it keeps the raw DataSource. */
        private final TaskRepository builtTooEarly = new TaskRepository(dataSource);

        @Test
        void repositoryFromAFieldInitializer() throws Exception {
            builtTooEarly.lookups(2);
        }

        @Test
        void ownDriverManagerConnection() throws Exception {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("select count(*) from tasks where project_id = 2");
            }
        }

        @Test
        void someThroughTheFieldSomeNot() throws Exception {
            new TaskRepository(dataSource).commentsJoined(1);
            builtTooEarly.lookups(1);
        }

        @Test
        void onAnotherThread() throws Exception {
            var executor = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                executor.submit(() -> {
                    builtTooEarly.lookups(3);
                    return null;
                }).get();
            } finally {
                executor.shutdown();
            }
        }

        @Test
        void runsNoStatements() {
        }

        @Test
        void everythingThroughTheField() throws Exception {
            new TaskRepository(dataSource).lookups(2);
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("select 1");
            }
        }
    }

    @QueryLensTest
    static class Pooled {
        @QueryLensDataSource
        static DataSource dataSource;
        static String url;
        private static com.zaxxer.hikari.HikariDataSource pool;

        /** The pool a test suite builds once, filled with connections before any test runs. */
        @BeforeAll
        static void fillThePool() throws Exception {
            com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
            config.setJdbcUrl(url);
            config.setMinimumIdle(2);
            config.setMaximumPoolSize(2);
            pool = new com.zaxxer.hikari.HikariDataSource(config);
            try (Connection c = pool.getConnection(); Connection d = pool.getConnection()) {
                c.createStatement().execute("select 1"); // both connections open, before the first test
            }
            dataSource = pool;
        }

        @AfterAll
        static void drain() {
            pool.close();
        }

        private final TaskRepository builtTooEarly = new TaskRepository(dataSource);

        @Test
        void repositoryOnTheRawPool() throws Exception {
            builtTooEarly.lookups(2);
        }

        @Test
        void repositoryOnTheWrappedPool() throws Exception {
            new TaskRepository(dataSource).lookups(2);
        }
    }

    @QueryLensTest
    static class Counts {
        @QueryLensDataSource
        static DataSource dataSource;

        @Test
        @ExpectQueries(selects = 2)
        void oneSelectTooMany() throws Exception {
            new TaskRepository(dataSource).lookups(3);
        }

        @Test
        @ExpectQueries(selects = 3, inserts = 0, total = 3)
        void exactlyAsExpected() throws Exception {
            new TaskRepository(dataSource).lookups(3);
        }

        @Test
        @ExpectQueries(inserts = 1)
        void aMissingWrite() {
        }

        @Test
        @QueryBudget(selects = 1)
        void overTheBudgetNamesTheStatement() throws Exception {
            new TaskRepository(dataSource).lookups(2);
        }

        @Test
        @ExpectBatchSize(50)
        void batchesOfFiftyWithARemainder() throws Exception {
            new TaskRepository(dataSource).importInBatches(120, 50);
        }

        @Test
        @ExpectBatchSize(50)
        void batchesOfTheWrongSize() throws Exception {
            new TaskRepository(dataSource).importInBatches(60, 20);
        }

        @Test
        @ExpectBatchSize(50)
        void writesNotBatched() throws Exception {
            new TaskRepository(dataSource).importOneByOne(3);
        }

        @Test
        @ExpectBatchSize(2)
        void aStatementBatchOfTwoDifferentWrites() throws Exception {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.addBatch("insert into events (kind, n) values ('mixed', 1)");
                s.addBatch("delete from events where kind = 'mixed'");
                s.executeBatch();
            }
        }

        @Test
        @RequireBindParameters
        void aValueWrittenIntoTheSql() throws Exception {
            new TaskRepository(dataSource).lookupInline(7);
        }

        @Test
        @RequireBindParameters
        void valuesBound() throws Exception {
            new TaskRepository(dataSource).lookups(1);
        }
    }

    @QueryLensTest
    @CheckStatements(ddl = {
            "create table tasks (id serial primary key, project_id int not null, title text not null)",
            "create table comments (id serial primary key, task_id int not null, body text not null)"})
    static class StatementRules {
        @QueryLensDataSource
        static DataSource dataSource;

        @Test
        void searchStartingWithAWildcard() throws Exception {
            new TaskRepository(dataSource).searchTitles("%report%");
            new TaskRepository(dataSource).searchTitles("%draft%");
        }

        @Test
        void filterOnAnUnindexedColumn() throws Exception {
            new TaskRepository(dataSource).commentsWithBody("comment 7");
        }

        @Test
        void lookupByPrimaryKey() throws Exception {
            new TaskRepository(dataSource).lookups(1);
        }
    }

    @QueryLensTest
    static class Programmatic {
        @QueryLensDataSource
        static DataSource dataSource;

        @Test
        void setupForgottenThenCounted(CapturedStatements statements) throws Exception {
            new TaskRepository(dataSource).importOneByOne(3);
            statements.reset();
            new TaskRepository(dataSource).lookups(2);
            statements.assertSelectCount(2);
            statements.assertInsertCount(0);
            statements.assertMaxCount(StatementKind.SELECT, 2);
            statements.assertBindParameters();
        }

        @Test
        void countedWrong(CapturedStatements statements) throws Exception {
            new TaskRepository(dataSource).lookups(2);
            statements.assertSelectCount(1);
        }

        @Test
        void batchedWrong(CapturedStatements statements) throws Exception {
            new TaskRepository(dataSource).importInBatches(30, 10);
            statements.assertBatchSize(25);
        }
    }

    private static Map<String, String> failures(Class<?> scenarios) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(scenarios)).execute()
                .testEvents().failed().list().stream().collect(Collectors.toMap(
                        e -> e.getTestDescriptor().getDisplayName().replaceAll("\\(.*\\)", ""),
                        e -> e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                                .getThrowable().map(Throwable::getMessage).orElse(""),
                        (a, b) -> a, TreeMap::new));
    }

    private static void contains(String message, String part) {
        assertTrue(message.contains(part), "expected\n  " + part + "\nin\n" + message);
    }

    @Test
    void statementsThatMissTheCaptureFailTheTestInsteadOfPassingSilently() {
        Uncaptured.dataSource = db.plain;
        Uncaptured.url = db.server.getJdbcUrl("postgres", "postgres");
        Map<String, String> failed = failures(Uncaptured.class);
        assertEquals(Set.of("repositoryFromAFieldInitializer", "ownDriverManagerConnection", "someThroughTheFieldSomeNot", "onAnotherThread"),
                failed.keySet(), failed.toString());

        // before the watch, this test passed: nothing was captured, so nothing was judged
        String early = failed.get("repositoryFromAFieldInitializer");
        contains(early, "[uncaptured] 2 statements ran on PostgreSQL connections that did not come from the @QueryLensDataSource field dataSource");
        contains(early, "  select title from tasks where id = $1 (2 times)");
        contains(early, "fix: build the code under test from dataSource after the extension wrapped it, in @BeforeEach or in the test");

        contains(failed.get("ownDriverManagerConnection"), "select count(*) from tasks where project_id = $1 (1 time)");

        contains(failed.get("onAnotherThread"), "select title from tasks where id = $1 (3 times)");

        String mixed = failed.get("someThroughTheFieldSomeNot");
        contains(mixed, "[uncaptured] 1 statement ran");
        assertTrue(!mixed.contains("join comments"), "the captured join is not reported as uncaptured: " + mixed);
    }

    @Test
    void aPoolFilledBeforeTheTestsIsWatchedToo() {
        Pooled.url = db.server.getJdbcUrl("postgres", "postgres");
        Map<String, String> failed = failures(Pooled.class);
        assertEquals(Set.of("repositoryOnTheRawPool"), failed.keySet(), failed.toString());
        contains(failed.get("repositoryOnTheRawPool"), "[uncaptured] 2 statements ran");
    }

    @Test
    void countsBatchesAndBindParametersNameTheStatementAndItsCount() {
        Counts.dataSource = db.plain;
        Map<String, String> failed = failures(Counts.class);
        assertEquals(Set.of("oneSelectTooMany", "aMissingWrite", "overTheBudgetNamesTheStatement", "batchesOfTheWrongSize",
                "writesNotBatched", "aValueWrittenIntoTheSql"), failed.keySet(), failed.toString());
        contains(failed.get("oneSelectTooMany"), "[expected-queries] expected 2 selects, 3 ran: select title from tasks where id = $1 (3 times)");
        contains(failed.get("aMissingWrite"), "[expected-queries] expected 1 insert, 0 ran: none ran");
        contains(failed.get("overTheBudgetNamesTheStatement"),
                "[query-budget] 2 selects executed, budget 1: select title from tasks where id = $1 (2 times)");
        contains(failed.get("batchesOfTheWrongSize"),
                "[batch-size] expected JDBC batches of 50: insert into events(kind, n) values ($1, $2) (60 times), in batches of 20 (×3)");
        contains(failed.get("writesNotBatched"),
                "[batch-size] expected JDBC batches of 50: insert into events(kind, n) values ($1, $2) (3 times), 3 executions not in a batch");
        contains(failed.get("aValueWrittenIntoTheSql"),
                "[bind-parameters] 1 value written into the SQL instead of bound: select title from tasks where id = $1 (1 time)");
    }

    @Test
    void statementRulesJudgeTheCapturedSqlAgainstTheGivenSchema() {
        StatementRules.dataSource = db.plain;
        Map<String, String> failed = failures(StatementRules.class);
        assertEquals(Set.of("searchStartingWithAWildcard", "filterOnAnUnindexedColumn"), failed.keySet(), failed.toString());
        String like = failed.get("searchStartingWithAWildcard");
        contains(like, "[leading-wildcard] select id from tasks where title like $1");
        contains(like, "ran: 2 times");
        String index = failed.get("filterOnAnUnindexedColumn");
        contains(index, "[missing-index] select id from comments where body = $1");
        contains(index, "ran: 1 time");
    }

    @Test
    void capturedStatementsAssertInTheTestsOwnCode() {
        Programmatic.dataSource = db.plain;
        Map<String, String> failed = failures(Programmatic.class);
        assertEquals(Set.of("countedWrong", "batchedWrong"), failed.keySet(), failed.toString());
        contains(failed.get("countedWrong"), "[expected-queries] expected 1 select, 2 ran: select title from tasks where id = $1 (2 times)");
        contains(failed.get("batchedWrong"), "in batches of 10 (×3)");
    }
}
