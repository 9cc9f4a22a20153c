package dev.querylens.collect;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL {@code log_line_prefix} compiled into a pattern that splits a stderr log line into
 * its prefix fields, the message level and the message. The escapes follow the server's
 * documentation; %q ends the part that non-session processes (checkpointer, autovacuum) omit.
 */
public final class LogLinePrefix {
    /** Debian's and the PostgreSQL packages' default. */
    public static final String DEBIAN_DEFAULT = "%m [%p] %q%u@%d ";

    private static final String LEVELS = "LOG|DETAIL|ERROR|STATEMENT|HINT|CONTEXT|WARNING|NOTICE|FATAL|PANIC|INFO|DEBUG[1-5]?|QUERY|LOCATION";

    private final String setting;
    private final Pattern pattern;

    private LogLinePrefix(String setting, Pattern pattern) {
        this.setting = setting;
        this.pattern = pattern;
    }

    public static LogLinePrefix compile(String setting) {
        StringBuilder re = new StringBuilder("^");
        boolean optionalOpen = false;
        for (int i = 0; i < setting.length(); i++) {
            char c = setting.charAt(i);
            if (c != '%' || i + 1 >= setting.length()) {
                re.append(Pattern.quote(String.valueOf(c)));
                continue;
            }
            char e = setting.charAt(++i);
            switch (e) {
                case 'm' -> re.append("(?<time>\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+(?: [A-Za-z0-9+:-]+)?)");
                case 't' -> re.append("(?<time>\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?: [A-Za-z0-9+:-]+)?)");
                case 'n' -> re.append("(?<epoch>\\d+\\.\\d+)");
                case 'p' -> re.append("(?<pid>\\d+)");
                case 'P' -> re.append("(?:\\d*)");
                case 'c' -> re.append("(?<session>[0-9a-f]+\\.[0-9a-f]+)");
                case 'l' -> re.append("(?:\\d+)");
                case 's' -> re.append("(?:\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?: [A-Za-z0-9+:-]+)?)");
                case 'u' -> re.append("(?<user>[^\\s@]*?)");
                case 'd' -> re.append("(?<db>[^\\s@]*?)");
                case 'a' -> re.append("(?<app>.*?)");
                case 'h' -> re.append("(?:\\S*?)");
                case 'r' -> re.append("(?:\\S*?)");
                case 'i' -> re.append("(?:.*?)");
                case 'e' -> re.append("(?:[0-9A-Z]{5})");
                case 'v' -> re.append("(?:[-\\d/]*)");
                case 'x' -> re.append("(?<xid>\\d*)");
                case 'b' -> re.append("(?:.*?)");
                case 'Q' -> re.append("(?<queryid>-?\\d*)");
                case 'q' -> {
                    re.append("(?:");
                    optionalOpen = true;
                }
                case '%' -> re.append("%");
                default -> re.append(Pattern.quote("%" + e));
            }
        }
        if (optionalOpen) {
            re.append(")?");
        }
        re.append("\\s*(?<level>").append(LEVELS).append("):  (?<message>.*)$");
        return new LogLinePrefix(setting, Pattern.compile(re.toString()));
    }

    public String setting() {
        return setting;
    }

    /** The parsed line, or null when the line does not start with this prefix. */
    public LogLine match(String line) {
        Matcher m = pattern.matcher(line);
        if (!m.matches()) {
            return null;
        }
        return new LogLine(group(m, "time"), group(m, "pid"), group(m, "session"), group(m, "user"),
                group(m, "db"), m.group("level"), m.group("message"));
    }

    private static String group(Matcher m, String name) {
        try {
            return m.group(name);
        } catch (IllegalArgumentException absent) {
            return null;
        }
    }

    /** One log line's fields. Absent fields are null. */
    public record LogLine(String time, String pid, String session, String user, String database, String level, String message) {
    }
}
