package dev.querylens.database;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The functions a workload statement may call for QueryLens to plan it. Planning can run a
 * function: PostgreSQL folds IMMUTABLE calls with constant arguments, calls STABLE ones while
 * estimating selectivity and calls an operator's function on the column statistics. So a
 * statement is planned only when every function it reaches (directly, through an operator, a
 * view, a column default or a row level security policy) is built in or on this list.
 *
 * <p>Built in means created by initdb (oid below 16384, FirstNormalObjectId), except the few
 * built-in functions that run SQL they are given or read a table by its name
 * ({@code query_to_xml}, {@code table_to_xml}, {@code ts_stat}, ...), which can reach any
 * function. Extension functions are not built in: an entry {@code extension:NAME} allows all of
 * one extension's.
 *
 * <p>An entry is {@code name} (any schema), {@code schema.name}, {@code schema.*} or
 * {@code extension:NAME}, with names as the catalog spells them (unquoted lower case for
 * most).
 */
public record AllowedFunctions(List<String> entries) {
    /** Built-in functions that run other SQL (given as text, or a table's or view's query): never built in for this check. */
    static final Set<String> RUN_OTHER_SQL = Set.of("query_to_xml", "query_to_xmlschema", "query_to_xml_and_xmlschema",
            "table_to_xml", "table_to_xmlschema", "table_to_xml_and_xmlschema", "schema_to_xml", "schema_to_xmlschema",
            "schema_to_xml_and_xmlschema", "database_to_xml", "database_to_xmlschema", "database_to_xml_and_xmlschema",
            "cursor_to_xml", "cursor_to_xmlschema", "ts_stat");
    /** Objects initdb creates have oids below this (PostgreSQL's FirstNormalObjectId). */
    static final long FIRST_NORMAL_OBJECT_ID = 16384;

    public AllowedFunctions {
        entries = List.copyOf(entries);
    }

    /** Only built-in functions: the default. */
    public static AllowedFunctions builtInOnly() {
        return new AllowedFunctions(List.of());
    }

    /** The list, after checking each entry's form; the message of the exception says which entry is wrong and why. */
    public static AllowedFunctions of(List<String> entries) {
        List<String> out = new ArrayList<>();
        for (String e : entries) {
            String entry = e == null ? "" : e.strip();
            if (!entry.matches("(extension:[^.\\s]+|[^.\\s*]+|[^.\\s*]+\\.([^.\\s*]+|\\*))")) {
                throw new IllegalArgumentException("an allowed function is name, schema.name, schema.* or extension:NAME,"
                        + " without spaces or quotes; this entry is not one of those");
            }
            out.add(entry);
        }
        return new AllowedFunctions(out);
    }

    public AllowedFunctions plus(AllowedFunctions more) {
        List<String> all = new ArrayList<>(entries);
        more.entries.stream().filter(x -> !all.contains(x)).forEach(all::add);
        return new AllowedFunctions(all);
    }

    /** Whether a function the statement calls may run while it is planned. */
    boolean allows(CalledFunctions.Function f) {
        if (f.oid() < FIRST_NORMAL_OBJECT_ID && f.extension().isEmpty()
                && !(f.schema().equals("pg_catalog") && RUN_OTHER_SQL.contains(f.name()))) {
            return true;
        }
        for (String entry : entries) {
            if (entry.startsWith("extension:") ? entry.substring("extension:".length()).equals(f.extension())
                    : entry.equals(f.name()) || entry.equals(f.schema() + "." + f.name()) || entry.equals(f.schema() + ".*")) {
                return true;
            }
        }
        return false;
    }
}
