package dev.querylens.collect;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time at the start of a line a Java logging framework wrote, in the default layouts:
 * Spring Boot's ISO-8601 with zone ({@code 2024-05-01T10:00:00.001Z}, {@code ...+02:00}), logback's
 * and log4j's {@code %d} ({@code 2024-05-01 10:00:00,123}), java.util.logging formats with a date,
 * and the time of day alone, as logback's and log4j2's default patterns write it
 * ({@code %d{HH:mm:ss.SSS}}). A time without a zone is read as UTC; a time of day alone is put on
 * 1970-01-01 and moved a day on when it goes back by more than twelve hours (midnight passed): the
 * sequence rules use the gaps between statements, which this keeps.
 */
final class LogLineTime {
    private static final Pattern TIME = Pattern.compile(
            "^\\s*(\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d{1,9})?(?:Z|[+-]\\d\\d:?\\d\\d)?|\\d\\d:\\d\\d:\\d\\d[.,]\\d{1,9})(?=\\s|\\])");
    private static final long HALF_DAY_SECONDS = 12 * 3600;

    private LocalDate day = LocalDate.EPOCH;
    private LocalTime last;

    /** Whether the text starts with a time this reads. */
    static boolean startsWithTime(String text) {
        return TIME.matcher(ConsolePrefix.of(text).text()).find() || ConsolePrefix.of(text).timestamp() != null;
    }

    /** The line's time, null when it does not start with one (behind a {@link ConsolePrefix}: the prefix's time if it has one). */
    Instant of(String line) {
        ConsolePrefix prefix = ConsolePrefix.of(line);
        Matcher m = TIME.matcher(prefix.text());
        if (!m.find()) {
            return prefix.timestamp();
        }
        String text = m.group(1);
        if (text.length() > 4 && text.charAt(4) == '-') {
            return ConsolePrefix.instant(text);
        }
        LocalTime time;
        try {
            time = LocalTime.parse(text.replace(',', '.'));
        } catch (DateTimeParseException e) {
            return null;
        }
        if (last != null && last.toSecondOfDay() - time.toSecondOfDay() > HALF_DAY_SECONDS) {
            day = day.plusDays(1);
        }
        last = time;
        return time.atDate(day).toInstant(ZoneOffset.UTC);
    }
}
