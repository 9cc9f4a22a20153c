package dev.querylens.database;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixed reads behind the bloat estimates, the cache hit ratio and the sequential-scan check
 * (docs/safety.md lists each), part of {@link UserDatabase#health()}'s one read-only transaction.
 * Only counts and catalog rows: no table or index is read (pgstattuple would read every page), and
 * page counts come from pg_class, so no lock is waited for. The estimate is not computed here: these
 * are the numbers it is computed from, so a rule's example can state them.
 */
final class StorageQueries {
    /** MAXALIGN is not a setting: a 64-bit build says "64-bit" in version(), and aligns to 8. */
    static final String SETTINGS = UserDatabase.MARK + "SELECT current_setting('block_size')::int,"
            + " CASE WHEN version() LIKE '%64-bit%' THEN 8 ELSE 4 END,"
            + " (SELECT setting::bigint FROM pg_settings WHERE name = 'shared_buffers')";
    /**
     * Each user table with its TOAST table's counts and an average row's data width from pg_stats
     * (null_frac-weighted avg_width of its live columns). pg_stats shows a column to a role that
     * may SELECT it, and no column of a table whose row level security applies to the role: the
     * last column says whether this role sees them all, so a missing width is told apart from a
     * column never analyzed.
     */
    static final String TABLE_SPACE = UserDatabase.MARK + "SELECT n.nspname, c.relname, c.relpages::bigint, c.reltuples::float8,"
            + " coalesce((SELECT o.option_value::int FROM pg_options_to_table(c.reloptions) o WHERE o.option_name = 'fillfactor'), 100),"
            + " coalesce(max(tc.relpages), 0)::bigint, greatest(coalesce(max(tc.reltuples), 0), 0)::float8,"
            + " count(*)::int, count(s.avg_width)::int, coalesce(sum((1 - s.null_frac) * s.avg_width), 0)::float8,"
            + " 1 - exp(coalesce(sum(ln(greatest(1 - s.null_frac, 1e-9))), 0)),"
            + " bool_and(has_column_privilege(c.oid, a.attnum, 'SELECT')) AND NOT (c.relrowsecurity AND row_security_active(c.oid))"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
            + " LEFT JOIN pg_class tc ON tc.oid = c.reltoastrelid"
            + " LEFT JOIN pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = a.attname AND NOT s.inherited"
            + " WHERE c.relkind IN ('r', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'"
            + " GROUP BY c.oid, n.nspname, c.relname ORDER BY 1, 2";
    /**
     * Each index with the widths of what its entries hold: a key or INCLUDE column's statistics are
     * its table column's (indkey, 0-based), an expression's are the index's own pg_stats row (which
     * ANALYZE writes for expression indexes, under the index's name).
     */
    static final String INDEX_SPACE = UserDatabase.MARK + "SELECT n.nspname, t.relname, c.relname, am.amname, c.relpages::bigint,"
            + " c.reltuples::float8,"
            + " coalesce((SELECT o.option_value::int FROM pg_options_to_table(c.reloptions) o WHERE o.option_name = 'fillfactor'), 90),"
            + " count(*)::int, count(s.avg_width)::int, coalesce(sum((1 - s.null_frac) * s.avg_width), 0)::float8,"
            + " 1 - exp(coalesce(sum(ln(greatest(1 - s.null_frac, 1e-9))), 0)),"
            + " bool_and(k.attnum = 0 OR has_column_privilege(t.oid, k.attnum, 'SELECT'))"
            + " AND NOT (t.relrowsecurity AND row_security_active(t.oid)), i.indisvalid"
            + " FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid"
            + " JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_am am ON am.oid = c.relam"
            + " JOIN pg_attribute ia ON ia.attrelid = c.oid AND ia.attnum > 0"
            + " CROSS JOIN LATERAL (SELECT i.indkey[ia.attnum - 1] AS attnum) k"
            + " LEFT JOIN pg_attribute ta ON ta.attrelid = t.oid AND ta.attnum = k.attnum AND k.attnum > 0"
            + " LEFT JOIN pg_stats s ON NOT s.inherited AND s.schemaname = n.nspname"
            + " AND s.tablename = CASE WHEN k.attnum = 0 THEN c.relname ELSE t.relname END"
            + " AND s.attname = CASE WHEN k.attnum = 0 THEN ia.attname ELSE ta.attname END"
            + " WHERE c.relkind = 'i' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'"
            + " GROUP BY c.oid, n.nspname, t.oid, t.relname, c.relname, am.amname, i.indisvalid ORDER BY 1, 2, 3";
    /** Counts only: every role may read pg_stat_user_tables and pg_statio_user_tables. */
    static final String TABLE_ACCESS = UserDatabase.MARK + "SELECT s.schemaname, s.relname, s.n_live_tup,"
            + " c.relpages::bigint * current_setting('block_size')::bigint, coalesce(s.seq_scan, 0), coalesce(s.seq_tup_read, 0),"
            + " coalesce(s.idx_scan, 0), coalesce(io.heap_blks_read, 0), coalesce(io.heap_blks_hit, 0), coalesce(io.idx_blks_read, 0),"
            + " coalesce(io.idx_blks_hit, 0)"
            + " FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid LEFT JOIN pg_statio_user_tables io ON io.relid = s.relid"
            + " WHERE c.relkind IN ('r', 'm') ORDER BY 1, 2";

    private StorageQueries() {
    }

    static LiveHealth.Storage read(Statement s) throws SQLException {
        int blockSize;
        int maxAlign;
        long sharedBuffers;
        try (ResultSet rs = s.executeQuery(SETTINGS)) {
            rs.next();
            blockSize = rs.getInt(1);
            maxAlign = rs.getInt(2);
            sharedBuffers = rs.getLong(3);
        }
        List<LiveHealth.TableSpace> tables = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(TABLE_SPACE)) {
            while (rs.next()) {
                tables.add(new LiveHealth.TableSpace(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getDouble(4), rs.getInt(5),
                        rs.getLong(6), rs.getDouble(7), rs.getInt(8), rs.getInt(9), rs.getDouble(10), rs.getDouble(11), rs.getBoolean(12)));
            }
        }
        List<LiveHealth.IndexSpace> indexes = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(INDEX_SPACE)) {
            while (rs.next()) {
                indexes.add(new LiveHealth.IndexSpace(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                        rs.getDouble(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getDouble(10), rs.getDouble(11), rs.getBoolean(12),
                        rs.getBoolean(13)));
            }
        }
        List<LiveHealth.TableAccess> access = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(TABLE_ACCESS)) {
            while (rs.next()) {
                access.add(new LiveHealth.TableAccess(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11)));
            }
        }
        return new LiveHealth.Storage(blockSize, maxAlign, sharedBuffers, tables, indexes, access);
    }
}
