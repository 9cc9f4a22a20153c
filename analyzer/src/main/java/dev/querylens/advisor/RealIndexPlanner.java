package dev.querylens.advisor;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * What-if planning for servers without HypoPG, only on the user's explicit request: each index set
 * is really created inside a transaction, the statement EXPLAINed, and the transaction rolled back.
 * The indexes never commit, but building them reads the tables and holds locks while it runs, so
 * this is for a disposable copy of the database, never production.
 */
public final class RealIndexPlanner extends CachingPlanner {
    private final Connection connection;
    private final int serverVersion;

    public RealIndexPlanner(Connection connection) throws SQLException {
        this.connection = connection;
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int")) {
            rs.next();
            this.serverVersion = rs.getInt(1);
        }
        connection.rollback();
    }

    @Override
    double measureCost(String sql, List<IndexCandidate> indexes) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (IndexCandidate c : indexes) {
                s.execute(createSql(c));
            }
            return GenericPlanCost.of(s, sql, serverVersion);
        } finally {
            connection.rollback();
        }
    }

    @Override
    long measureSize(IndexCandidate index) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(createSql(index));
            try (ResultSet rs = s.executeQuery("SELECT pg_relation_size(" + literal(index.name()) + "::regclass)")) {
                rs.next();
                return rs.getLong(1);
            }
        } finally {
            connection.rollback();
        }
    }
}
