package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Layouts of application logs the samples do not show (their real programs log one way each):
 * hand-written lines in the libraries' documented formats.
 */
class AppLogLinesTest {
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    private List<Execution> read(String... lines) throws Exception {
        String text = String.join("\n", lines) + "\n";
        assertEquals(SourceKind.APP_LOG, InputKind.detect("app.log", text, null, new ObjectMapper()).kind());
        List<Execution> out = new ArrayList<>();
        new AppLogSource("app.log", new BufferedReader(new StringReader(text))).read(out::add, diagnostics::add);
        return out;
    }

    @Test
    void springBootsLayoutWithTwoThreadsInterleavedAndHibernateBefore62() throws Exception {
        List<Execution> e = read(
                "2024-05-01T10:00:00.001Z  INFO 4242 --- [demo] [           main] com.example.Demo : Started Demo in 2.1 seconds",
                "2024-05-01T10:00:01.001Z DEBUG 4242 --- [demo] [nio-8080-exec-1] org.hibernate.SQL : select b1_0.id from book b1_0 where b1_0.author_id=?",
                "2024-05-01T10:00:01.002Z DEBUG 4242 --- [demo] [nio-8080-exec-2] o.h.SQL : select a1_0.id from author a1_0 where a1_0.name=?",
                "2024-05-01T10:00:01.003Z TRACE 4242 --- [demo] [nio-8080-exec-1] o.h.type.descriptor.sql.BasicBinder : binding parameter [1] as [BIGINT] - [7]",
                "2024-05-01T10:00:01.003Z TRACE 4242 --- [demo] [nio-8080-exec-2] o.h.type.descriptor.sql.BasicBinder : binding parameter [1] as [VARCHAR] - [it's]");
        assertEquals(2, e.size(), e.toString());
        assertEquals("select b1_0.id from book b1_0 where b1_0.author_id=$1", e.get(0).sql());
        assertEquals("thread:nio-8080-exec-1", e.get(0).session());
        assertEquals(List.of("7"), e.get(0).params());
        assertEquals("thread:nio-8080-exec-2", e.get(1).session());
        assertEquals(List.of("it's"), e.get(1).params());
        assertEquals(java.time.Instant.parse("2024-05-01T10:00:01.001Z"), e.get(0).timestamp());
        assertTrue(diagnostics.isEmpty(), diagnostics.toString());
    }

    @Test
    void formatSqlIsJoinedAndShowSqlIsRead() throws Exception {
        List<Execution> e = read(
                "10:00:01.001 [main] DEBUG org.hibernate.SQL - ",
                "    select",
                "        b1_0.id",
                "    from",
                "        book b1_0",
                "10:00:01.002 [main] TRACE org.hibernate.orm.jdbc.bind - binding parameter (1:VARCHAR) <- [null]",
                "Hibernate: insert into book (title,id) values (?,?)");
        assertEquals("select b1_0.id from book b1_0", e.get(0).sql());
        assertEquals(Arrays.asList((String) null), e.get(0).params());
        assertEquals("insert into book (title,id) values ($1,$2)", e.get(1).sql());
        assertEquals("process", e.get(1).session());
    }

    @Test
    void drizzleWithoutValuesAndWithValuesThatAreNotJson() throws Exception {
        List<Execution> e = read(
                "server listening on :3000",
                "Query: select 1",
                "Query: select \"id\" from \"t\" where \"a\" = $1 and \"b\" = $2 and \"c\" = $3 -- params: [\"x\", null, {\"k\":1}]",
                "Query: select $1 -- params: [oops]");
        assertEquals(3, e.size());
        assertEquals(List.of(), e.get(0).params());
        assertEquals(Arrays.asList("x", null, "{\"k\":1}"), e.get(1).params());
        assertEquals("select $1", e.get(2).sql());
        assertEquals(1, diagnostics.size(), diagnostics.toString());
        assertTrue(!diagnostics.get(0).message().contains("oops"), "never echoes the input");
    }

    @Test
    void p6spyWithAConcatenationInTheSqlAndLinesThatAreNotStatements() throws Exception {
        List<Execution> e = read(
                "1701424800000|3|statement|connection 7|url jdbc:postgresql://db/app|select a || ? from t where id = ?|select a || 'x|y' from t where id = 42",
                "1701424800004|0|commit|connection 7|url jdbc:postgresql://db/app||",
                "1701424800005|1|statement|connection 8|url jdbc:postgresql://db/app|update t set b = ? where id = ?|update t set b = NULL where id = 1");
        assertEquals(2, e.size(), e.toString());
        assertEquals("select a || $1 from t where id = $2", e.get(0).sql());
        assertEquals(List.of("x|y", "42"), e.get(0).params());
        assertEquals("connection:7", e.get(0).session());
        assertEquals(3.0, e.get(0).durationMs());
        assertEquals(java.time.Instant.ofEpochMilli(1701424800000L), e.get(0).timestamp());
        assertNull(e.get(1).params().get(0));
        assertTrue(diagnostics.isEmpty(), diagnostics.toString());
    }

    @Test
    void aServerLogIsNotAnApplicationLog() {
        String line = "2026-12-02 00:37:12.535 UTC [14877] postgres@taskboard LOG:  duration: 0.963 ms  statement: select 'Query: x'\n";
        assertEquals(SourceKind.STDERR_LOG, InputKind.detect("x.log", line.repeat(3), null, new ObjectMapper()).kind());
    }

    @Test
    void aSqlFileThatNamesTheLoggerInACommentIsStillSql() {
        String sql = "-- turn on org.hibernate.SQL logging to see these\nselect 1;\n";
        assertEquals(SourceKind.SQL_FILE, InputKind.detect("q.sql", sql, null, new ObjectMapper()).kind());
    }

    @Test
    void theFirstStatementMayComeAfterALongStartUp() throws Exception {
        String[] lines = new String[401];
        java.util.Arrays.fill(lines, "2024-05-01 10:00:00.000 INFO  [main] com.example.App - starting, step by step");
        lines[400] = "2024-05-01 10:00:01.000 DEBUG [main] org.hibernate.SQL - select 1";
        assertEquals(1, read(lines).size());
    }

    @Test
    void logbacksAndLog4jsTimeOfDayLayoutKeepsTheGapsAcrossMidnight() throws Exception {
        // %d{HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg: both frameworks' default pattern
        List<Execution> e = read(
                "23:59:59.900 [main] DEBUG org.hibernate.SQL - select 1",
                "00:00:00.100 [main] DEBUG org.hibernate.SQL - select 2",
                "2024-05-01 10:00:00,250 [main] DEBUG org.hibernate.SQL - select 3");
        assertEquals(200, java.time.Duration.between(e.get(0).timestamp(), e.get(1).timestamp()).toMillis());
        assertEquals(java.time.Instant.parse("2024-05-01T10:00:00.250Z"), e.get(2).timestamp(), "logback's %d: a zone-less date as UTC");
    }

    @Test
    void aJavaLogBehindDockerComposeKeepsItsTimesAndThreads() throws Exception {
        List<Execution> e = read(
                "api-1  | 2024-05-01T10:00:01.001+02:00 DEBUG 1 --- [demo] [nio-8080-exec-3] org.hibernate.SQL : select 1",
                "api-1  | 2024-05-01T08:00:02.500Z [worker-2] Executing something else",
                "web-1  | 2024-05-01T08:00:03.000000000Z 10:00:03.000 [main] DEBUG org.hibernate.SQL - select 2");
        assertEquals(java.time.Instant.parse("2024-05-01T08:00:01.001Z"), e.get(0).timestamp());
        assertEquals("thread:nio-8080-exec-3", e.get(0).session());
        assertEquals("thread:main", e.get(1).session());
    }

    @Test
    void springBatchesWhoseRowsOrStatementsAreNotLoggedAreSaidSo() throws Exception {
        List<Execution> e = read(
                "2024-05-01 10:00:00.001 FINE  [main] org.springframework.jdbc.core.JdbcTemplate - Executing SQL batch update of 2 statements",
                "2024-05-01 10:00:00.002 FINE  [main] org.springframework.jdbc.core.JdbcTemplate - Executing SQL batch update [insert into t (a) values (?)]",
                "2024-05-01 10:00:00.003 FINE  [main] org.springframework.jdbc.core.JdbcTemplate - Executing prepared SQL statement [insert into t (a) values (?)]",
                "2024-05-01 10:00:00.004 FINE  [main] org.springframework.jdbc.core.JdbcTemplate - Executing SQL query [select 1]");
        assertEquals(List.of("insert into t (a) values ($1)", "select 1"), e.stream().map(Execution::sql).toList());
        assertEquals(2, diagnostics.size(), diagnostics.toString());
        assertEquals(1, diagnostics.get(0).line());
        assertTrue(diagnostics.get(0).inputLost() && diagnostics.get(0).message().contains("2 statements"), diagnostics.toString());
        assertEquals(3, diagnostics.get(1).line());
        assertTrue(diagnostics.get(1).message().contains("row count unknown"), diagnostics.toString());
    }

    @Test
    void aP6spyBatchWithoutItsExecuteLineStillHasItsRows() throws Exception {
        String url = "|url jdbc:postgresql://db/app|";
        List<Execution> e = read(
                "1701424800000|0|batch|connection 7" + url + "insert into t (a) values (?)|insert into t (a) values (1)",
                "1701424800001|0|batch|connection 7" + url + "insert into t (a) values (?)|insert into t (a) values (2)",
                "1701424800002|0|batch|connection 8" + url + "delete from t where a = ?|delete from t where a = 3",
                "1701424800003|4|batch|connection 8" + url + "delete from t where a = ?|delete from t where a = 3",
                "1701424800009|1|statement|connection 7" + url + "select 1|select 1");
        assertEquals(List.of("delete from t where a = $1 [3] 1", "insert into t (a) values ($1) [1] 2", "insert into t (a) values ($1) [2] 2",
                "select 1 [] 0"), e.stream().map(x -> x.sql() + " " + x.params() + " " + x.batchSize()).toList());
        assertEquals(4.0, e.get(0).durationMs(), "the one row has the batch's whole time");
        assertTrue(Double.isNaN(e.get(1).durationMs()), "no executeBatch line, no time");
        assertTrue(diagnostics.isEmpty(), diagnostics.toString());
    }
}
