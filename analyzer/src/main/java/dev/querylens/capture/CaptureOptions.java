package dev.querylens.capture;

/**
 * How much of each bound value to keep: values longer than {@code maxValueLength} are cut (with
 * "…" appended), and with {@code maskValues} every value becomes "?" so no data leaves the test.
 * {@code resultKeys} above 0 also samples the first column of that many rows of each query's
 * result, hashed ({@link dev.querylens.collect.ResultKeys}), so an N+1 finding can show that a
 * loop's values came from the query before it; 0 (the default) reads nothing of any result.
 */
public record CaptureOptions(int maxValueLength, boolean maskValues, int resultKeys) {
    public static final CaptureOptions DEFAULT = new CaptureOptions(200, false, 0);

    public CaptureOptions(int maxValueLength, boolean maskValues) {
        this(maxValueLength, maskValues, 0);
    }

    public CaptureOptions {
        if (resultKeys < 0 || resultKeys > 100) {
            throw new IllegalArgumentException("resultKeys is a small sample: 0 to 100 rows, not " + resultKeys);
        }
    }

    public CaptureOptions withResultKeys(int rows) {
        return new CaptureOptions(maxValueLength, maskValues, rows);
    }
}
