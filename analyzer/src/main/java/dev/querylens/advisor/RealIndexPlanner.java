package dev.querylens.advisor;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What-if planning for servers without HypoPG, only on the user's explicit request: each index set
 * is really created inside a transaction, the statement EXPLAINed, and the transaction rolled back.
 * The indexes never commit, but building them reads the tables and holds locks while it runs, so
 * this is for a disposable copy of the database, never production.
 */
public final class RealIndexPlanner implements WhatIfPlanner {
    private final Connection connection;
    private final int serverVersion;
    private final Map<String, Double> costs = new HashMap<>();
    private final Map<String, Long> sizes = new HashMap<>();
    private int calls;
    private String lastError;

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
    public double cost(String sql, List<IndexCandidate> indexes) {
        String key = sql + "\n" + indexes.stream().map(IndexCandidate::ddl).sorted().toList();
        return costs.computeIfAbsent(key, k -> {
            try (Statement s = connection.createStatement()) {
                for (IndexCandidate c : indexes) {
                    s.execute(HypoPgPlanner.createSql(c));
                }
                calls++;
                return GenericPlanCost.of(s, sql, serverVersion);
            } catch (SQLException e) {
                lastError = e.getMessage();
                return Double.NaN;
            } finally {
                rollback();
            }
        });
    }

    @Override
    public long size(IndexCandidate index) {
        return sizes.computeIfAbsent(index.ddl(), k -> {
            try (Statement s = connection.createStatement()) {
                s.execute(HypoPgPlanner.createSql(index));
                try (ResultSet rs = s.executeQuery("SELECT pg_relation_size(" + HypoPgPlanner.literal(index.name()) + "::regclass)")) {
                    rs.next();
                    return rs.getLong(1);
                }
            } catch (SQLException e) {
                lastError = e.getMessage();
                return Long.MAX_VALUE;
            } finally {
                rollback();
            }
        });
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            lastError = e.getMessage();
        }
    }

    @Override
    public int calls() {
        return calls;
    }

    @Override
    public String lastError() {
        return lastError;
    }
}
