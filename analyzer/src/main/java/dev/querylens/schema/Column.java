package dev.querylens.schema;

/**
 * A table column with its declared type as written in the DDL, and how many distinct values it
 * holds when a live catalog's statistics (pg_stats.n_distinct) say so, else -1.
 */
public record Column(String name, String type, boolean notNull, long distinctValues) {
    public Column(String name, String type, boolean notNull) {
        this(name, type, notNull, -1);
    }
}
