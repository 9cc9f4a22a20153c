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

    /**
     * Whether no row can hold NULL in the column: declared NOT NULL, or a key of the primary key. An
     * {@code IS NULL} test on such a column is met only by the rows an outer join adds, so no index
     * on this table's rows serves it.
     */
    public boolean neverNull(String columnName) {
        return column(columnName).map(Column::notNull).orElse(false)
                || indexes.stream().anyMatch(i -> i.constraint() == Index.Constraint.PRIMARY_KEY && i.keys().contains(columnName));
    }

    /** Whether some non-partial index starts with this column, so a lookup on it can use an index. */
    public boolean hasIndexLeadingWith(String column) {
        return hasIndexLeadingWith(column, java.util.Set.of());
    }

    /**
     * Whether an index starts with this column and is usable by a query that also constrains
     * {@code queryColumns}: a partial index counts when every column its predicate names is
     * among them (a cheap stand-in for the planner's predicate implication proof).
     */
    public boolean hasIndexLeadingWith(String column, java.util.Set<String> queryColumns) {
        return indexes.stream().anyMatch(ix -> column.equals(ix.leadingKey())
                && (!ix.isPartial() || queryColumns.containsAll(predicateColumns(ix))));
    }

    private java.util.Set<String> predicateColumns(Index ix) {
        java.util.Set<String> named = new java.util.HashSet<>();
        for (String word : ix.predicate().toLowerCase(java.util.Locale.ROOT).split("[^a-z0-9_]+")) {
            if (column(word).isPresent()) {
                named.add(word);
            }
        }
        return named;
    }
}
