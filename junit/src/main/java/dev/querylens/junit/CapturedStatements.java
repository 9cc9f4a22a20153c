package dev.querylens.junit;

import dev.querylens.capture.MemoryTraceSink;
import dev.querylens.capture.QueryLens;
import dev.querylens.capture.TraceRecord;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The statements the current test has captured so far, for assertions in the test's own code
 * (the style of Hypersistence Utils' {@code SQLStatementCountValidator}). Declare it as a
 * parameter of a test method of a {@link QueryLensTest} class:
 *
 * <pre>
 * void loadsTheDashboard(CapturedStatements statements) {
 *     fixtures.insertProjects();
 *     statements.reset();                  // what ran so far was setup
 *     dashboard.load(projectId);
 *     statements.assertSelectCount(2);
 * }
 * </pre>
 *
 * {@link #reset} also takes those statements out of what the extension judges after the test.
 */
public final class CapturedStatements {
    private final MemoryTraceSink sink;
    private final DataSource captured;

    CapturedStatements(MemoryTraceSink sink, DataSource captured) {
        this.sink = sink;
        this.captured = captured;
    }

    public List<TraceRecord> records() {
        QueryLens.complete(captured);
        return sink.records();
    }

    /** Forgets what was captured so far: neither these assertions nor the extension's judgement see it. */
    public void reset() {
        QueryLens.complete(captured);
        sink.clear();
    }

    public int count(StatementKind kind) {
        return tally().count(kind);
    }

    public void assertSelectCount(int expected) {
        assertCount(StatementKind.SELECT, expected);
    }

    public void assertInsertCount(int expected) {
        assertCount(StatementKind.INSERT, expected);
    }

    public void assertUpdateCount(int expected) {
        assertCount(StatementKind.UPDATE, expected);
    }

    public void assertDeleteCount(int expected) {
        assertCount(StatementKind.DELETE, expected);
    }

    public void assertCount(StatementKind kind, int expected) {
        List<String> out = new ArrayList<>();
        Expectations.exactly(out, tally(), kind, expected);
        fail(out);
    }

    public void assertMaxCount(StatementKind kind, int limit) {
        List<String> out = new ArrayList<>();
        Expectations.atMost(out, tally(), kind, limit);
        fail(out);
    }

    /** Every write so far went in JDBC batches of {@code size}, the last of each statement possibly smaller. */
    public void assertBatchSize(int size) {
        fail(Expectations.batchedBy(tally(), size));
    }

    /** No statement so far had values written into its SQL. */
    public void assertBindParameters() {
        fail(Expectations.boundOnly(tally()));
    }

    private StatementTally tally() {
        return StatementTally.of(records());
    }

    private static void fail(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems));
        }
    }
}
