package dev.querylens.collect;

import dev.querylens.sql.Quote;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Python value, as an ORM's log prints it (its repr), written as SQL the way psycopg2's default
 * adapters write it into the statement before sending it: psycopg2 binds on the client, so the
 * server (its log, pg_stat_statements) sees each value as a constant in the text, with the cast
 * psycopg2 adds for some types ({@code '2024-01-02T03:04:05'::timestamp}, {@code '...'::uuid}).
 * Strings are quoted by {@link Quote#literal}. A value whose rendering is not certain from its repr
 * (a dict, an object, a time zone that is not a fixed offset, an empty tuple, which psycopg2
 * refuses) has none: {@code null}.
 */
final class PythonValueSql {
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    private static final Pattern FLOAT = Pattern.compile("-?(?:\\d+\\.\\d*|\\.\\d+|\\d+)(?:[eE][+-]?\\d+)?");
    private static final Pattern CALL = Pattern.compile("(?s)([\\w.]+)\\((.*)\\)");
    private static final Pattern ONE_STRING = Pattern.compile("(?s)\\s*(['\"])(.*)\\1\\s*");
    private static final Pattern FIXED_OFFSET = Pattern.compile(
            "datetime\\.timezone\\((?:datetime\\.)?timedelta\\((?:days=(-1), )?seconds=(\\d+)\\)(?:, '[^']*')?\\)");

    private PythonValueSql() {
    }

    /** The SQL psycopg2 writes for the value, or null when that is not certain. */
    static String of(LoggedValues.Value value) {
        if (value instanceof LoggedValues.Scalar s) {
            return scalar(s);
        }
        if (value instanceof LoggedValues.ListValue l) {
            List<String> items = new ArrayList<>();
            for (LoggedValues.Value item : l.items()) {
                String sql = of(item);
                if (sql == null) {
                    return null;
                }
                items.add(sql);
            }
            if (l.printed().startsWith("(")) {
                return items.isEmpty() ? null : "(" + String.join(", ", items) + ")"; // a tuple: an IN list
            }
            return items.isEmpty() ? "'{}'" : "ARRAY[" + String.join(",", items) + "]";
        }
        return null; // a dict: psycopg2 adapts one only through an adapter the application registers (Json)
    }

    private static String scalar(LoggedValues.Scalar s) {
        String printed = s.printed().strip();
        if (s.text() == null) {
            return "NULL";
        }
        if (printed.startsWith("'") || printed.startsWith("\"")) {
            return literal(s.text());
        }
        if (printed.matches("[bB]['\"].*")) {
            return literal(s.text()) == null ? null : literal(s.text()) + "::bytea";
        }
        switch (printed) {
            case "True":
                return "true";
            case "False":
                return "false";
            case "inf":
                return "'Infinity'::float";
            case "-inf":
                return "'-Infinity'::float";
            case "nan":
                return "'NaN'::float";
            default:
                break;
        }
        if (INTEGER.matcher(printed).matches() || FLOAT.matcher(printed).matches()) {
            // psycopg2 puts a space before a negative number, so "x -%s" never becomes a comment
            return printed.startsWith("-") ? " " + printed : printed;
        }
        Matcher call = CALL.matcher(printed);
        if (!call.matches()) {
            return null;
        }
        String args = call.group(2);
        switch (call.group(1)) {
            case "Decimal":
            case "decimal.Decimal": {
                Matcher one = ONE_STRING.matcher(args);
                if (!one.matches()) {
                    return null;
                }
                String d = one.group(2);
                if (FLOAT.matcher(d).matches()) {
                    return d.startsWith("-") ? " " + d : d;
                }
                return d.equalsIgnoreCase("NaN") ? "'NaN'::numeric" : null;
            }
            case "UUID":
            case "uuid.UUID": {
                Matcher one = ONE_STRING.matcher(args);
                return one.matches() ? literal(one.group(2)) + "::uuid" : null;
            }
            case "datetime.date":
                return dateTime(args, true, false);
            case "datetime.datetime":
                return dateTime(args, true, true);
            case "datetime.time":
                return dateTime(args, false, true);
            case "datetime.timedelta":
                return interval(args);
            default:
                return null;
        }
    }

    /** Python's isoformat() of a date, datetime or time from its repr's arguments, with psycopg2's cast. */
    private static String dateTime(String args, boolean hasDate, boolean hasTime) {
        String zone = null;
        int tz = args.indexOf("tzinfo=");
        String numbers = args;
        if (tz >= 0) {
            Matcher offset = FIXED_OFFSET.matcher(args.substring(tz + "tzinfo=".length()).strip());
            String tzText = args.substring(tz + "tzinfo=".length()).strip();
            if (tzText.equals("datetime.timezone.utc")) {
                zone = "+00:00";
            } else if (offset.matches()) {
                long seconds = Long.parseLong(offset.group(2)) - (offset.group(1) == null ? 0 : 86_400);
                long abs = Math.abs(seconds);
                zone = (seconds < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d:%02d", abs / 3600, abs % 3600 / 60);
            } else {
                return null; // a zone such as zoneinfo.ZoneInfo(key='Europe/Paris'): its offset on that day is not in the repr
            }
            numbers = args.substring(0, tz);
        }
        List<Integer> parts = new ArrayList<>();
        for (String p : numbers.split(",")) {
            if (p.isBlank()) {
                continue;
            }
            if (!INTEGER.matcher(p.strip()).matches()) {
                return null; // keyword arguments (fold=1) and the like: not the repr's usual form
            }
            parts.add(Integer.parseInt(p.strip()));
        }
        int dateParts = hasDate ? 3 : 0;
        int most = dateParts + (hasTime ? 4 : 0);
        if (parts.size() < dateParts || parts.size() > most) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        if (hasDate) {
            b.append(String.format(Locale.ROOT, "%04d-%02d-%02d", parts.get(0), parts.get(1), parts.get(2)));
        }
        if (hasTime) {
            List<Integer> t = parts.subList(dateParts, parts.size());
            int hour = t.size() > 0 ? t.get(0) : 0;
            int minute = t.size() > 1 ? t.get(1) : 0;
            int second = t.size() > 2 ? t.get(2) : 0;
            int micro = t.size() > 3 ? t.get(3) : 0;
            b.append(hasDate ? "T" : "").append(String.format(Locale.ROOT, "%02d:%02d:%02d", hour, minute, second));
            if (micro != 0) {
                b.append(String.format(Locale.ROOT, ".%06d", micro));
            }
        }
        if (zone != null) {
            b.append(zone);
        }
        String cast = hasDate && hasTime ? (zone == null ? "timestamp" : "timestamptz") : hasDate ? "date" : (zone == null ? "time" : "timetz");
        return literal(b.toString()) + "::" + cast;
    }

    /** psycopg2's interval text for a timedelta: {@code '1 days 5.000003 seconds'::interval}. */
    private static String interval(String args) {
        long days = 0;
        long seconds = 0;
        long micros = 0;
        for (String p : args.split(",")) {
            String[] kv = p.strip().split("=");
            if (p.isBlank()) {
                continue;
            }
            if (kv.length != 2 || !INTEGER.matcher(kv[1].strip()).matches()) {
                return null;
            }
            long v = Long.parseLong(kv[1].strip());
            switch (kv[0].strip()) {
                case "days" -> days = v;
                case "seconds" -> seconds = v;
                case "microseconds" -> micros = v;
                default -> {
                    return null;
                }
            }
        }
        return literal(String.format(Locale.ROOT, "%d days %d.%06d seconds", days, seconds, micros)) + "::interval";
    }

    private static String literal(String text) {
        return text.indexOf('\0') >= 0 ? null : Quote.literal(text);
    }
}
