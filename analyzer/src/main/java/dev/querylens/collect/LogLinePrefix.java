package dev.querylens.collect;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A PostgreSQL {@code log_line_prefix} compiled into a matcher that splits a stderr log line into
 * its prefix fields, the message level and the message. The escapes follow the server's
 * documentation; %q ends the part that non-session processes (checkpointer, autovacuum) omit.
 *
 * <p>Matching runs on every line of logs that reach gigabytes, so it uses no regular expression:
 * the level is found at the first "LEVEL:  " of the line, and the prefix before it is walked
 * segment by segment. A field with a fixed shape (time, pid, session id, numbers) is scanned by
 * its shape; a free-text field (user, database, application, host) runs to the next literal.
 */
public final class LogLinePrefix {
    /** Debian's and the PostgreSQL packages' default. */
    public static final String DEBIAN_DEFAULT = "%m [%p] %q%u@%d ";

    /** The levels, the usual ones first (a line's level is looked for in this order). */
    private static final List<String> LEVEL_LIST = List.of("LOG", "DETAIL", "ERROR", "STATEMENT", "HINT", "CONTEXT",
            "WARNING", "NOTICE", "FATAL", "PANIC", "INFO", "DEBUG", "DEBUG1", "DEBUG2", "DEBUG3", "DEBUG4", "DEBUG5",
            "QUERY", "LOCATION");
    private static final Set<String> LEVELS = Set.copyOf(LEVEL_LIST);

    private enum Shape { TIME, EPOCH, DIGITS, SIGNED_DIGITS, SESSION, XID_PAIR, SQLSTATE, FREE }

    /** A piece of the prefix: literal text, a field, or the %q marker. */
    private record Segment(String literal, char escape, Shape shape, boolean optionalFromHere) {
    }

    private final String setting;
    private final List<Segment> segments;

    private LogLinePrefix(String setting, List<Segment> segments) {
        this.setting = setting;
        this.segments = List.copyOf(segments);
    }

    public static LogLinePrefix compile(String setting) {
        List<Segment> segments = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < setting.length(); i++) {
            char c = setting.charAt(i);
            if (c != '%' || i + 1 >= setting.length()) {
                literal.append(c);
                continue;
            }
            char e = setting.charAt(++i);
            if (e == '%') {
                literal.append('%');
                continue;
            }
            if (literal.length() > 0) {
                segments.add(new Segment(literal.toString(), (char) 0, null, false));
                literal.setLength(0);
            }
            if (e == 'q') {
                segments.add(new Segment(null, 'q', null, true));
                continue;
            }
            Shape shape = switch (e) {
                case 'm', 't', 's' -> Shape.TIME;
                case 'n' -> Shape.EPOCH;
                case 'p', 'P', 'l', 'x' -> Shape.DIGITS;
                case 'Q' -> Shape.SIGNED_DIGITS;
                case 'c' -> Shape.SESSION;
                case 'v' -> Shape.XID_PAIR;
                case 'e' -> Shape.SQLSTATE;
                default -> Shape.FREE; // %u %d %a %h %r %i %b and unknown escapes
            };
            segments.add(new Segment(null, e, shape, false));
        }
        if (literal.length() > 0) {
            segments.add(new Segment(literal.toString(), (char) 0, null, false));
        }
        return new LogLinePrefix(setting, segments);
    }

    public String setting() {
        return setting;
    }

    /**
     * Where the message level ({@code LOG:  }, {@code ERROR:  }, or with one space as some shippers
     * write it) starts in a line, or -1: everything before it is the prefix.
     */
    static int levelStart(String line) {
        for (int colon = line.indexOf(":  "); colon > 0; colon = line.indexOf(":  ", colon + 1)) {
            int start = colon;
            while (start > 0 && Character.isLetterOrDigit(line.charAt(start - 1))) {
                start--;
            }
            if (LEVELS.contains(line.substring(start, colon))) {
                return start;
            }
        }
        for (int colon = line.indexOf(": "); colon > 0; colon = line.indexOf(": ", colon + 1)) {
            int start = colon;
            while (start > 0 && Character.isUpperCase(line.charAt(start - 1))) {
                start--;
            }
            if (start < colon && LEVELS.contains(line.substring(start, colon))) {
                return start;
            }
        }
        return -1;
    }

    /** The parsed line, or null when the line does not start with this prefix. */
    public LogLine match(String line) {
        return matcher().match(line);
    }

    /** A matcher for one reader. */
    public LineMatcher matcher() {
        return new LineMatcher();
    }

    /** Matches lines against this prefix. Holds per-line scratch state: one per reader thread. */
    public final class LineMatcher {
        private String time;
        private String pid;
        private String session;
        private String user;
        private String database;
        private String application;
        /** Per segment, the text it matched last (see {@link #field}); one string each, so memory stays flat. */
        private String[] lastFields;

        public LogLine match(String line) {
            int colon = line.indexOf(":  ");
            while (colon > 0) {
                int start = colon;
                while (start > 0 && Character.isLetterOrDigit(line.charAt(start - 1))) {
                    start--;
                }
                String level = levelAt(line, start, colon);
                if (level != null) {
                    time = pid = session = user = database = application = null;
                    if (!matchFrom(0, line, 0, start)) {
                        return null;
                    }
                    return new LogLine(time, pid, session, user, database, level, line.substring(colon + 3), application);
                }
                colon = line.indexOf(":  ", colon + 1);
            }
            return line.isEmpty() || line.charAt(0) == '\t' ? null : matchOneSpace(line);
        }

        /**
         * A line whose level is followed by one space ("LOG: duration: ..."), as some servers and
         * shippers write it (pgBadger's pg-timezones.log fixture); tried only when no "LEVEL:  " is
         * found, and never on a continuation line.
         */
        private LogLine matchOneSpace(String line) {
            for (int colon = line.indexOf(": "); colon > 0; colon = line.indexOf(": ", colon + 1)) {
                int start = colon;
                while (start > 0 && Character.isUpperCase(line.charAt(start - 1))) {
                    start--;
                }
                if (start < colon && LEVELS.contains(line.substring(start, colon))) {
                    time = pid = session = user = database = application = null;
                    if (matchFrom(0, line, 0, start)) {
                        return new LogLine(time, pid, session, user, database, line.substring(start, colon), line.substring(colon + 2), application);
                    }
                }
            }
            return null;
        }

        private boolean matchFrom(int seg, String s, int pos, int end) {
            for (int k = seg; k < segments.size(); k++) {
                Segment g = segments.get(k);
                if (g.optionalFromHere()) {
                    if (onlySpaces(s, pos, end)) {
                        return true; // a non-session process: the rest of the prefix is omitted
                    }
                    continue;
                }
                if (g.literal() != null) {
                    if (!s.startsWith(g.literal(), pos)) {
                        return false;
                    }
                    pos += g.literal().length();
                    continue;
                }
                int fieldEnd = scan(g, s, pos, end, k);
                if (fieldEnd < 0) {
                    return false;
                }
                record(g.escape(), field(k, s, pos, fieldEnd));
                pos = fieldEnd;
            }
            return onlySpaces(s, pos, end);
        }

        /** Where the field starting at {@code pos} ends, or -1 when it does not fit its shape. */
        private int scan(Segment g, String s, int pos, int end, int index) {
            String next = index + 1 < segments.size() ? segments.get(index + 1).literal() : null;
            switch (g.shape()) {
                case TIME -> {
                    // yyyy-mm-dd hh:mm:ss[.fff][ zone]
                    if (pos + 19 > end || s.charAt(pos + 4) != '-' || s.charAt(pos + 10) != ' ' || s.charAt(pos + 13) != ':') {
                        return -1;
                    }
                    int i = pos + 19;
                    if (i < end && s.charAt(i) == '.') {
                        i++;
                        while (i < end && Character.isDigit(s.charAt(i))) {
                            i++;
                        }
                    }
                    if (i < end && s.charAt(i) == ' ') {
                        int z = i + 1;
                        while (z < end && (Character.isLetterOrDigit(s.charAt(z)) || s.charAt(z) == '+' || s.charAt(z) == '-')) {
                            z++;
                        }
                        if (z > i + 1 && (next == null || s.startsWith(next, z))) {
                            i = z;
                        } else {
                            // '%t-%c-' (Azure's default): "UTC-63fd3b04.cf0-" is the zone's letters, then the literal
                            int letters = i + 1;
                            while (letters < end && Character.isLetter(s.charAt(letters))) {
                                letters++;
                            }
                            if (letters > i + 1 && next != null && !next.isEmpty() && s.startsWith(next, letters)) {
                                i = letters;
                            }
                        }
                    }
                    return i;
                }
                case EPOCH, DIGITS, SIGNED_DIGITS, XID_PAIR -> {
                    int i = pos;
                    if (g.shape() == Shape.SIGNED_DIGITS && i < end && s.charAt(i) == '-') {
                        i++;
                    }
                    while (i < end && (Character.isDigit(s.charAt(i))
                            || (g.shape() == Shape.EPOCH && s.charAt(i) == '.')
                            || (g.shape() == Shape.XID_PAIR && (s.charAt(i) == '/' || s.charAt(i) == '-')))) {
                        i++;
                    }
                    return i;
                }
                case SESSION -> {
                    int i = pos;
                    while (i < end && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                        i++;
                    }
                    return i > pos ? i : -1;
                }
                case SQLSTATE -> {
                    return pos + 5 <= end ? pos + 5 : -1;
                }
                default -> {
                    if (next != null && !next.isEmpty() && index + 2 == segments.size()) {
                        // the last field before the prefix's closing literal: it runs to that literal at the level, so a
                        // value with spaces in it (application_name "PostgreSQL JDBC Driver") is the field's, not the end
                        int e = end;
                        if (next.isBlank()) {
                            while (e > pos && s.charAt(e - 1) == ' ') {
                                e--;
                            }
                            return e;
                        }
                        if (end - next.length() >= pos && s.startsWith(next, end - next.length())) {
                            return end - next.length();
                        }
                    }
                    if (next == null || next.isEmpty()) {
                        int i = pos;
                        while (i < end && !Character.isWhitespace(s.charAt(i))) {
                            i++;
                        }
                        return i;
                    }
                    int at = s.indexOf(next, pos);
                    return at < 0 || at > end ? -1 : at;
                }
            }
        }

        /**
         * The field's text: the string this segment gave last time when it is the same (a session's
         * pid, user and database recur line after line), else a new copy.
         */
        private String field(int segment, String s, int from, int to) {
            if (lastFields == null) {
                lastFields = new String[segments.size()];
            }
            String last = lastFields[segment];
            if (last != null && last.length() == to - from && s.regionMatches(from, last, 0, last.length())) {
                return last;
            }
            String value = s.substring(from, to);
            lastFields[segment] = value;
            return value;
        }

        private void record(char escape, String value) {
            switch (escape) {
                case 'm', 't' -> time = value;
                case 'p' -> pid = value;
                case 'c' -> session = value;
                case 'u' -> user = value;
                case 'd' -> database = value;
                case 'a' -> application = value;
                default -> { }
            }
        }
    }

    /** The level line[start, colon) names, as the constant in {@link #LEVELS}, or null: no copy of the word per line. */
    private static String levelAt(String line, int start, int colon) {
        for (String level : LEVEL_LIST) {
            if (level.length() == colon - start && line.startsWith(level, start)) {
                return level;
            }
        }
        return null;
    }

    private static boolean onlySpaces(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != ' ') {
                return false;
            }
        }
        return true;
    }

    /** One log line's fields. Absent fields are null. */
    public record LogLine(String time, String pid, String session, String user, String database, String level, String message,
                          String application) {
        public LogLine(String time, String pid, String session, String user, String database, String level, String message) {
            this(time, pid, session, user, database, level, message, null);
        }
    }
}
