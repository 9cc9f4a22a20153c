package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An Error on the reader thread was lost: the run went on with 0 executions and exited 0. */
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
        return seen;
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
