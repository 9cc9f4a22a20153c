package dev.querylens.workload;

import java.time.Duration;
import java.time.Instant;

/**
 * Time between two instants read from a log, in milliseconds. Duration.toNanos() overflows past
 * about 292 years, and a damaged timestamp (a flipped digit in the year) is that far from its
 * neighbours; seconds and nanoseconds apart never overflow, so a damaged time gives a huge gap
 * (which splits runs, as a long pause should), never an exception.
 */
public final class Elapsed {
    private Elapsed() {
    }

    public static double millis(Instant from, Instant to) {
        Duration d = Duration.between(from, to);
        return d.getSeconds() * 1e3 + d.getNano() / 1e6;
    }
}
