package dev.querylens.schema;

/** A table column with its declared type as written in the DDL. */
public record Column(String name, String type, boolean notNull) {
}
