package dev.querylens.migration;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TimeZone setting a migration statement ran under, as far as the history shows: a
 * {@code SET [LOCAL] TimeZone} earlier in its file (each file is a session of its own), else an
 * {@code ALTER DATABASE ... SET TimeZone} in an earlier file, else unknown ({@code written} null):
 * the server's own default (postgresql.conf, the role's settings, PGTZ), which the history cannot
 * show.
 *
 * <p>It matters for one thing: since PostgreSQL 12, ALTER COLUMN ... TYPE between timestamp and
 * timestamptz keeps the table's data (no rewrite) when the session's zone has a fixed offset of
 * zero ({@code TimestampTimestampTzRequiresRewrite}: UTC, GMT, Etc/UTC, UTC0, '+00:00', 0), and
 * rewrites it under any other zone, Europe/London and Africa/Abidjan included (their offsets
 * changed in the past). Checked on PostgreSQL 15 by ColumnTypeRewriteOnPostgresTest.
 */
public record SessionTimeZone(String written) {
    public static final SessionTimeZone UNKNOWN = new SessionTimeZone(null);

    /** Zone names the tz database gives an offset of zero that never changed (aliases of Etc/UTC and Etc/GMT). */
    private static final Set<String> ZERO = Set.of("utc", "etc/utc", "uct", "etc/uct", "gmt", "etc/gmt", "gmt0", "etc/gmt0", "gmt+0",
            "gmt-0", "etc/gmt+0", "etc/gmt-0", "greenwich", "etc/greenwich", "universal", "etc/universal", "zulu", "etc/zulu");
    /** A POSIX zone without daylight saving: a name of three or more letters and an offset, e.g. UTC0 or EST5. */
    private static final Pattern POSIX = Pattern.compile("[a-z]{3,}([+-]?\\d{1,2}(?::\\d{2}){0,2})");
    /** A numeric offset: hours, or hh:mm[:ss], with a sign. */
    private static final Pattern OFFSET = Pattern.compile("[+-]?\\d+(?:\\.\\d+)?(?::\\d{2}){0,2}");

    /** The zone a SET's value (as written, quotes and all) leaves, or UNKNOWN for DEFAULT and LOCAL (the server's own). */
    public static SessionTimeZone of(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        return v.isEmpty() || v.equals("default") || v.equals("local") || v.equals("'default'") ? UNKNOWN : new SessionTimeZone(value.strip());
    }

    public boolean known() {
        return written != null;
    }

    /** Whether the zone has a fixed offset of zero; empty when the zone is not known. */
    public Optional<Boolean> fixedZeroOffset() {
        if (written == null) {
            return Optional.empty();
        }
        String v = written.toLowerCase(Locale.ROOT).replace(" ", "");
        boolean interval = v.startsWith("interval");
        if (interval) {
            v = v.substring("interval".length()).replaceAll("(hour|minute|second|to)+$", "");
        }
        v = v.replaceAll("^'(.*)'$", "$1").replaceAll("^\"(.*)\"$", "$1");
        if (OFFSET.matcher(v).matches()) {
            return Optional.of(v.replaceAll("[^1-9]", "").isEmpty());
        }
        if (interval) {
            return Optional.of(false);
        }
        if (ZERO.contains(v)) {
            return Optional.of(true);
        }
        Matcher posix = POSIX.matcher(v);
        return Optional.of(posix.matches() && posix.group(1).replaceAll("[^1-9]", "").isEmpty());
    }
}
