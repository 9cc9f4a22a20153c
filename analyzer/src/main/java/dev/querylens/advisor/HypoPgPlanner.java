package dev.querylens.advisor;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * What-if planning with HypoPG on a live PostgreSQL: hypothetical indexes exist only in this
 * session's memory, so nothing is written; the connection is read-only and every statement has
 * a timeout. Statements are costed by {@link GenericPlanCost}.
 */
public final class HypoPgPlanner extends CachingPlanner {
    private final Connection connection;
    private final int serverVersion;

    private HypoPgPlanner(Connection connection, int serverVersion) {
        this.connection = connection;
        this.serverVersion = serverVersion;
    }

    /** Wraps a connection; fails with a clear message when HypoPG is not installed in the database. */
    public static HypoPgPlanner on(Connection connection) throws SQLException, MissingHypoPg {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int,"
                     + " EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'hypopg'),"
                     + " EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'hypopg')")) {
            rs.next();
            if (!rs.getBoolean(2)) {
                throw new MissingHypoPg(rs.getBoolean(3)
                        ? "HypoPG is available on the server but not created in this database: run CREATE EXTENSION hypopg (as its owner)"
                        : "HypoPG is not installed on the server: install it (Debian/Ubuntu: apt-get install postgresql-<version>-hypopg;"
                                + " elsewhere see the HypoPG documentation), then CREATE EXTENSION hypopg");
            }
            return new HypoPgPlanner(connection, rs.getInt(1));
        }
    }

    /** HypoPG is missing: the advisor falls back to its offline mode and says why. */
    public static final class MissingHypoPg extends Exception {
        public MissingHypoPg(String message) {
            super(message);
        }
    }

    @Override
    double measureCost(String sql, List<IndexCandidate> indexes) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT hypopg_reset()");
            for (IndexCandidate c : indexes) {
                s.execute("SELECT indexrelid FROM hypopg_create_index(" + literal(createSql(c)) + ")");
            }
            return GenericPlanCost.of(s, sql, serverVersion);
        } finally {
            reset();
        }
    }

    @Override
    long measureSize(IndexCandidate index) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT hypopg_relation_size(indexrelid) FROM hypopg_create_index("
                     + literal(createSql(index)) + ")")) {
            rs.next();
            return rs.getLong(1);
        } finally {
            reset();
        }
    }

    private void reset() {
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT hypopg_reset()");
        } catch (SQLException ignored) {
            // the next call resets again before it creates anything
        }
    }
}
