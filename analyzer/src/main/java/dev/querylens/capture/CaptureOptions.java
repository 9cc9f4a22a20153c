package dev.querylens.capture;

/**
 * How much of each bound value to keep: values longer than {@code maxValueLength} are cut (with
 * "…" appended), and with {@code maskValues} every value becomes "?" so no data leaves the test.
 */
public record CaptureOptions(int maxValueLength, boolean maskValues) {
    public static final CaptureOptions DEFAULT = new CaptureOptions(200, false);
}
