package dev.querylens.advisor;

import java.util.List;

/**
 * An index that could be created: key columns in order, an optional partial-index predicate.
 * Its name is derived from table and columns so the same advice keeps the same name across runs.
 */
public record IndexCandidate(String table, List<String> columns, String predicate) {
    private static final int MAX_NAME = 63; // PostgreSQL's NAMEDATALEN - 1

    public IndexCandidate {
        columns = List.copyOf(columns);
    }

    public String name() {
        String bare = table.contains(".") ? table.substring(table.indexOf('.') + 1) : table;
        String base = bare + "_" + String.join("_", columns) + (predicate != null ? "_partial" : "") + "_idx";
        return base.length() <= MAX_NAME ? base : base.substring(0, MAX_NAME);
    }

    public String ddl() {
        return "CREATE INDEX CONCURRENTLY IF NOT EXISTS " + name() + " ON " + table
                + " (" + String.join(", ", columns) + ")" + (predicate != null ? " WHERE " + predicate : "") + ";";
    }
}
