package dev.querylens.schema;

import dev.querylens.collect.SourceLocation;
import java.util.List;

/**
 * A foreign key from {@code columns} of its table to {@code referencedColumns} of {@code referencedTable};
 * {@code definedAt} is the CREATE TABLE or ALTER TABLE ... ADD that declared it, null from a live catalog.
 */
public record ForeignKey(String name, List<String> columns, String referencedTable, List<String> referencedColumns,
                         SourceLocation definedAt) {
    public ForeignKey {
        columns = List.copyOf(columns);
        referencedColumns = referencedColumns == null ? List.of() : List.copyOf(referencedColumns);
    }

    public ForeignKey(String name, List<String> columns, String referencedTable, List<String> referencedColumns) {
        this(name, columns, referencedTable, referencedColumns, null);
    }
}
