package dev.querylens.collect;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a process's stdout line carries in front of the program's own text once something else
 * collected it: {@code docker compose logs} puts the service ({@code app-1  | }, with {@code -t} a
 * timestamp after it), {@code pm2 logs} the process id and name ({@code 0|app  | }), a log shipper
 * or pm2's {@code --time} a timestamp. A Node ORM prints its statements with console.log, so its
 * lines come behind whichever of these the deployment adds.
 *
 * @param source    the service or process that wrote the line ("" when no prefix names one): lines
 *                  of different sources are different processes
 * @param timestamp when the line was written, null when the prefix has no time; a time without a
 *                  zone is read as UTC
 * @param text      the program's own text
 */
record ConsolePrefix(String source, Instant timestamp, String text) {
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d{1,9})?(?:Z|[+-]\\d\\d:?\\d\\d)?";
    private static final Pattern PREFIX = Pattern.compile("^(?:(" + TIME + "):?\\s)?"
            // compose: service and replica ("app-1", "app_1"), padded; pm2: "<id>|<name>", padded
            + "((?:\\d+\\|[^|]{1,200}|[A-Za-z0-9][\\w.-]{0,200})\\s*\\|\\s)?"
            + "(?:(" + TIME + "):?\\s)?");

    /** The line split into its prefix and text; the whole line is text when it has no prefix. */
    static ConsolePrefix of(String line) {
        Matcher m = PREFIX.matcher(line);
        if (!m.lookingAt() || m.end() == 0) {
            return new ConsolePrefix("", null, line);
        }
        String time = m.group(1) != null ? m.group(1) : m.group(3);
        String source = m.group(2) == null ? "" : m.group(2).substring(0, m.group(2).lastIndexOf('|')).strip();
        return new ConsolePrefix(source, instant(time), line.substring(m.end()));
    }

    static Instant instant(String time) {
        if (time == null) {
            return null;
        }
        String iso = time.replace(' ', 'T').replace(',', '.');
        try {
            if (iso.endsWith("Z") || iso.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return OffsetDateTime.parse(iso.replaceAll("([+-]\\d\\d)(\\d\\d)$", "$1:$2")).toInstant();
            }
            return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null; // a date that only looks like one (month 13): the line still counts, without a time
        }
    }
}
