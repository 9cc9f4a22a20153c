package dev.querylens.collect;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The wrapper a log shipper puts around each server log line: syslog ({@code Feb 11 13:15:39 host
 * postgres[10819]: [7-1] ...}, RFC 5424 times too, with or without the server's {@code [n-k]} line
 * numbers) and Heroku's logplex ({@code 2019-03-14T00:22:56+00:00 app[postgres.4882]: [GREEN]
 * [15-1] ...}, and its newer form with a drain id and no colon). What is left inside is the line
 * the server wrote, with its own log_line_prefix.
 */
enum LogEnvelope {
    SYSLOG(Pattern.compile("^(?:<\\d+>)?(?:(\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d)|(\\d{4}-\\d\\d-\\d\\dT[^ ]+)) [^ ]+ "
            + "([A-Za-z0-9_./-]+)\\[(\\d+)\\]: (?:\\[(\\d+)-(\\d+)\\] ?)?(.*)$")),
    LOGPLEX(Pattern.compile("^(?:<\\d+>)?()(\\d{4}-\\d\\d-\\d\\dT[^ ]+) (?:[^ ]+ )?(app)\\[postgres\\.(\\d+)\\]:? \\[[A-Z0-9_]+\\] "
            + "\\[(\\d+)-(\\d+)\\] ?(.*)$"));

    private final Pattern pattern;

    LogEnvelope(Pattern pattern) {
        this.pattern = pattern;
    }

    /**
     * One unwrapped line.
     *
     * @param time  ISO-like time ("2019-03-14 00:22:56") or null when the wrapper's time has no year
     * @param ident the program name syslog logged (postgres by default), "app" for logplex
     * @param chunk the k of the server's [n-k] (1 starts a message, above 1 continues it), 0 without numbers
     * @param text  what the server wrote
     */
    record Line(String time, String ident, String pid, int chunk, String text) {
    }

    /** The line unwrapped, or null when it is not in this envelope. */
    Line unwrap(String raw) {
        Matcher m = pattern.matcher(raw);
        if (!m.matches()) {
            return null;
        }
        int chunk = 0;
        if (m.group(6) != null) {
            try {
                chunk = Integer.parseInt(m.group(6));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return new Line(isoTime(m.group(2)), m.group(3), m.group(4), chunk, m.group(7));
    }

    /** The envelope most of these lines are in, or null. */
    static LogEnvelope of(java.util.List<String> lines) {
        for (LogEnvelope e : values()) {
            long n = lines.stream().filter(l -> e.unwrap(l) != null).count();
            if (!lines.isEmpty() && n * 2 >= lines.size()) {
                return e;
            }
        }
        return null;
    }

    /** "2020-05-02T13:00:20.38Z" as the "2020-05-02 13:00:20.38" the log interpreter reads; other text unchanged. */
    static String isoTime(String t) {
        if (t == null || t.length() < 19 || t.charAt(10) != 'T') {
            return t;
        }
        int end = 19;
        if (end < t.length() && t.charAt(end) == '.') {
            end++;
            while (end < t.length() && Character.isDigit(t.charAt(end))) {
                end++;
            }
        }
        return t.substring(0, 10) + ' ' + t.substring(11, end);
    }
}
