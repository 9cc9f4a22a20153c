package dev.querylens.schema;

import dev.querylens.collect.SourceLocation;
import java.util.ArrayList;
import java.util.List;

/** The mutable form of a table while DDL is being read; frozen into a {@link Table} at the end. */
final class TableDraft {
    String qualified;
    String schema;
    String name;
    final List<Column> columns = new ArrayList<>();
    final List<Index> indexes = new ArrayList<>();
    final List<ForeignKey> foreignKeys = new ArrayList<>();
    final List<Policy> policies = new ArrayList<>();
    /** Its triggers, in creation order; their table name is set anew when the catalog is built, so renames carry them. */
    final List<Trigger> triggers = new ArrayList<>();
    boolean rls;
    SourceLocation definedAt;
    /** A view's security_invoker option (views only). */
    boolean securityInvoker;
    /** The partitioned table this is a partition of, or null. */
    String partitionOf;
    /** A partition's copies of its parent's indexes: copy name to parent index name. */
    final java.util.Map<String, String> clonedFrom = new java.util.HashMap<>();

    TableDraft(String qualified) {
        rename(qualified);
    }

    void rename(String newQualified) {
        this.qualified = newQualified;
        int dot = newQualified.indexOf('.');
        this.schema = newQualified.substring(0, dot);
        this.name = newQualified.substring(dot + 1);
        indexes.replaceAll(ix -> ix.withTable(newQualified));
    }

    /** An index renamed, with what knows it by name. */
    void renameIndex(String from, String to) {
        indexes.replaceAll(ix -> ix.name().equals(from) ? ix.withName(to) : ix);
        String parent = clonedFrom.remove(from);
        if (parent != null) {
            clonedFrom.put(to, parent);
        }
    }

    boolean hasColumn(String column) {
        return columns.stream().anyMatch(c -> c.name().equals(column));
    }

    void setNotNull(String column, boolean notNull) {
        columns.replaceAll(c -> c.name().equals(column) ? new Column(c.name(), c.type(), notNull, c.distinctValues()) : c);
    }

    void setType(String column, String type) {
        columns.replaceAll(c -> c.name().equals(column) ? new Column(c.name(), type, c.notNull(), c.distinctValues()) : c);
    }

    /** The primary key's columns, which a REFERENCES without a column list points at. */
    List<String> primaryKey() {
        return indexes.stream().filter(Index::primary).findFirst().map(Index::keys).orElse(List.of());
    }

    Table build() {
        return new Table(schema, name, columns, indexes, foreignKeys, rls, policies, -1, definedAt);
    }
}
