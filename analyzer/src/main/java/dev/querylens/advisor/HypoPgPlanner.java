package dev.querylens.advisor;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What-if planning with HypoPG on a live PostgreSQL: hypothetical indexes exist only in this
 * session's memory, so nothing is written; the connection is read-only and every statement has
 * a timeout. Statements are costed by {@link GenericPlanCost}.
 */
public final class HypoPgPlanner implements WhatIfPlanner {
    private final Connection connection;
    private final int serverVersion;
    private final Map<String, Double> costs = new HashMap<>();
    private final Map<String, Long> sizes = new HashMap<>();
    private int calls;
    private String lastError;

    private HypoPgPlanner(Connection connection, int serverVersion) {
        this.connection = connection;
        this.serverVersion = serverVersion;
    }

    /** Wraps a connection; fails with a clear message when HypoPG is not installed in the database. */
    public static HypoPgPlanner on(Connection connection) throws SQLException, MissingHypoPg {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int,"
                     + " EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'hypopg')")) {
            rs.next();
            if (!rs.getBoolean(2)) {
                boolean available;
                try (ResultSet a = connection.createStatement().executeQuery(
                        "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'hypopg')")) {
                    a.next();
                    available = a.getBoolean(1);
                }
                throw new MissingHypoPg(available
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
    public double cost(String sql, List<IndexCandidate> indexes) {
        String key = sql + "\n" + indexes.stream().map(IndexCandidate::ddl).sorted().toList();
        Double cached = costs.get(key);
        if (cached != null) {
            return cached;
        }
        double cost;
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT hypopg_reset()");
            for (IndexCandidate c : indexes) {
                try (ResultSet rs = s.executeQuery("SELECT indexrelid FROM hypopg_create_index(" + literal(createSql(c)) + ")")) {
                    rs.next();
                }
            }
            calls++;
            cost = GenericPlanCost.of(s, sql, serverVersion);
        } catch (SQLException e) {
            lastError = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            cost = Double.NaN;
        } finally {
            reset();
        }
        costs.put(key, cost);
        return cost;
    }

    @Override
    public long size(IndexCandidate index) {
        return sizes.computeIfAbsent(index.ddl(), k -> {
            try (Statement s = connection.createStatement();
                 ResultSet rs = s.executeQuery("SELECT hypopg_relation_size(indexrelid) FROM hypopg_create_index("
                         + literal(createSql(index)) + ")")) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                lastError = e.getMessage();
                return Long.MAX_VALUE;
            } finally {
                reset();
            }
        });
    }

    private void reset() {
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT hypopg_reset()");
        } catch (SQLException ignored) {
            // the next call resets again before it creates anything
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

    /** HypoPG takes a plain CREATE INDEX: no CONCURRENTLY, no IF NOT EXISTS. */
    static String createSql(IndexCandidate c) {
        return c.ddl().replace(" CONCURRENTLY", "").replace(" IF NOT EXISTS", "").replaceAll(";$", "");
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
