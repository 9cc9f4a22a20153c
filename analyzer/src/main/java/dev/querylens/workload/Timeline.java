package dev.querylens.workload;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The workload over time: executions and their time per interval, for a report to draw. An
 * interval is a minute where that gives a readable number of bars; a short capture gets finer ones
 * (down to a second), a long one coarser (up to a day), so there are at most {@link #MAX_BUCKETS}.
 *
 * @param bucketSeconds     the width of each interval
 * @param buckets           the intervals that had executions, in time order
 * @param untimedExecutions executions whose source gave no timestamp (pg_stat_statements, plain .sql files)
 */
public record Timeline(long bucketSeconds, List<Bucket> buckets, long untimedExecutions) {
    public static final Timeline NONE = new Timeline(60, List.of(), 0);
    /** At most this many intervals are drawn; more would be thinner than a pixel on a phone. */
    public static final int MAX_BUCKETS = 120;
    private static final long[] WIDTHS = {1, 5, 10, 30, 60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 86_400};
    private static final int MINUTE = 4;

    /** One interval: its start, the executions that finished in it and their total duration (ms, where known). */
    public record Bucket(Instant start, long executions, double timeMs) {
    }

    public Timeline {
        buckets = List.copyOf(buckets);
    }

    /**
     * Counts executions per second as they stream in; past a bound it merges to the next width,
     * so memory stays fixed however long the log.
     */
    static final class Tally {
        private static final int MAX_KEPT = 4 * MAX_BUCKETS;
        private final TreeMap<Long, double[]> counts = new TreeMap<>();
        private int width;
        private long untimed;
        /** The interval the last timed execution fell in and its counts (null after coarsening): a map lookup saved per execution. */
        private long lastKey;
        private double[] lastCounts;

        void add(Instant at, long calls, double durationMs) {
            if (at == null) {
                untimed += calls;
                return;
            }
            long key = Math.floorDiv(at.getEpochSecond(), WIDTHS[width]);
            double[] c = lastCounts;
            if (c == null || key != lastKey) {
                // log lines come in time order: most executions fall in the interval of the one before
                c = counts.computeIfAbsent(key, k -> new double[2]);
                lastKey = key;
                lastCounts = c;
            }
            c[0] += calls;
            c[1] += durationMs >= 0 ? durationMs : 0;
            while (counts.size() > MAX_KEPT && width < WIDTHS.length - 1) {
                coarsen();
            }
        }

        private void coarsen() {
            long from = WIDTHS[width];
            long to = WIDTHS[++width];
            lastCounts = null;
            TreeMap<Long, double[]> merged = new TreeMap<>();
            for (Map.Entry<Long, double[]> e : counts.entrySet()) {
                double[] c = merged.computeIfAbsent(Math.floorDiv(e.getKey() * from, to), k -> new double[2]);
                c[0] += e.getValue()[0];
                c[1] += e.getValue()[1];
            }
            counts.clear();
            counts.putAll(merged);
        }

        /** Minutes, unless the span needs finer intervals to show anything or coarser ones to fit. */
        Timeline timeline() {
            if (counts.isEmpty()) {
                return new Timeline(60, List.of(), untimed);
            }
            long span = (counts.lastKey() - counts.firstKey() + 1) * WIDTHS[width];
            int wanted = MINUTE;
            if (span <= 10 * 60) {
                // a capture of a few minutes: the finest width that keeps the bars readable, not one bar
                wanted = 0;
                while (wanted < MINUTE && span / WIDTHS[wanted] > MAX_BUCKETS / 2) {
                    wanted++;
                }
            }
            while (wanted < WIDTHS.length - 1 && span / WIDTHS[wanted] >= MAX_BUCKETS) {
                wanted++;
            }
            while (width < wanted) {
                coarsen();
            }
            List<Bucket> out = new ArrayList<>();
            counts.forEach((k, c) -> out.add(new Bucket(Instant.ofEpochSecond(k * WIDTHS[width]), (long) c[0], c[1])));
            return new Timeline(WIDTHS[width], out, untimed);
        }
    }

    /** All executions that had a timestamp. */
    public long timedExecutions() {
        return buckets.stream().mapToLong(Bucket::executions).sum();
    }
}
