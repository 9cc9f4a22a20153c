package dev.querylens.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ElapsedTest {
    @Test
    void millisecondsBetweenLogTimes() {
        assertEquals(1234.5, Elapsed.millis(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:01.2345Z")), 1e-9);
        assertEquals(-250, Elapsed.millis(Instant.parse("2026-01-01T00:00:00.250Z"), Instant.parse("2026-01-01T00:00:00Z")), 1e-9);
    }

    @Test
    void aDamagedYearIsAHugeGapNotAnOverflow() {
        // fuzz case 2516 (seed 13): a flipped byte in a gzip gave a log time centuries from its neighbours,
        // and Duration.toNanos() threw ArithmeticException in the loop tracker
        double ms = Elapsed.millis(Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59Z"));
        assertTrue(ms > 3e14, "about 10,000 years: " + ms);
        assertTrue(Elapsed.millis(Instant.parse("9999-12-31T23:59:59Z"), Instant.parse("0001-01-01T00:00:00Z")) < -3e14);
    }
}
