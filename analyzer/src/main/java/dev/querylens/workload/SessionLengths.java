package dev.querylens.workload;

/**
 * How long sessions lasted, as a histogram of fixed size: buckets 5% wide on a log scale from
 * 0.01 ms to about a month, so any quantile is known within 2.5% however many sessions a log has,
 * in 4 KB. Exact count, sum, minimum and maximum are kept beside it.
 */
final class SessionLengths {
    private static final double SMALLEST_MS = 0.01;
    private static final double GROWTH = 1.05;
    private static final double LOG_GROWTH = Math.log(GROWTH);
    private static final int BUCKETS = 540;

    private final long[] counts = new long[BUCKETS];
    private long count;
    private double sumMs;
    private double minMs = Double.POSITIVE_INFINITY;
    private double maxMs = Double.NEGATIVE_INFINITY;

    void add(double ms) {
        if (Double.isNaN(ms) || ms < 0) {
            return;
        }
        counts[bucket(ms)]++;
        count++;
        sumMs += ms;
        minMs = Math.min(minMs, ms);
        maxMs = Math.max(maxMs, ms);
    }

    long count() {
        return count;
    }

    double meanMs() {
        return count == 0 ? Double.NaN : sumMs / count;
    }

    /**
     * The q-quantile (0..1) by the nearest-rank method, as its bucket's geometric middle kept within
     * the observed minimum and maximum; NaN when nothing was added.
     */
    double quantileMs(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        long rank = Math.max(1, (long) Math.ceil(q * count));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                double middle = i == 0 ? SMALLEST_MS : SMALLEST_MS * Math.pow(GROWTH, i + 0.5);
                return Math.max(minMs, Math.min(maxMs, middle));
            }
        }
        return maxMs;
    }

    private static int bucket(double ms) {
        if (ms <= SMALLEST_MS) {
            return 0;
        }
        return (int) Math.min(BUCKETS - 1, Math.floor(Math.log(ms / SMALLEST_MS) / LOG_GROWTH));
    }
}
