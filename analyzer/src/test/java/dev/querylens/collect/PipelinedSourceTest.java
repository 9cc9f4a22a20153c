package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.querylens.sql.Fingerprint;
import dev.querylens.sql.Fingerprinter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An Error on the reader thread was lost: the run went on with 0 executions and exited 0. With
 * fingerprints worked out ahead on the reader thread, the consumer must still see exactly what a
 * single-threaded read gives, in order, and get the answers it would have worked out itself.
 */
class PipelinedSourceTest {
    private static final ReadPosition AT_LINE_7 = new ReadPosition() {
        @Override
        public long line() {
            return 7;
        }

        @Override
        public long offset() {
            return 321;
        }

        @Override
        public long consumed() {
            return 400;
        }
    };

    private static List<Object> readFailing(Throwable failure) throws Exception {
        ExecutionSource failing = (executions, diagnostics) -> {
            for (int i = 0; i < 3000; i++) { // more than one batch crosses before the failure
                executions.accept(new Execution(SourceKind.STDERR_LOG, new SourceLocation("f.log", i + 1), "select " + i,
                        List.of(), "s", null, Double.NaN, null, null));
            }
            if (failure instanceof Error e) {
                throw e;
            }
            throw (RuntimeException) failure;
        };
        List<Object> seen = new ArrayList<>();
        new PipelinedSource(failing, "f.log", AT_LINE_7).read(seen::add, seen::add);
        List<Object> seenAhead = new ArrayList<>();
        new PipelinedSource(failing, "f.log", AT_LINE_7, new FingerprintsAhead()).read(seenAhead::add, seenAhead::add);
        assertEquals(seen, seenAhead, "with fingerprints worked out ahead");
        return seen;
    }

    /** Texts of every kind the consumer asks about: values inline, bound parameters, several statements, none, blank. */
    private static Execution execution(int i) {
        SourceLocation at = new SourceLocation("f.log", i + 1);
        return switch (i % 7) {
            case 0 -> new Execution(SourceKind.STDERR_LOG, at, "UPDATE pgbench_accounts SET abalance = abalance + " + (i - 2500)
                    + " WHERE aid = " + i + ";", List.of(), "s" + i % 5, null, 0.1, null, null);
            case 1 -> new Execution(SourceKind.STDERR_LOG, at, "select * from t where id = $1 and x in ($2, $3)",
                    List.of("" + i, "a", "b"), "s" + i % 5, null, 0.1, null, null);
            case 2 -> new Execution(SourceKind.STDERR_LOG, at, "SET a TO " + i + ";SELECT 'x''" + i + "', TRUE; select $$;$$",
                    List.of(), "s" + i % 5, null, 0.3, null, null);
            case 3 -> new Execution(SourceKind.SQL_FILE, at, "INSERT INTO t VALUES (" + i + ", 'v', NULL)", List.of(), null, null,
                    Double.NaN, null, null);
            case 4 -> Execution.sessionEnd(SourceKind.STDERR_LOG, at, "s" + i % 5);
            case 5 -> new Execution(SourceKind.STDERR_LOG, at, "  ", List.of(), "s1", null, 0.1, null, null);
            default -> new Execution(SourceKind.STDERR_LOG, at, "SELECT 1 WHERE x IN (1, 2, " + i + ") -- Ωmega " + i, List.of(),
                    "s" + i % 5, null, 0.1, null, null);
        };
    }

    @Test
    void fingerprintsWorkedOutAheadKeepTheOrderAndAnswerAsTheConsumerWouldUnderASlowConsumer() throws Exception {
        int count = 20_000; // many batches, and the queue fills: the reader waits on the slow consumer
        ExecutionSource source = (executions, diagnostics) -> {
            for (int i = 0; i < count; i++) {
                executions.accept(execution(i));
                if (i % 1000 == 999) {
                    diagnostics.accept(new Diagnostic("f.log", i + 1, "note " + i));
                }
            }
        };
        FingerprintsAhead ahead = new FingerprintsAhead();
        Fingerprinter fingerprinter = new Fingerprinter();
        List<Object> seen = new ArrayList<>();
        int[] answered = {0};
        Thread consumer = Thread.currentThread();
        new PipelinedSource(source, "f.log", AT_LINE_7, ahead).read(SimpleQueryStatements.splitting(e -> {
            assertSame(consumer, Thread.currentThread());
            seen.add(e.location().line() + " " + e.sql());
            if (e.sql() == null || e.sql().isBlank()) {
                assertNull(ahead.fingerprint(e.sql() == null ? "" : e.sql(), null));
                return;
            }
            boolean inline = e.session() != null && e.params().isEmpty();
            List<String> values = inline ? new ArrayList<>() : null;
            Fingerprint fp = ahead.fingerprint(e.sql(), values);
            assertNotNull(fp, e.sql()); // worked out ahead, for split statements too
            List<String> expected = inline ? new ArrayList<>() : null;
            assertEquals(fingerprinter.normalize(e.sql(), expected), fp.normalizedSql());
            assertEquals(expected, values, e.sql());
            // asked without the values it was worked out with: not answered, the consumer works it out
            assertNull(ahead.fingerprint(e.sql(), inline ? null : new ArrayList<>()));
            // another instance of the same text was not handed over
            assertNull(ahead.fingerprint(new String(e.sql()), values == null ? null : new ArrayList<>()));
            answered[0]++;
            if (answered[0] % 500 == 0) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException interrupted) {
                    throw new IllegalStateException(interrupted);
                }
            }
        }, ahead), d -> seen.add("diagnostic " + d.line()));
        // what a single-threaded read of the same source gives, split the same way
        List<Object> plain = new ArrayList<>();
        source.read(SimpleQueryStatements.splitting(e -> plain.add(e.location().line() + " " + e.sql())),
                d -> plain.add("diagnostic " + d.line()));
        assertEquals(plain, seen);
        assertTrue(answered[0] > count / 2, "answered ahead: " + answered[0]);
        // once the read is over, nothing is answered ahead
        assertNull(ahead.fingerprint("select 1", null));
    }

    @Test
    void anExecutionAFilterReplacedIsWorkedOutByTheConsumer() throws Exception {
        ExecutionSource source = (executions, diagnostics) -> executions.accept(execution(2));
        FingerprintsAhead ahead = new FingerprintsAhead();
        List<List<String>> statements = new ArrayList<>();
        new PipelinedSource(source, "f.log", AT_LINE_7, ahead).read(e -> {
            Execution copy = e.withApplication("app");
            statements.add(ahead.statementsOf(e));
            statements.add(ahead.statementsOf(copy));
        }, d -> { });
        assertEquals(SimpleQueryStatements.of(execution(2).sql()), statements.get(0));
        assertNull(statements.get(1));
    }

    @Test
    void anErrorOnTheReaderThreadIsALostDiagnosticAfterWhatWasRead() throws Exception {
        for (Throwable t : List.of(new StackOverflowError(), new OutOfMemoryError("Java heap space"),
                new IllegalStateException("carol@example.org"))) {
            List<Object> seen = readFailing(t);
            assertEquals(3001, seen.size(), t.toString());
            assertTrue(seen.subList(0, 3000).stream().allMatch(o -> o instanceof Execution), t.toString());
            Diagnostic d = (Diagnostic) seen.get(3000);
            assertTrue(d.inputLost(), d.toString());
            assertEquals(7, d.line());
            assertEquals(321, d.offset());
            assertTrue(d.message().startsWith("reading stopped"), d.toString());
            assertTrue(!d.message().contains("carol"), "a failure's message may quote input: " + d);
        }
    }
}
