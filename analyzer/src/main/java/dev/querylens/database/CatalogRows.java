package dev.querylens.database;

import java.util.List;

/**
 * What QueryLens reads from a live catalog, as rows: the schema stage turns them into its model.
 * Names are the catalog's own (case and all); nothing here is SQL to run.
 */
public record CatalogRows(List<ColumnRow> columns, List<TableName> rowLevelSecurity, List<String> indexDefinitions,
                          List<ForeignKeyRow> foreignKeys, List<PolicyRow> policies, List<DistinctRow> distinctValues,
                          List<ConstraintIndexRow> constraintIndexes, SecurityRows security, TriggerRows triggers) {
    public CatalogRows(List<ColumnRow> columns, List<TableName> rowLevelSecurity, List<String> indexDefinitions,
                       List<ForeignKeyRow> foreignKeys, List<PolicyRow> policies, List<DistinctRow> distinctValues,
                       List<ConstraintIndexRow> constraintIndexes, SecurityRows security) {
        this(columns, rowLevelSecurity, indexDefinitions, foreignKeys, policies, distinctValues, constraintIndexes, security, TriggerRows.NONE);
    }

    public CatalogRows(List<ColumnRow> columns, List<TableName> rowLevelSecurity, List<String> indexDefinitions,
                       List<ForeignKeyRow> foreignKeys, List<PolicyRow> policies, List<DistinctRow> distinctValues) {
        this(columns, rowLevelSecurity, indexDefinitions, foreignKeys, policies, distinctValues, List.of(), SecurityRows.NONE);
    }

    public CatalogRows(List<ColumnRow> columns, List<TableName> rowLevelSecurity, List<String> indexDefinitions,
                       List<ForeignKeyRow> foreignKeys, List<PolicyRow> policies, List<DistinctRow> distinctValues,
                       List<ConstraintIndexRow> constraintIndexes) {
        this(columns, rowLevelSecurity, indexDefinitions, foreignKeys, policies, distinctValues, constraintIndexes, SecurityRows.NONE);
    }

    public CatalogRows {
        security = security == null ? SecurityRows.NONE : security;
        triggers = triggers == null ? TriggerRows.NONE : triggers;
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

    /**
     * What the security rules read besides tables: functions, views, extensions, which API client
     * roles exist, and the server's version (server_version_num; 0 when unknown).
     */
    public record SecurityRows(List<RoutineRow> routines, List<ViewRow> views, List<ExtensionRow> extensions, List<String> clientRoles,
                               int serverVersion) {
        public static final SecurityRows NONE = new SecurityRows(List.of(), List.of(), List.of(), List.of(), 0);

        public SecurityRows {
            routines = List.copyOf(routines);
            views = List.copyOf(views);
            extensions = List.copyOf(extensions);
            clientRoles = List.copyOf(clientRoles);
        }
    }

    /**
     * A function or procedure not owned by an extension: input argument types as format_type spells
     * them, {@code prokind} f or p, the search_path it sets (null when none), who holds EXECUTE
     * directly ({@code public} for PUBLIC; its owner left out), and which of anon/authenticated may
     * execute it (has_function_privilege, so also through membership).
     */
    public record RoutineRow(String schema, String name, List<String> argumentTypes, String returns, String kind, boolean securityDefiner,
                             String searchPath, String language, String owner, List<String> grantees, List<String> clientRoles) {
        public RoutineRow {
            argumentTypes = List.copyOf(argumentTypes);
            grantees = List.copyOf(grantees);
            clientRoles = List.copyOf(clientRoles);
        }
    }

    /** A view and its reloptions (e.g. security_invoker=true). */
    public record ViewRow(TableName view, List<String> options) {
        public ViewRow {
            options = List.copyOf(options);
        }
    }

    public record ExtensionRow(String name, String schema) {
    }

    /**
     * Triggers (pg_trigger, not tgisinternal), pg_stat_user_functions' rows, and the server's
     * track_functions setting, which decides whether those rows are kept at all.
     */
    public record TriggerRows(List<TriggerRow> triggers, List<FunctionCallRow> calls, String trackFunctions, List<PartitionRow> partitions) {
        public static final TriggerRows NONE = new TriggerRows(List.of(), List.of(), null, List.of());

        public TriggerRows {
            triggers = List.copyOf(triggers);
            calls = List.copyOf(calls);
            partitions = List.copyOf(partitions);
        }
    }

    /** A partition and the partitioned table it is attached to (pg_inherits where relispartition). */
    public record PartitionRow(TableName partition, TableName parent) {
    }

    /**
     * One trigger: {@code type} is pg_trigger.tgtype (bits: 1 row, 2 before, 4 insert, 8 delete, 16
     * update, 32 truncate, 64 instead), {@code enabled} tgenabled (O, D, R, A), the transition
     * tables' names (null where none), whether it has a WHEN condition, and its function's schema,
     * name and source (pg_proc.prosrc: the server's text, read, never run), and the columns of
     * UPDATE OF (tgattr's, by name, in its order; empty for none).
     */
    public record TriggerRow(TableName table, String name, int type, String enabled, String oldTable, String newTable, boolean when,
                             String functionSchema, String functionName, String functionSource, List<String> updateOf) {
        public TriggerRow {
            updateOf = updateOf == null ? List.of() : List.copyOf(updateOf);
        }
    }

    /** pg_stat_user_functions: calls, total_time and self_time (milliseconds). */
    public record FunctionCallRow(String schema, String name, long calls, double totalMs, double selfMs) {
    }
}
