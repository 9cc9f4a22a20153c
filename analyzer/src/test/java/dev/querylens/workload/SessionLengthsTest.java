package dev.querylens.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.collect.ConnectionEvent;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fixed-size histogram against the exact quantiles of the same values, and the disconnection line's session time. */
class SessionLengthsTest {
    @Test
    void quantilesAreWithinTheBucketWidthOfTheExactOnes() {
        Random random = new Random(17);
        for (int round = 0; round < 20; round++) {
            int n = 1 + random.nextInt(50_000);
            double[] values = new double[n];
            SessionLengths lengths = new SessionLengths();
            for (int i = 0; i < n; i++) {
                // session lengths spread over orders of magnitude: milliseconds to hours
                values[i] = Math.rint(Math.exp(random.nextGaussian() * 3 + 4)); // the log has whole milliseconds
                lengths.add(values[i]);
            }
            Arrays.sort(values);
            for (double q : new double[] {0.5, 0.9, 0.99}) {
                double exact = values[(int) Math.max(0, Math.ceil(q * n) - 1)];
                double estimate = lengths.quantileMs(q);
                assertTrue(Math.abs(estimate - exact) <= 0.026 * exact + 1e-9, "q" + q + " of " + n + ": " + estimate + " vs " + exact);
            }
            assertEquals(n, lengths.count());
        }
        assertTrue(Double.isNaN(new SessionLengths().quantileMs(0.5)));
    }

    @Test
    void sessionTimeIsReadAsPostgresWritesIt() {
        ConnectionEvent e = ConnectionEvent.of("disconnection: session time: 27:03:04.005 user=app database=shop host=10.0.0.5 port=5");
        assertEquals(ConnectionEvent.Kind.DISCONNECTED, e.kind());
        assertEquals(((27 * 60 + 3) * 60 + 4) * 1000.0 + 5, e.sessionMs(), 1e-6);
        assertEquals("app", e.user());
        assertEquals("shop", e.database());
        ConnectionEvent a = ConnectionEvent.of("connection authorized: user=app database=shop application_name=api SSL enabled (protocol=TLSv1.3)");
        assertEquals(java.util.List.of("app", "shop", "api"), java.util.List.of(a.user(), a.database(), a.application()));
        assertEquals(null, ConnectionEvent.of("disconnection: session time: 0:61:00.000 user=app database=shop host=x"));
        assertEquals(null, ConnectionEvent.of("connection to client lost"));
    }
}
