package dev.querylens.schema;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.TreeSet;

/**
 * Triggers as comparable facts, one line each: "schema.table trigger name: TIMING LEVEL EVENTS ->
 * function, enabled|disabled[, when][, transition a b]", with UPDATE OF's columns, and "schema.partition
 * partition of schema.parent" for each partition (its parents' row triggers fire on it). The server's
 * side decodes pg_trigger in SQL (tgtype's bits, tgattr, tgenabled) independently of the Java reader.
 */
final class TriggerCatalogFacts {
    private static final String SERVER = """
            SELECT n.nspname || '.' || c.relname, t.tgname,
              CASE WHEN t.tgtype & 64 <> 0 THEN 'INSTEAD_OF' WHEN t.tgtype & 2 <> 0 THEN 'BEFORE' ELSE 'AFTER' END,
              CASE WHEN t.tgtype & 1 <> 0 THEN 'ROW' ELSE 'STATEMENT' END,
              concat_ws(' OR ', CASE WHEN t.tgtype & 4 <> 0 THEN 'INSERT' END, CASE WHEN t.tgtype & 16 <> 0 THEN 'UPDATE' || coalesce(' OF ' || (SELECT string_agg(a.attname, ', ' ORDER BY k.o)
                  FROM unnest(t.tgattr::int2[]) WITH ORDINALITY AS k(n, o) JOIN pg_attribute a ON a.attrelid = t.tgrelid AND a.attnum = k.n), '') END,
                CASE WHEN t.tgtype & 8 <> 0 THEN 'DELETE' END, CASE WHEN t.tgtype & 32 <> 0 THEN 'TRUNCATE' END),
              pn.nspname || '.' || p.proname, t.tgenabled IN ('O', 'A'), t.tgqual IS NOT NULL,
              concat_ws(' ', t.tgoldtable, t.tgnewtable)
            FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_proc p ON p.oid = t.tgfoid JOIN pg_namespace pn ON pn.oid = p.pronamespace
            WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND c.relkind IN ('r', 'p')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
              AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
            """;
    private static final String PARTITIONS = """
            SELECT n.nspname || '.' || c.relname, pn.nspname || '.' || p.relname
            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
            WHERE c.relispartition AND c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
            """;

    private TriggerCatalogFacts() {
    }

    static TreeSet<String> ofServer(Connection db) throws SQLException {
        TreeSet<String> facts = new TreeSet<>();
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(SERVER)) {
            while (r.next()) {
                facts.add(fact(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6), r.getBoolean(7),
                        r.getBoolean(8), r.getString(9)));
            }
        }
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(PARTITIONS)) {
            while (r.next()) {
                facts.add(r.getString(1) + " partition of " + r.getString(2));
            }
        }
        return facts;
    }

    static TreeSet<String> ofReader(Catalog catalog) {
        TreeSet<String> facts = new TreeSet<>();
        for (Trigger t : catalog.triggers().triggers()) {
            facts.add(fact(t.table(), t.name(), t.timing().name(), t.level().name(), t.eventsText(), t.function(), t.enabled(), t.when(),
                    String.join(" ", t.transitionTables())));
        }
        catalog.triggers().partitionOf().forEach((partition, parent) -> facts.add(partition + " partition of " + parent));
        return facts;
    }

    private static String fact(String table, String name, String timing, String level, String events, String function, boolean enabled,
                               boolean when, String transition) {
        return table + " trigger " + name + ": " + timing + " " + level + " " + events + " -> " + function + (enabled ? ", enabled" : ", disabled")
                + (when ? ", when" : "") + (transition.isEmpty() ? "" : ", transition " + transition);
    }
}
