package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelinedSourceTest {
    /** A reader that ran out of memory must not look like one that reached the end of its input. */
    @Test
    void anErrorOnTheReaderThreadReachesTheCaller() {
        ExecutionSource failing = (executions, diagnostics) -> {
            for (int i = 1; i <= 3; i++) {
                executions.accept(new Execution(SourceKind.STDERR_LOG, new SourceLocation("log", i), "select " + i,
                        List.of(), "1", null, 1.0, null, null));
            }
            throw new OutOfMemoryError("Java heap space (simulated)");
        };
        List<Execution> seen = new ArrayList<>();
        OutOfMemoryError e = assertThrows(OutOfMemoryError.class,
                () -> new PipelinedSource(failing, "log").read(seen::add, d -> { }));
        assertEquals("Java heap space (simulated)", e.getMessage());
        assertEquals(3, seen.size(), "what was read before the failure still arrives, in order");
    }
}
