package dev.querylens.sql;

/** A column of a table named in the statement; {@code table} is the table's name (not an alias), null when unresolved. */
public record ColumnRef(String table, String column) {
    @Override
    public String toString() {
        return table == null ? column : table + "." + column;
    }
}
