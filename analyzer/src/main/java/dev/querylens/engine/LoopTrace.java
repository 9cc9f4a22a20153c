package dev.querylens.engine;

import java.time.Instant;
import java.util.List;

/**
 * A loop's longest run as a tracing tool's span view would show it: the parent query, then each
 * repetition, with when it started and how long it took. Kept so reports can draw it; bounded:
 * at most {@link #MAX_SPANS} repetitions are kept, {@code repetitionCount} says how many there were.
 *
 * @param parentSql       the statement whose rows the loop likely iterates, or null when none is named
 * @param parent          its span, or null when the parent is unknown or untimed
 * @param repetitions     the first repetitions, in order
 * @param repetitionCount all executions of the run
 * @param start           when the run (its parent, when known) started; null without millisecond timestamps
 * @param end             when its last execution ended; null without millisecond timestamps
 */
public record LoopTrace(String sql, String parentSql, Span parent, List<Span> repetitions, long repetitionCount,
                        Instant start, Instant end) {
    public static final int MAX_SPANS = 60;

    /**
     * One execution: its start in ms after the trace's start, NaN when the source's timestamps do
     * not resolve milliseconds (a view then lays the spans end to end, in order); its duration, NaN
     * when the source has none.
     */
    public record Span(double startMs, double durationMs) {
        public boolean timed() {
            return !Double.isNaN(durationMs);
        }
    }

    public LoopTrace {
        repetitions = List.copyOf(repetitions);
    }

    /** Whether the spans' starts are known (millisecond timestamps), not just their order. */
    public boolean placed() {
        return start != null && repetitions.stream().noneMatch(s -> Double.isNaN(s.startMs()));
    }
}
