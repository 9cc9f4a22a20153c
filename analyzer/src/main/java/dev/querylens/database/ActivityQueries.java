package dev.querylens.database;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The two fixed reads behind {@link UserDatabase#backends()}: the connection limits, and
 * pg_stat_activity's client backends by state. Nothing here is taken from the workload.
 */
final class ActivityQueries {
    static final String LIMITS = UserDatabase.MARK + "SELECT current_setting('max_connections')::int,"
            + " current_setting('superuser_reserved_connections')::int, coalesce(current_setting('reserved_connections', true), '0')::int";
    /**
     * Other roles' sessions show a NULL state and backend_type without pg_read_all_stats, but their
     * database and role still show (background processes have neither, autovacuum workers no role):
     * counted as "" rather than dropped, so the total is still right. QueryLens's own sessions (this one, and the one a run
     * keeps open for the catalog and HypoPG) are not the application's.
     */
    static final String BY_STATE = UserDatabase.MARK + "SELECT coalesce(state, ''), count(*),"
            + " coalesce(max(extract(epoch FROM clock_timestamp() - state_change)) FILTER (WHERE state LIKE 'idle in transaction%'), 0)"
            + " FROM pg_stat_activity WHERE (backend_type = 'client backend' OR backend_type IS NULL AND datid IS NOT NULL"
            + " AND usesysid IS NOT NULL) AND pid <> pg_backend_pid()"
            + " AND application_name IS DISTINCT FROM 'querylens' GROUP BY 1";

    private final CatalogQueries.Statements statements;

    ActivityQueries(CatalogQueries.Statements statements) {
        this.statements = statements;
    }

    BackendActivity read() throws SQLException {
        try (Statement s = statements.create()) {
            int max;
            int reserved;
            try (ResultSet rs = s.executeQuery(LIMITS)) {
                rs.next();
                max = rs.getInt(1);
                reserved = rs.getInt(2) + rs.getInt(3);
            }
            Map<String, Long> byState = new HashMap<>();
            double oldest = 0;
            try (ResultSet rs = s.executeQuery(BY_STATE)) {
                while (rs.next()) {
                    byState.put(rs.getString(1), rs.getLong(2));
                    oldest = Math.max(oldest, rs.getDouble(3));
                }
            }
            return new BackendActivity(max, reserved, byState, oldest);
        }
    }
}
