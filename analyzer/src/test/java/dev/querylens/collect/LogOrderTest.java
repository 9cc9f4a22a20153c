package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Executions leave in the order their statements were read, however late each is completed. */
class LogOrderTest {
    private final List<String> out = new ArrayList<>();
    private final LogOrder order = new LogOrder(e -> out.add(e.sql()));

    private static Execution of(String sql) {
        return new Execution(SourceKind.STDERR_LOG, new SourceLocation("x.log", 1), sql, List.of(), "s", null, Double.NaN, null, null, 1, 0);
    }

    @Test
    void aStatementCompletedLateStillComesFirst() {
        LogOrder.Slot parent = order.reserve(() -> { });
        LogOrder.Slot child1 = order.reserve(() -> { });
        child1.add(of("child 1"));
        child1.done();
        order.pass(of("marker"));
        LogOrder.Slot child2 = order.reserve(() -> { });
        child2.add(of("child 2"));
        child2.done();
        assertEquals(List.of(), out, "nothing passes the parent while it waits");
        parent.add(of("parent"));
        parent.done();
        assertEquals(List.of("parent", "child 1", "marker", "child 2"), out);
    }

    @Test
    void aBatchOfRowsIsOneSlot() {
        LogOrder.Slot batch = order.reserve(() -> { });
        LogOrder.Slot after = order.reserve(() -> { });
        after.add(of("after"));
        after.done();
        batch.add(of("row 1"));
        batch.add(of("row 2"));
        assertEquals(List.of(), out);
        batch.done();
        assertEquals(List.of("row 1", "row 2", "after"), out);
    }

    @Test
    void pastTheLimitTheOldestIsCompletedAsItStands() {
        List<LogOrder.Slot> forced = new ArrayList<>();
        LogOrder.Slot[] idle = new LogOrder.Slot[1];
        idle[0] = order.reserve(() -> {
            idle[0].add(of("idle session's last"));
            forced.add(idle[0]);
            idle[0].done();
        });
        for (int i = 0; i < LogOrder.MAX_WAITING; i++) {
            LogOrder.Slot s = order.reserve(() -> { });
            s.add(of("s" + i));
            s.done();
        }
        assertEquals(List.of(idle[0]), forced);
        assertEquals(LogOrder.MAX_WAITING + 1, out.size());
        assertEquals("idle session's last", out.get(0));
        idle[0].add(of("late value"));
        assertEquals("late value", out.get(out.size() - 1), "what comes after a forced completion still counts");
    }

    @Test
    void theEndCompletesWhatWaits() {
        LogOrder.Slot[] open = new LogOrder.Slot[1];
        open[0] = order.reserve(() -> {
            open[0].add(of("pending at the end"));
            open[0].done();
        });
        order.pass(of("disconnection"));
        order.finish();
        assertEquals(List.of("pending at the end", "disconnection"), out);
    }
}
