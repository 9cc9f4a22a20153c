package dev.querylens.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The workload over time: per minute, finer for a short capture, coarser for a long one, every execution counted. */
class TimelineTest {
    private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    @Test
    void anHourIsDrawnPerMinute() {
        Timeline.Tally tally = new Timeline.Tally();
        for (int s = 0; s < 3600; s += 2) {
            tally.add(T0.plusSeconds(s), 1, 0.5);
        }
        Timeline t = tally.timeline();
        assertEquals(60, t.bucketSeconds());
        assertEquals(60, t.buckets().size());
        assertEquals(30, t.buckets().get(0).executions());
        assertEquals(15.0, t.buckets().get(0).timeMs(), 1e-9);
        assertEquals(1800, t.timedExecutions());
    }

    @Test
    void aFortySecondCaptureIsDrawnPerSecondAndUntimedExecutionsAreCounted() {
        Timeline.Tally tally = new Timeline.Tally();
        for (int s = 0; s < 40; s++) {
            tally.add(T0.plusSeconds(s).plusMillis(250), 3, Double.NaN);
        }
        tally.add(null, 500, 12.0); // pg_stat_statements: 500 calls, no time of day
        Timeline t = tally.timeline();
        assertEquals(1, t.bucketSeconds());
        assertEquals(40, t.buckets().size());
        assertEquals(0.0, t.buckets().get(5).timeMs(), "a source without durations adds no time");
        assertEquals(120, t.timedExecutions());
        assertEquals(500, t.untimedExecutions());
    }

    @Test
    void aWeekStaysWithinTheBarLimitAndLosesNoExecution() {
        Timeline.Tally tally = new Timeline.Tally();
        long n = 0;
        for (long s = 0; s < 7 * 86_400; s += 7) {
            tally.add(T0.plusSeconds(s), 1, 1);
            n++;
        }
        Timeline t = tally.timeline();
        assertTrue(t.buckets().size() <= Timeline.MAX_BUCKETS, t.buckets().size() + " bars");
        assertTrue(t.bucketSeconds() >= 3600, "coarser than minutes: " + t.bucketSeconds());
        assertEquals(n, t.timedExecutions());
        for (int i = 1; i < t.buckets().size(); i++) {
            assertTrue(t.buckets().get(i - 1).start().isBefore(t.buckets().get(i).start()), "in time order");
        }
    }
}
