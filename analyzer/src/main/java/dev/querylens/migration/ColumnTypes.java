package dev.querylens.migration;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Column types as the migration rules compare them, and which type changes PostgreSQL makes
 * without rewriting the table. The binary-compatible changes here are those ATColumnChangeRequiresRewrite
 * lets through (a relabeling cast, or a length coercion that can only widen): PostgreSQL 15 keeps
 * the relfilenode for them, which {@code MigrationLocksOnPostgresTest} checks on a real server.
 */
public final class ColumnTypes {
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("character varying", "varchar"), Map.entry("int", "integer"), Map.entry("int4", "integer"),
            Map.entry("int8", "bigint"), Map.entry("int2", "smallint"), Map.entry("serial4", "serial"),
            Map.entry("serial8", "bigserial"), Map.entry("bool", "boolean"), Map.entry("decimal", "numeric"),
            Map.entry("timestamp without time zone", "timestamp"), Map.entry("timestamp with time zone", "timestamptz"),
            Map.entry("time without time zone", "time"), Map.entry("time with time zone", "timetz"),
            Map.entry("character", "char"), Map.entry("bit varying", "varbit"), Map.entry("float8", "double precision"),
            Map.entry("float4", "real"));
    private static final Pattern SIZED = Pattern.compile("([a-z ]+?)\\s*\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)(.*)");

    private ColumnTypes() {
    }

    /** Lower case, aliases folded to one spelling ({@code character varying(20)} is {@code varchar(20)}), schema prefix dropped. */
    public static String normalize(String written) {
        if (written == null || written.isBlank()) {
            return null;
        }
        String t = written.strip().toLowerCase(Locale.ROOT).replace("\"", "").replaceAll("\\s+", " ")
                .replaceAll("\\s*\\(\\s*", "(").replaceAll("\\s*,\\s*", ",").replaceAll("\\s*\\)", ")");
        if (t.startsWith("pg_catalog.")) {
            t = t.substring("pg_catalog.".length());
        }
        Matcher m = Pattern.compile("^([a-z0-9_ ]+?)(\\(.*)?$").matcher(t);
        if (m.matches()) {
            String base = m.group(1).strip();
            String rest = m.group(2) == null ? "" : m.group(2);
            // "timestamp(3) with time zone": the precision sits inside the name
            Matcher p = Pattern.compile("^(\\(\\d+\\))( .*)$").matcher(rest);
            if (p.matches()) {
                base = base + p.group(2);
                rest = p.group(1);
            }
            return ALIASES.getOrDefault(base, base) + rest;
        }
        return t;
    }

    /**
     * Whether changing a column from {@code from} to {@code to} keeps the table's storage, so no
     * rewrite (and, for these, no index rebuild). False when unsure: the rule then says it may rewrite.
     */
    public static boolean binaryCompatible(String from, String to) {
        if (from == null || to == null) {
            return false;
        }
        if (from.equals(to)) {
            return true;
        }
        Sized a = Sized.of(from);
        Sized b = Sized.of(to);
        boolean textual = a.base().equals("varchar") || a.base().equals("text");
        if (textual && (b.base().equals("text") || (b.base().equals("varchar") && b.length() < 0))) {
            return true;
        }
        if (a.base().equals("varchar") && b.base().equals("varchar") && a.length() >= 0 && b.length() >= a.length()) {
            return true;
        }
        if (a.base().equals("varbit") && b.base().equals("varbit") && (b.length() < 0 || (a.length() >= 0 && b.length() >= a.length()))) {
            return true;
        }
        if (a.base().equals("numeric") && b.base().equals("numeric")) {
            // unconstrained numeric takes any value; otherwise the scale must stay and the precision may only grow
            return b.length() < 0 || (a.length() >= 0 && a.scale() == b.scale() && b.length() >= a.length());
        }
        if ((a.base().equals("timestamp") && b.base().equals("timestamp")) || (a.base().equals("timestamptz") && b.base().equals("timestamptz"))) {
            return b.length() < 0 || (a.length() >= 0 && b.length() >= a.length());
        }
        return a.base().equals("cidr") && b.base().equals("inet");
    }

    /**
     * Whether the change is timestamp to timestamptz or back with no precision on the new type:
     * the conversion is then the one function ATColumnChangeRequiresRewrite skips when the
     * session's zone has a fixed offset of zero (PostgreSQL 12+); a precision on the new type adds
     * a rounding call, which rewrites under any zone.
     */
    public static boolean timeZoneSwap(String from, String to) {
        if (from == null || to == null) {
            return false;
        }
        Sized a = Sized.of(from);
        Sized b = Sized.of(to);
        return b.length() < 0 && (a.base().equals("timestamp") && b.base().equals("timestamptz")
                || a.base().equals("timestamptz") && b.base().equals("timestamp"));
    }

    /** What ALTER COLUMN ... TYPE does to the values a column holds. */
    public enum Conversion {
        /** every value converts to one that converts back to itself, or the statement fails and changes nothing */
        KEEPS,
        /** some values are changed without an error (rounded, cut, replaced): the old values are gone once it commits */
        LOSSY,
        /** not known here: the types or the USING expression are ones this does not judge */
        UNKNOWN
    }

    private static final java.util.Set<String> INTEGERS = java.util.Set.of("smallint", "integer", "bigint", "smallserial", "serial", "bigserial");
    private static final java.util.Set<String> TEXTS = java.util.Set.of("text", "varchar", "char", "bpchar");
    private static final java.util.Set<String> DATETIMES = java.util.Set.of("timestamp", "timestamptz", "time", "timetz");

    /**
     * What changing a column from {@code from} to {@code to} does to its values, as PostgreSQL converts
     * them: without USING by the assignment cast, which refuses what does not fit (bigint to integer out of
     * range, text to varchar(n) too long, numeric(p,s) to a smaller p) and so loses nothing, but rounds
     * what it can round (a lower numeric scale, a fraction to an integer, a float of fewer digits, a lower
     * timestamp precision) and drops a timestamp's time of day (to date); with {@code USING column::T}
     * by the explicit cast, which also cuts text to varchar(n); with a USING that does not read the column,
     * every value is replaced. {@code column} is the altered column, to read the USING expression.
     * Checked value by value on PostgreSQL 15 by ColumnConversionOnPostgresTest.
     */
    public static Conversion conversion(String from, String to, String using, String column) {
        if (from == null || to == null) {
            return Conversion.UNKNOWN;
        }
        boolean explicit = false;
        if (using != null && !using.isBlank()) {
            String u = using.replace("\"", "").replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
            String c = column == null ? "" : column.replace("\"", "").toLowerCase(Locale.ROOT);
            while (u.startsWith("(") && u.endsWith(")")) {
                u = u.substring(1, u.length() - 1).strip();
            }
            Matcher cast = Pattern.compile("^\\(?\\s*(?:[a-z0-9_]+\\.)?" + Pattern.quote(c) + "\\s*\\)?\\s*::\\s*(.+)$").matcher(u);
            Matcher castAs = Pattern.compile("^cast\\s*\\(\\s*(?:[a-z0-9_]+\\.)?" + Pattern.quote(c) + "\\s+as\\s+(.+)\\)$").matcher(u);
            if (u.equals(c)) {
                explicit = false;
            } else if (cast.matches() && !cast.group(1).contains("::")) {
                String target = normalize(cast.group(1));
                if (!target.equals(to)) {
                    return Conversion.UNKNOWN;
                }
                explicit = true;
            } else if (castAs.matches()) {
                String target = normalize(castAs.group(1));
                if (!target.equals(to)) {
                    return Conversion.UNKNOWN;
                }
                explicit = true;
            } else if (!Pattern.compile("(^|[^a-z0-9_$])" + Pattern.quote(c) + "($|[^a-z0-9_$])").matcher(u).find()) {
                return Conversion.LOSSY; // USING NULL, USING 0, now(): the old values are not read at all
            } else {
                return Conversion.UNKNOWN;
            }
        }
        if (from.equals(to)) {
            return Conversion.KEEPS;
        }
        Sized a = Sized.of(from);
        Sized b = Sized.of(to);
        String x = a.base();
        String y = b.base();
        if (TEXTS.contains(x) && TEXTS.contains(y)) {
            if (y.equals("char") || y.equals("bpchar")) {
                // char(n) pads, and its trailing spaces do not survive the cast back: 'a ' comes back 'a'
                return x.equals("char") || x.equals("bpchar") ? (explicit && b.length() >= 0 && (a.length() < 0 || a.length() > b.length())
                        ? Conversion.LOSSY : Conversion.KEEPS) : Conversion.LOSSY;
            }
            // to text or an unlimited varchar keeps everything; to varchar(n) the assignment cast refuses a longer value,
            // the explicit one cuts it
            boolean fits = b.length() < 0 || (a.length() >= 0 && a.length() <= b.length());
            return explicit && !fits ? Conversion.LOSSY : Conversion.KEEPS;
        }
        if (y.equals("text") || (y.equals("varchar") && b.length() < 0)) {
            return KNOWN_TEXT_OUTPUT.contains(x) ? Conversion.KEEPS : Conversion.UNKNOWN;
        }
        boolean xInt = INTEGERS.contains(x);
        boolean yInt = INTEGERS.contains(y);
        if (xInt && yInt) {
            return Conversion.KEEPS; // out of range is an error
        }
        if (xInt && y.equals("numeric")) {
            return Conversion.KEEPS;
        }
        if (xInt && (y.equals("real") || y.equals("double precision"))) {
            int bits = y.equals("real") ? 24 : 53;
            return integerBits(x) <= bits ? Conversion.KEEPS : Conversion.LOSSY;
        }
        if (x.equals("numeric") && yInt) {
            return a.length() >= 0 && a.scale() == 0 ? Conversion.KEEPS : Conversion.LOSSY;
        }
        if (x.equals("numeric") && y.equals("numeric")) {
            if (b.length() < 0) {
                return Conversion.KEEPS;
            }
            return a.length() < 0 || b.scale() < a.scale() ? Conversion.LOSSY : Conversion.KEEPS;
        }
        if (x.equals("numeric") && (y.equals("real") || y.equals("double precision"))) {
            int digits = y.equals("real") ? 6 : 15;
            return a.length() >= 0 && a.length() <= digits ? Conversion.KEEPS : Conversion.LOSSY;
        }
        if ((x.equals("real") || x.equals("double precision")) && (yInt || y.equals("numeric"))) {
            return Conversion.LOSSY; // rounded to an integer, to the scale, or to 15 (6) significant digits
        }
        if (x.equals("double precision") && y.equals("real")) {
            return Conversion.LOSSY;
        }
        if (x.equals("real") && y.equals("double precision")) {
            return Conversion.KEEPS;
        }
        if ((x.equals("timestamp") || x.equals("timestamptz")) && (y.equals("date") || y.equals("time") || y.equals("timetz"))) {
            return Conversion.LOSSY; // the time of day, or the day
        }
        if (DATETIMES.contains(x) && DATETIMES.contains(y)) {
            boolean sameKind = x.startsWith("timestamp") == y.startsWith("timestamp");
            if (!sameKind) {
                return Conversion.UNKNOWN;
            }
            int p = a.length() < 0 ? 6 : a.length();
            int q = b.length() < 0 ? 6 : b.length();
            return q < p ? Conversion.LOSSY : Conversion.KEEPS; // fractional seconds rounded to the new precision
        }
        if (x.equals("date") && (y.equals("timestamp") || y.equals("timestamptz"))) {
            return Conversion.KEEPS;
        }
        return Conversion.UNKNOWN;
    }

    /** Types whose text form reads back as the same value (so a change to text keeps them). */
    private static final java.util.Set<String> KNOWN_TEXT_OUTPUT = java.util.Set.of("smallint", "integer", "bigint", "numeric", "real",
            "double precision", "boolean", "uuid", "date", "timestamp", "timestamptz", "time", "timetz", "interval", "json", "jsonb",
            "text", "varchar", "char", "bpchar", "inet", "cidr", "smallserial", "serial", "bigserial");

    private static int integerBits(String type) {
        return switch (type) {
            case "smallint", "smallserial" -> 16;
            case "integer", "serial" -> 32;
            default -> 64;
        };
    }

    /** A type with its length or precision (-1 when not given) and scale (0 when not given). */
    private record Sized(String base, int length, int scale) {
        static Sized of(String type) {
            Matcher m = SIZED.matcher(type);
            if (m.matches() && m.group(4).isBlank()) {
                return new Sized(m.group(1).strip(), Integer.parseInt(m.group(2)), m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
            }
            return new Sized(type, -1, 0);
        }
    }
}
