package dev.querylens.schema;

import dev.querylens.collect.Diagnostic;
import dev.querylens.collect.SourceLocation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the catalog of a live database (user schemas only) through a read-only connection. The
 * server describes its own objects as DDL (pg_get_indexdef, pg_get_constraintdef), so the same
 * {@link SchemaReader} that reads migrations reads them; row counts come from pg_class.reltuples and
 * distinct values per column from pg_stats.n_distinct.
 */
public final class LiveCatalogReader {
    private static final String USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"
            + " AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'";

    private LiveCatalogReader() {
    }

    public static Catalog read(Connection c, Consumer<Diagnostic> diagnostics) throws SQLException {
        SchemaReader reader = new SchemaReader();
        SourceLocation at = new SourceLocation("live catalog", 0);
        Map<String, Long> rows = new HashMap<>();
        Map<String, Map<String, Long>> distinct = new HashMap<>();
        try (Statement s = c.createStatement()) {
            StringBuilder ddl = new StringBuilder();
            String table = null;
            try (ResultSet rs = s.executeQuery("SELECT n.nspname, cl.relname, a.attname, format_type(a.atttypid, a.atttypmod),"
                    + " a.attnotnull, cl.reltuples::bigint FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace"
                    + " JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum > 0 AND NOT a.attisdropped"
                    + " WHERE cl.relkind IN ('r', 'p') AND " + USER_SCHEMAS + " ORDER BY n.nspname, cl.relname, a.attnum")) {
                while (rs.next()) {
                    String name = quote(rs.getString(1)) + "." + quote(rs.getString(2));
                    if (!name.equals(table)) {
                        flushTable(reader, ddl, at, diagnostics);
                        table = name;
                        ddl.append("CREATE TABLE ").append(name).append(" (");
                        rows.put(rs.getString(1) + "." + rs.getString(2), Math.max(0, rs.getLong(6)));
                    } else {
                        ddl.append(", ");
                    }
                    ddl.append(quote(rs.getString(3))).append(' ').append(rs.getString(4)).append(rs.getBoolean(5) ? " NOT NULL" : "");
                }
            }
            flushTable(reader, ddl, at, diagnostics);
            try (ResultSet rs = s.executeQuery("SELECT n.nspname, cl.relname FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace"
                    + " WHERE cl.relkind IN ('r', 'p') AND cl.relrowsecurity AND " + USER_SCHEMAS)) {
                while (rs.next()) {
                    reader.read("ALTER TABLE " + quote(rs.getString(1)) + "." + quote(rs.getString(2)) + " ENABLE ROW LEVEL SECURITY", at, diagnostics);
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class cl ON cl.oid = i.indrelid"
                    + " JOIN pg_namespace n ON n.oid = cl.relnamespace WHERE " + USER_SCHEMAS)) {
                while (rs.next()) {
                    reader.read(rs.getString(1), at, diagnostics);
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT n.nspname, cl.relname, co.conname, pg_get_constraintdef(co.oid) FROM pg_constraint co"
                    + " JOIN pg_class cl ON cl.oid = co.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace"
                    + " WHERE co.contype = 'f' AND " + USER_SCHEMAS)) {
                while (rs.next()) {
                    reader.read("ALTER TABLE " + quote(rs.getString(1)) + "." + quote(rs.getString(2)) + " ADD CONSTRAINT "
                            + quote(rs.getString(3)) + " " + rs.getString(4), at, diagnostics);
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT schemaname, tablename, policyname, cmd FROM pg_policies")) {
                while (rs.next()) {
                    reader.read("CREATE POLICY " + quote(rs.getString(3)) + " ON " + quote(rs.getString(1)) + "." + quote(rs.getString(2))
                            + " FOR " + rs.getString(4), at, diagnostics);
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT schemaname, tablename, attname, n_distinct FROM pg_stats"
                    + " WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND NOT inherited")) {
                while (rs.next()) {
                    String qualified = rs.getString(1) + "." + rs.getString(2);
                    double n = rs.getDouble(4);
                    // negative n_distinct is a share of the rows: the count grows with the table
                    long count = n >= 0 ? (long) n : Math.round(-n * rows.getOrDefault(qualified, 0L));
                    distinct.computeIfAbsent(qualified, k -> new HashMap<>()).put(rs.getString(3), count);
                }
            }
        }
        return reader.catalog().withRowEstimates(rows).withDistinctValues(distinct);
    }

    private static void flushTable(SchemaReader reader, StringBuilder ddl, SourceLocation at, Consumer<Diagnostic> diagnostics) {
        if (ddl.length() > 0) {
            reader.read(ddl.append(")").toString(), at, diagnostics);
            ddl.setLength(0);
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
