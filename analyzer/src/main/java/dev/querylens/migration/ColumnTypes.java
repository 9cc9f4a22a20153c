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
