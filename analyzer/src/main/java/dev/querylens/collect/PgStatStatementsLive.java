package dev.querylens.collect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads pg_stat_statements from a live server for the current database. Nothing it does can
 * change the database: the connection is read-only (default_transaction_read_only and the JDBC
 * read-only flag), every statement has a statement_timeout, and the only query is a SELECT.
 * Accepts a JDBC URL or a libpq URI (postgresql://user:password@host:port/db).
 */
public final class PgStatStatementsLive implements ExecutionSource {
    private final String url;

    public PgStatStatementsLive(String url) {
        this.url = url;
    }

    /** The URL as it may be shown: without its password. */
    public static String shown(String url) {
        return Database.shown(url);
    }

    @Override
    public void read(Consumer<Execution> executions, Consumer<Diagnostic> diagnostics) throws java.io.IOException {
        String where = "db " + shown(url);
        try (Connection c = connect(); Statement s = c.createStatement()) {
            String total = hasColumn(s, "total_exec_time") ? "total_exec_time" : "total_time";
            try (ResultSet rs = s.executeQuery("SELECT query, calls, " + total + " FROM pg_stat_statements"
                    + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY " + total + " DESC")) {
                long row = 0;
                while (rs.next()) {
                    row++;
                    executions.accept(new Execution(SourceKind.PG_STAT_STATEMENTS, new SourceLocation(where, row), rs.getString(1),
                            List.of(), null, null, rs.getDouble(3), null, null, rs.getLong(2), 0));
                }
            }
        } catch (SQLException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            if ("42P01".equals(e.getSQLState())) {
                why = "pg_stat_statements is not installed in this database: add it to shared_preload_libraries, restart,"
                        + " and run CREATE EXTENSION pg_stat_statements";
            }
            throw new java.io.IOException(shown(why), e);
        }
    }

    private static boolean hasColumn(Statement s, String column) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT 1 FROM information_schema.columns WHERE table_name = 'pg_stat_statements'"
                + " AND column_name = '" + column + "'")) {
            return rs.next();
        }
    }

    private Connection connect() throws SQLException {
        return Database.connect(url, true);
    }
}
