package dev.querylens.database;

import dev.querylens.database.CatalogRows.ColumnRow;
import dev.querylens.database.CatalogRows.ConstraintIndexRow;
import dev.querylens.database.CatalogRows.DistinctRow;
import dev.querylens.database.CatalogRows.ForeignKeyRow;
import dev.querylens.database.CatalogRows.PolicyRow;
import dev.querylens.database.CatalogRows.TableName;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The catalog and statistics reads: fixed SELECTs on pg_catalog views and pg_stat_statements, nothing taken from the workload. */
final class CatalogQueries {
    private static final String USER_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"
            + " AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'";

    interface Statements {
        Statement create() throws SQLException;
    }

    private final Statements statements;

    CatalogQueries(Statements statements) {
        this.statements = statements;
    }

    /** pg_stat_statements of the connected database, heaviest first, without QueryLens's own statements and transaction control. */
    List<StatementStatistics> statementStatistics() throws SQLException {
        String total;
        try (Statement s = statements.create(); ResultSet rs = s.executeQuery(UserDatabase.MARK + "SELECT EXISTS (SELECT 1 FROM pg_attribute"
                + " WHERE attrelid = to_regclass('pg_stat_statements') AND attname = 'total_exec_time')")) {
            rs.next();
            total = rs.getBoolean(1) ? "total_exec_time" : "total_time";
        }
        List<StatementStatistics> out = new ArrayList<>();
        try (Statement s = statements.create(); ResultSet rs = s.executeQuery(UserDatabase.MARK + "SELECT query, calls, " + total
                + " FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
                + " AND calls > 0 ORDER BY " + total + " DESC")) {
            while (rs.next()) {
                String query = rs.getString(1);
                if (query != null && !OwnStatements.isOursOrControl(query)) {
                    out.add(new StatementStatistics(query, rs.getLong(2), rs.getDouble(3)));
                }
            }
        }
        return out;
    }

    CatalogRows read() throws SQLException {
        List<ColumnRow> columns = new ArrayList<>();
        List<TableName> rls = new ArrayList<>();
        List<String> indexes = new ArrayList<>();
        List<ForeignKeyRow> fks = new ArrayList<>();
        List<PolicyRow> policies = new ArrayList<>();
        List<DistinctRow> distinct = new ArrayList<>();
        List<ConstraintIndexRow> constraintIndexes = new ArrayList<>();
        try (Statement s = statements.create()) {
            try (ResultSet rs = s.executeQuery(UserDatabase.MARK + "SELECT n.nspname, cl.relname, a.attname, format_type(a.atttypid, a.atttypmod),"
                    + " a.attnotnull, cl.reltuples::bigint FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace"
                    + " JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum > 0 AND NOT a.attisdropped"
                    + " WHERE cl.relkind IN ('r', 'p') AND " + USER_SCHEMAS + " ORDER BY n.nspname, cl.relname, a.attnum")) {
                while (rs.next()) {
                    columns.add(new ColumnRow(new TableName(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getString(4),
                            rs.getBoolean(5), Math.max(0, rs.getLong(6))));
                }
            }
            try (ResultSet rs = s.executeQuery(UserDatabase.MARK + "SELECT n.nspname, cl.relname FROM pg_class cl"
                    + " JOIN pg_namespace n ON n.oid = cl.relnamespace WHERE cl.relkind IN ('r', 'p') AND cl.relrowsecurity AND " + USER_SCHEMAS)) {
                while (rs.next()) {
                    rls.add(new TableName(rs.getString(1), rs.getString(2)));
                }
            }
            // indexes of tables only: one on a materialized view belongs to no table the catalog has
            try (ResultSet rs = s.executeQuery(UserDatabase.MARK + "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i"
                    + " JOIN pg_class cl ON cl.oid = i.indrelid JOIN pg_namespace n ON n.oid = cl.relnamespace"
                    + " WHERE cl.relkind IN ('r', 'p') AND " + USER_SCHEMAS)) {
                while (rs.next()) {
                    indexes.add(rs.getString(1));
                }
            }
            // which indexes a PRIMARY KEY, UNIQUE or EXCLUDE constraint owns: those go only with their constraint
            try (ResultSet rs = s.executeQuery(UserDatabase.MARK + "SELECT n.nspname, cl.relname, i.relname, co.contype"
                    + " FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace"
                    + " JOIN pg_class i ON i.oid = co.conindid WHERE co.contype IN ('p', 'u', 'x') AND " + USER_SCHEMAS)) {
                while (rs.next()) {
                    constraintIndexes.add(new ConstraintIndexRow(new TableName(rs.getString(1), rs.getString(2)), rs.getString(3),
                            rs.getString(4)));
                }
            }
            try (ResultSet rs = s.executeQuery(UserDatabase.MARK + "SELECT n.nspname, cl.relname, co.conname, pg_get_constraintdef(co.oid)"
                    + " FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace"
                    + " WHERE co.contype = 'f' AND " + USER_SCHEMAS)) {
                while (rs.next()) {
                    fks.add(new ForeignKeyRow(new TableName(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getString(4)));
                }
            }
            try (ResultSet rs = s.executeQuery(UserDatabase.MARK
                    + "SELECT schemaname, tablename, policyname, cmd, permissive, roles::text[], qual, with_check FROM pg_policies")) {
                while (rs.next()) {
                    java.sql.Array roles = rs.getArray(6);
                    policies.add(new PolicyRow(new TableName(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getString(4),
                            rs.getString(5), roles == null ? List.of() : List.of((String[]) roles.getArray()), rs.getString(7),
                            rs.getString(8)));
                }
            }
            try (ResultSet rs = s.executeQuery(UserDatabase.MARK + "SELECT schemaname, tablename, attname, n_distinct FROM pg_stats"
                    + " WHERE schemaname NOT IN ('pg_catalog', 'information_schema') AND NOT inherited")) {
                while (rs.next()) {
                    distinct.add(new DistinctRow(new TableName(rs.getString(1), rs.getString(2)), rs.getString(3), rs.getDouble(4)));
                }
            }
        }
        return new CatalogRows(columns, rls, indexes, fks, policies, distinct, constraintIndexes);
    }
}
