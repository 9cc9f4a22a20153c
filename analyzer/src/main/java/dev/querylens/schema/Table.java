package dev.querylens.schema;

import dev.querylens.collect.SourceLocation;
import java.util.List;
import java.util.Optional;

/**
 * A table from the catalog. {@code rowEstimate} is negative when unknown (DDL gives no sizes; a
 * live catalog does). {@code definedAt} points at the CREATE TABLE when it came from a file.
 */
public record Table(
        String schema,
        String name,
        List<Column> columns,
        List<Index> indexes,
        List<ForeignKey> foreignKeys,
        boolean rowLevelSecurity,
        List<Policy> policies,
        long rowEstimate,
        SourceLocation definedAt) {

    public Table {
        columns = List.copyOf(columns);
        indexes = List.copyOf(indexes);
        foreignKeys = List.copyOf(foreignKeys);
        policies = List.copyOf(policies);
    }

    public String qualifiedName() {
        return schema + "." + name;
    }

    public Optional<Column> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    /** Whether some non-partial index starts with this column, so a lookup on it can use an index. */
    public boolean hasIndexLeadingWith(String column) {
        return indexes.stream().anyMatch(ix -> !ix.isPartial() && column.equals(ix.leadingKey()));
    }
}
