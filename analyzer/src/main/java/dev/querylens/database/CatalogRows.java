package dev.querylens.database;

import java.util.List;

/**
 * What QueryLens reads from a live catalog, as rows: the schema stage turns them into its model.
 * Names are the catalog's own (case and all); nothing here is SQL to run.
 */
public record CatalogRows(List<ColumnRow> columns, List<TableName> rowLevelSecurity, List<String> indexDefinitions,
                          List<ForeignKeyRow> foreignKeys, List<PolicyRow> policies, List<DistinctRow> distinctValues,
                          List<ConstraintIndexRow> constraintIndexes) {
    public CatalogRows(List<ColumnRow> columns, List<TableName> rowLevelSecurity, List<String> indexDefinitions,
                       List<ForeignKeyRow> foreignKeys, List<PolicyRow> policies, List<DistinctRow> distinctValues) {
        this(columns, rowLevelSecurity, indexDefinitions, foreignKeys, policies, distinctValues, List.of());
    }

    public CatalogRows {
        constraintIndexes = List.copyOf(constraintIndexes);
        columns = List.copyOf(columns);
        rowLevelSecurity = List.copyOf(rowLevelSecurity);
        indexDefinitions = List.copyOf(indexDefinitions);
        foreignKeys = List.copyOf(foreignKeys);
        policies = List.copyOf(policies);
        distinctValues = List.copyOf(distinctValues);
    }

    public record TableName(String schema, String table) {
    }

    /** One column of a user table, in attribute order, with the table's row estimate. */
    public record ColumnRow(TableName table, String column, String type, boolean notNull, long rowEstimate) {
    }

    /**
     * An index a constraint owns: its name (a PRIMARY KEY's, UNIQUE's or EXCLUDE's index is named
     * after the constraint) and pg_constraint.contype ('p', 'u' or 'x').
     */
    public record ConstraintIndexRow(TableName table, String index, String type) {
    }

    /** {@code definition} is pg_get_constraintdef's text (FOREIGN KEY (...) REFERENCES ...). */
    public record ForeignKeyRow(TableName table, String name, String definition) {
    }

    /**
     * One row of pg_policies: {@code permissive} is PERMISSIVE or RESTRICTIVE, {@code roles} the role
     * names ({@code public} for every role), {@code qual} and {@code withCheck} the server's deparsed
     * USING and WITH CHECK expressions, null when the policy has none.
     */
    public record PolicyRow(TableName table, String name, String command, String permissive, List<String> roles, String qual,
                            String withCheck) {
        public PolicyRow {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    /** pg_stats.n_distinct: a count, or when negative a share of the rows. */
    public record DistinctRow(TableName table, String column, double nDistinct) {
    }
}
