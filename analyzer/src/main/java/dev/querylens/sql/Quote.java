package dev.querylens.sql;

import java.util.Set;

/**
 * The one place where QueryLens quotes what it writes into SQL: identifiers and string literals,
 * by PostgreSQL's rules (the same decisions as the server's quote_ident and quote_literal).
 * Identifiers are quoted only when needed, so advice stays readable ({@code tasks} stays
 * {@code tasks}; {@code "Order"} and {@code "x)); DROP TABLE t; --"} are quoted). Every piece of
 * generated SQL, whether sent to a server or shown to a user, goes through here.
 */
public final class Quote {
    /**
     * PostgreSQL 15's keywords that are not unreserved (pg_get_keywords() with catcode <> 'U'):
     * quote_ident quotes these, since as bare words they would parse as syntax.
     */
    private static final Set<String> KEYWORDS = Set.of(("all analyse analyze and any array as asc asymmetric authorization between bigint binary bit boolean both case cast char character check coalesce collate collation column concurrently constraint create cross current_catalog current_date current_role current_schema current_time current_timestamp current_user dec decimal default deferrable desc distinct do else end except exists extract false fetch float for foreign freeze from full grant greatest group grouping having ilike in initially inner inout int integer intersect interval into is isnull join lateral leading least left like limit localtime localtimestamp national natural nchar none normalize not notnull null nullif numeric offset on only or order out outer overlaps overlay placing position precision primary real references returning right row select session_user setof similar smallint some substring symmetric table tablesample then time timestamp to trailing treat trim true union unique user using values varchar variadic verbose when where window with xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable").split(" "));

    private Quote() {
    }

    /** An identifier as PostgreSQL must read it back: bare when it is a plain lower-case word, else in double quotes. */
    public static String ident(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an identifier cannot be empty");
        }
        requireNoNul(name);
        return plain(name) ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /**
     * A schema-qualified name. The catalog keys tables as {@code schema.table}; the schema is
     * everything before the first dot (a schema name with a dot in it is not supported there).
     */
    public static String qualified(String schemaDotName) {
        int dot = schemaDotName.indexOf('.');
        return dot < 0 ? ident(schemaDotName) : qualified(schemaDotName.substring(0, dot), schemaDotName.substring(dot + 1));
    }

    public static String qualified(String schema, String name) {
        return ident(schema) + "." + ident(name);
    }

    /**
     * A string literal that means the same under either setting of standard_conforming_strings:
     * with a backslash inside it is written as E'...' with backslashes doubled, as quote_literal does.
     */
    public static String literal(String value) {
        requireNoNul(value);
        String quoted = value.replace("'", "''");
        return value.indexOf('\\') >= 0 ? "E'" + quoted.replace("\\", "\\\\") + "'" : "'" + quoted + "'";
    }

    /** Whether a lower-case word is one of PostgreSQL's keywords that are not unreserved (read as syntax, not as a name). */
    public static boolean isKeyword(String lowerCaseWord) {
        return KEYWORDS.contains(lowerCaseWord);
    }

    private static boolean plain(String name) {
        char first = name.charAt(0);
        if (!(first >= 'a' && first <= 'z' || first == '_')) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return !KEYWORDS.contains(name);
    }

    /** PostgreSQL text cannot hold NUL; a name or value with one is never meant and never written. */
    private static void requireNoNul(String text) {
        if (text.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("SQL text cannot contain a NUL character");
        }
    }
}
