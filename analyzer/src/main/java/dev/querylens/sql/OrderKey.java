package dev.querylens.sql;

/** One ORDER BY key that is a plain column. */
public record OrderKey(ColumnRef column, boolean descending) {
}
