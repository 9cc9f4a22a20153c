package dev.querylens.collect;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The envelope {@code aws logs tail} puts around each CloudWatch Logs event it prints (aws-cli's
 * awscli/customizations/logs/tail.py): {@code --format detailed}, the default, writes the event's
 * time with microseconds and offset, the log stream and the message
 * ({@code 2026-11-25T09:47:14.123000+00:00 taskboard-db.0 2026-11-25 09:47:14 UTC::@:[33]:LOG: ...});
 * {@code --format short} the time to the second and the message. A message's own newlines are
 * printed as they are, so the server's continuation lines follow with their tab. The console's
 * text export is the short form. What is left is the line the server wrote, prefix and all.
 */
final class CloudWatchTailLine {
    private static final Pattern DETAILED = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}[+-]\\d\\d:\\d\\d [^ ]+ ");
    private static final Pattern SHORT = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d ");

    private CloudWatchTailLine() {
    }

    /** The event's message, or null when the line does not start with the envelope (a continuation line). */
    static String unwrap(String raw) {
        Matcher m = DETAILED.matcher(raw);
        if (m.lookingAt()) {
            return raw.substring(m.end());
        }
        m = SHORT.matcher(raw);
        return m.lookingAt() ? raw.substring(m.end()) : null;
    }

    /** The line as the server wrote it: unwrapped, or unchanged when it has no envelope. */
    static String serverLine(String raw) {
        String u = unwrap(raw);
        return u == null ? raw : u;
    }
}
