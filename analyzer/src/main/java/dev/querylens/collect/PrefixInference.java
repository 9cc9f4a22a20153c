package dev.querylens.collect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Works out the {@code log_line_prefix} a server line was written with, from the line alone, so a
 * stderr log with a prefix nobody listed is read without {@code --log-line-prefix}. Everything
 * before the message level ({@code LOG:}, {@code ERROR:}, ...) is the prefix; in it a time
 * ({@code %t}, {@code %m}, {@code %n}) and a process id ({@code [%p]}, or the first bare number)
 * must be found, and the rest is read by its shape: {@code key=value} pairs with the keys people
 * use ({@code user=}, {@code usr=}, {@code db=}, {@code app=}, {@code appli=}, {@code client=},
 * ...), {@code [%l-1]}, further numbers ({@code [%x]}), a session id ({@code %c}), a virtual
 * transaction id ({@code %v}), {@code user@db}, and literal punctuation. Free-text fields become
 * fields that run to the next literal, so other values in the same places still match.
 *
 * <p>A line without a time or a process id gives nothing: sessions are told apart by process id,
 * and such a prefix is the rare one {@code --log-line-prefix} is kept for.
 */
final class PrefixInference {
    private static final Pattern TIME = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(?: (?:[A-Za-z][A-Za-z0-9]{1,5}|[+-]\\d\\d(?::?\\d\\d)?)(?![A-Za-z0-9]))?");
    private static final Pattern EPOCH = Pattern.compile("\\d{10}\\.\\d{3}(?![0-9])");
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=");
    private static final Pattern LATER_KEY = Pattern.compile("[ ,\\[][A-Za-z_][A-Za-z0-9_]*=");
    private static final Pattern LINE_NUMBER = Pattern.compile("\\d+-\\d+(?![0-9A-Za-z])");
    private static final Pattern VXID = Pattern.compile("\\d+/\\d+(?![0-9A-Za-z])");
    private static final Pattern SESSION = Pattern.compile("[0-9a-f]{1,16}\\.[0-9a-f]{1,8}(?![0-9A-Za-z.])");
    private static final Pattern DIGITS = Pattern.compile("-?\\d+(?![0-9A-Za-z.])");
    /** The characters that separate fields; anything else belongs to a field. */
    private static final String DELIMITERS = " []:,@()|;<>{}\"'";

    private PrefixInference() {
    }

    /** The prefix this line was written with, or null when it has no level, time or process id. */
    static LogLinePrefix of(String line) {
        int level = LogLinePrefix.levelStart(line);
        if (level <= 0) {
            return null;
        }
        String setting = setting(line.substring(0, level));
        return setting == null ? null : LogLinePrefix.compile(setting);
    }

    /** The distinct prefixes of these lines, the most frequent first. */
    static List<LogLinePrefix> among(List<String> lines) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String l : lines) {
            int level = LogLinePrefix.levelStart(l);
            String setting = level <= 0 ? null : setting(l.substring(0, level));
            if (setting != null) {
                counts.merge(setting, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort((a, b) -> Integer.compare(b.getValue(), a.getValue()));
        return sorted.stream().map(e -> LogLinePrefix.compile(e.getKey())).toList();
    }

    /** The setting for the text before a line's level, or null without a time and a process id. */
    static String setting(String prefix) {
        StringBuilder out = new StringBuilder();
        boolean time = false;
        boolean pid = false;
        boolean lineNumber = false;
        int optionalAt = -1;
        // a process id in brackets is the process id; a bare number is one only when no bracketed one is there
        int bracketedPid = bracketedNumber(prefix);
        String freeBefore = null; // a free word waiting to know whether '@' follows it
        int i = 0;
        int n = prefix.length();
        while (i < n) {
            char c = prefix.charAt(i);
            Matcher m;
            if (!time && (m = TIME.matcher(prefix).region(i, n)).lookingAt()) {
                out.append(m.group(1) != null ? "%m" : "%t");
                time = true;
                i = m.end();
            } else if (!time && i == 0 && (m = EPOCH.matcher(prefix).region(i, n)).lookingAt()) {
                out.append("%n");
                time = true;
                i = m.end();
            } else if (startOfField(prefix, i) && (m = KEY.matcher(prefix).region(i, n)).lookingAt()) {
                String key = m.group().substring(0, m.group().length() - 1);
                out.append(key.replace("%", "%%")).append('=');
                int end = valueEnd(prefix, m.end(), i > 0 && prefix.charAt(i - 1) == '[');
                String escape = escapeFor(key, prefix.substring(m.end(), end));
                out.append(escape);
                pid |= escape.equals("%p");
                i = end;
            } else if (c == '%') {
                out.append("%%");
                i++;
            } else if (DELIMITERS.indexOf(c) >= 0) {
                if (c == '@') {
                    // user@db: the word before is the user (possibly empty, a process without a session), the word after the database
                    if (freeBefore != null) {
                        out.setLength(out.length() - freeBefore.length());
                    }
                    out.append("%u@%d");
                    i = wordEnd(prefix, i + 1);
                    freeBefore = null;
                    continue;
                }
                freeBefore = null;
                out.append(c);
                if (c == ' ' && pid && optionalAt < 0) {
                    optionalAt = out.length();
                }
                i++;
                continue;
            } else if (startOfField(prefix, i) && (m = LINE_NUMBER.matcher(prefix).region(i, n)).lookingAt()) {
                if (pid) {
                    // pgBadger's [%l-1]: the line number, then a literal
                    out.append("%l").append(m.group().substring(m.group().indexOf('-')));
                } else {
                    // [%p-%l] (the PostgreSQL wiki's and Heroku's): process id, then line number
                    out.append("%p-%l");
                    pid = true;
                }
                lineNumber = true;
                i = m.end();
            } else if (startOfField(prefix, i) && (m = VXID.matcher(prefix).region(i, n)).lookingAt()) {
                out.append("%v");
                i = m.end();
            } else if (startOfField(prefix, i) && (m = SESSION.matcher(prefix).region(i, n)).lookingAt()
                    && m.group().chars().anyMatch(Character::isLetter)) {
                out.append("%c");
                i = m.end();
            } else if (startOfField(prefix, i) && (m = DIGITS.matcher(prefix).region(i, n)).lookingAt()) {
                if (!pid && (bracketedPid < 0 || bracketedPid == i)) {
                    out.append("%p");
                    pid = true;
                } else if (!lineNumber && !pid) {
                    out.append("%l");
                    lineNumber = true;
                } else {
                    out.append(m.group().startsWith("-") ? "%Q" : "%x");
                }
                i = m.end();
            } else {
                int end = wordEnd(prefix, i);
                boolean hostAndPort = prefix.charAt(end - 1) == ')';
                out.append(hostAndPort ? "%r" : "%a");
                freeBefore = hostAndPort ? null : "%a";
                i = end;
                continue;
            }
            freeBefore = null;
        }
        if (!time || !pid) {
            return null;
        }
        // what follows the process id is left out by processes without a session when written after %q: harmless otherwise
        if (optionalAt > 0 && optionalAt < out.length()) {
            out.insert(optionalAt, "%q");
        }
        return out.toString();
    }

    /** The index of the first number in brackets ({@code [12345]}), or -1. */
    private static int bracketedNumber(String prefix) {
        Matcher m = Pattern.compile("\\[(\\d+)\\]").matcher(prefix);
        return m.find() ? m.start(1) : -1;
    }

    private static boolean startOfField(String s, int i) {
        return i == 0 || DELIMITERS.indexOf(s.charAt(i - 1)) >= 0 || s.charAt(i - 1) == '=' || s.charAt(i - 1) == '-';
    }

    private static int wordEnd(String s, int from) {
        int i = from;
        while (i < s.length() && DELIMITERS.indexOf(s.charAt(i)) < 0) {
            i++;
        }
        // host(port): the port belongs to the host field (%r)
        if (i < s.length() && s.charAt(i) == '(') {
            int close = s.indexOf(')', i);
            if (close > i && s.substring(i + 1, close).chars().allMatch(Character::isDigit)) {
                i = close + 1;
            }
        }
        return i;
    }

    /**
     * A value runs to the next comma or space (a bracketed one, [local], to its bracket); the last
     * value before the level runs to the end, spaces and all (an application_name such as
     * "PostgreSQL JDBC Driver").
     */
    private static int valueEnd(String s, int from, boolean bracketed) {
        if (from < s.length() && s.charAt(from) == '[') {
            int close = s.indexOf(']', from);
            if (close > 0) {
                return close + 1;
            }
        }
        if (!bracketed && !LATER_KEY.matcher(s).region(from, s.length()).find()) {
            int e = s.length();
            while (e > from && s.charAt(e - 1) == ' ') {
                e--;
            }
            return e;
        }
        int i = from;
        while (i < s.length() && s.charAt(i) != ',' && s.charAt(i) != ' ' && s.charAt(i) != ']') {
            i++;
        }
        return i;
    }

    /** The escape a key names, by the spellings in use (pgBadger's documentation, cloud providers' defaults). */
    private static String escapeFor(String key, String value) {
        return switch (key.toLowerCase(Locale.ROOT)) {
            case "user", "usr", "u", "username", "role" -> "%u";
            case "db", "database", "dbname", "d" -> "%d";
            case "app", "appli", "application", "application_name", "appname", "a" -> "%a";
            case "client", "host", "remote", "h", "client_addr", "remote_host" -> value.matches(".*\\(\\d+\\)") ? "%r" : "%h";
            case "pid", "p" -> "%p";
            case "xid", "tx", "txid", "x" -> "%x";
            case "vxid", "v" -> "%v";
            case "session", "sid", "session_id", "c" -> "%c";
            case "line", "l" -> "%l";
            case "sqlstate", "state", "e" -> "%e";
            case "queryid", "query_id", "qid", "q" -> "%Q";
            case "backend_type", "b", "type" -> "%b";
            default -> value.matches("\\d+") ? "%x" : "%i";
        };
    }
}
