package dev.querylens.database;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the planner knew of each user table when advice was planned: its row estimate and when it
 * was last analyzed, and the rows changed since. What-if costs follow these, so advice planned
 * before and after an ANALYZE (autovacuum's, say) can differ, and the report must be able to say so.
 *
 * @param schema              the table's schema
 * @param table               its name
 * @param rows                pg_class.reltuples (-1: never analyzed or vacuumed, PostgreSQL 14+)
 * @param analyzedAtEpoch     the later of last_analyze and last_autoanalyze, seconds since 1970, or NaN for never
 * @param byAutovacuum        whether that analyze was autovacuum's
 * @param modifiedSinceAnalyze pg_stat_user_tables.n_mod_since_analyze
 */
public record PlannerStatistics(String schema, String table, double rows, double analyzedAtEpoch, boolean byAutovacuum,
                                long modifiedSinceAnalyze) {

    /** Catalog and statistics views only; pg_stat_user_tables is readable by every role. */
    static final String QUERY = UserDatabase.MARK + "SELECT n.nspname, c.relname, c.reltuples::float8,"
            + " extract(epoch FROM greatest(s.last_analyze, s.last_autoanalyze))::float8,"
            + " coalesce(s.last_autoanalyze >= coalesce(s.last_analyze, '-infinity'), false), coalesce(s.n_mod_since_analyze, 0)"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid"
            + " WHERE c.relkind IN ('r', 'm', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
            + " AND n.nspname NOT LIKE 'pg\\_%' ORDER BY 1, 2";

    public String qualifiedName() {
        return schema + "." + table;
    }

    public boolean analyzed() {
        return !Double.isNaN(analyzedAtEpoch);
    }

    static List<PlannerStatistics> read(CatalogQueries.Statements statements) throws SQLException {
        List<PlannerStatistics> out = new ArrayList<>();
        try (Statement s = statements.create(); ResultSet rs = s.executeQuery(QUERY)) {
            while (rs.next()) {
                double at = rs.getDouble(4);
                boolean never = rs.wasNull();
                out.add(new PlannerStatistics(rs.getString(1), rs.getString(2), rs.getDouble(3), never ? Double.NaN : at,
                        rs.getBoolean(5), rs.getLong(6)));
            }
        }
        return out;
    }
}
