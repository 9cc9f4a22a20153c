package dev.querylens.migration;

import java.util.List;

/**
 * One thing a migration statement does, as the migration rules need it. An ALTER TABLE with
 * several actions is several operations. Fields that do not apply to the kind are null or false.
 *
 * @param table       the table acted on (schema-qualified when written so), or null
 * @param column      the column acted on, or the index name for index operations
 * @param newName     the new name of a rename
 * @param type        a column type, normalized by {@link ColumnTypes#normalize}
 * @param defaultExpr the DEFAULT expression as written (tokens joined), or null
 * @param notNull     NOT NULL (or PRIMARY KEY) on an added column
 * @param concurrently CREATE/DROP INDEX CONCURRENTLY
 * @param notValid    ADD CONSTRAINT ... NOT VALID
 * @param usingIndex  ADD UNIQUE/PRIMARY KEY USING INDEX
 * @param constraint  FOREIGN KEY, CHECK, UNIQUE, PRIMARY KEY, EXCLUDE (upper case), or a constraint's name for VALIDATE and DROP CONSTRAINT
 * @param referenced  the table a foreign key references
 * @param detail      the CHECK expression, the SET value, a generated column's expression, "if exists" for DROP INDEX and DROP TABLE IF EXISTS
 * @param columns     a created table's columns, or the columns an UPDATE assigns (each with the expression assigned as
 *                    its {@code type}: tokens joined, null for a (a, b) = (...) list)
 */
public record Operation(Kind kind, String table, String column, String newName, String type, String defaultExpr,
                        boolean notNull, boolean concurrently, boolean notValid, boolean usingIndex, String constraint,
                        String referenced, String detail, List<ColumnDef> columns) {

    public enum Kind {
        BEGIN, COMMIT, SET_LOCK_TIMEOUT,
        /** SET [SESSION] TimeZone, RESET: {@code detail} the value as written ("default" for RESET and DEFAULT) */
        SET_TIME_ZONE,
        /** SET LOCAL TimeZone: until the transaction ends */
        SET_LOCAL_TIME_ZONE,
        /** ALTER DATABASE ... SET TimeZone: the default of the sessions that start afterwards */
        SET_DATABASE_TIME_ZONE,
        CREATE_TABLE, DROP_TABLE, RENAME_TABLE, CREATE_INDEX, DROP_INDEX,
        ADD_COLUMN, DROP_COLUMN, RENAME_COLUMN, ALTER_TYPE, SET_NOT_NULL, ADD_CONSTRAINT, VALIDATE_CONSTRAINT,
        /** ALTER TABLE ... DROP CONSTRAINT: {@code constraint} its name; a UNIQUE, PRIMARY KEY or EXCLUDE constraint takes its index with it */
        DROP_CONSTRAINT,
        /** any other ALTER TABLE action (SET DEFAULT, ENABLE ROW LEVEL SECURITY, ...): it still locks the table */
        OTHER_ALTER,
        /** DELETE FROM: {@code detail} its WHERE condition as written, null when it has none (every row) */
        DELETE_ROWS,
        /**
         * UPDATE: {@code columns} the columns its SET assigns (with the expression assigned), {@code detail}
         * its WHERE condition as written, null when it has none
         */
        UPDATE_ROWS,
        /** TRUNCATE, one operation per table it names */
        TRUNCATE,
        /** DROP TYPE (an enum, a composite, a domain's base): {@code column} the type's name, {@code detail} "cascade" with CASCADE */
        DROP_TYPE,
        /**
         * a statement the history reads no shape of (CREATE TYPE, CREATE FUNCTION, ...): a step of this kind exists only
         * where a trace found something about a migration none of whose statements is another kind (see MigrationTrace)
         */
        OTHER
    }

    /** A column of CREATE TABLE. {@code primaryKey}: inline or in the table's PRIMARY KEY (...). */
    public record ColumnDef(String name, String type, boolean primaryKey) {
    }

    public Operation {
        columns = columns == null ? List.of() : List.copyOf(columns);
    }

    static Operation of(Kind kind, String table) {
        return new Operation(kind, table, null, null, null, null, false, false, false, false, null, null, null, null);
    }

    /** The same operation on a table the history knows (a DROP INDEX names only the index). */
    Operation onTable(String t) {
        return new Operation(kind, t, column, newName, type, defaultExpr, notNull, concurrently, notValid, usingIndex, constraint, referenced, detail, columns);
    }

    /** The same statement judged as another kind (a DROP COLUMN of a column the table never had locks but drops nothing). */
    Operation as(Kind k) {
        return new Operation(k, table, column, newName, type, defaultExpr, notNull, concurrently, notValid, usingIndex, constraint, referenced, detail, columns);
    }

    Operation withColumn(String c) {
        return new Operation(kind, table, c, newName, type, defaultExpr, notNull, concurrently, notValid, usingIndex, constraint, referenced, detail, columns);
    }

    Operation withNewName(String n) {
        return new Operation(kind, table, column, n, type, defaultExpr, notNull, concurrently, notValid, usingIndex, constraint, referenced, detail, columns);
    }

    Operation withType(String t) {
        return new Operation(kind, table, column, newName, t, defaultExpr, notNull, concurrently, notValid, usingIndex, constraint, referenced, detail, columns);
    }

    Operation withDefault(String d, boolean nn) {
        return new Operation(kind, table, column, newName, type, d, nn, concurrently, notValid, usingIndex, constraint, referenced, detail, columns);
    }

    Operation withConcurrently(boolean c) {
        return new Operation(kind, table, column, newName, type, defaultExpr, notNull, c, notValid, usingIndex, constraint, referenced, detail, columns);
    }

    Operation withConstraint(String kindOrName, boolean nv, boolean ui, String ref, String d) {
        return new Operation(kind, table, column, newName, type, defaultExpr, notNull, concurrently, nv, ui, kindOrName, ref, d, columns);
    }

    Operation withDetail(String d) {
        return new Operation(kind, table, column, newName, type, defaultExpr, notNull, concurrently, notValid, usingIndex, constraint, referenced, d, columns);
    }

    Operation withColumns(List<ColumnDef> cs) {
        return new Operation(kind, table, column, newName, type, defaultExpr, notNull, concurrently, notValid, usingIndex, constraint, referenced, detail, cs);
    }

    /**
     * Whether the operation takes a lock that blocks writes (SHARE, SHARE ROW EXCLUSIVE) or everything
     * (ACCESS EXCLUSIVE) on its table: every ALTER TABLE form the rules read, DROP, TRUNCATE, and index builds
     * without CONCURRENTLY. Queued behind a long transaction, such a lock blocks every statement after it.
     */
    public boolean takesStrongLock() {
        return switch (kind) {
            case CREATE_INDEX, DROP_INDEX -> !concurrently;
            case DROP_TABLE, RENAME_TABLE, ADD_COLUMN, DROP_COLUMN, RENAME_COLUMN, ALTER_TYPE, SET_NOT_NULL, ADD_CONSTRAINT,
                 DROP_CONSTRAINT, OTHER_ALTER, TRUNCATE -> true;
            default -> false;
        };
    }

    /** The table name without its schema, for matching against statements that do not qualify it. */
    public static String bare(String table) {
        if (table == null) {
            return null;
        }
        int dot = table.lastIndexOf('.');
        return dot < 0 ? table : table.substring(dot + 1);
    }
}
