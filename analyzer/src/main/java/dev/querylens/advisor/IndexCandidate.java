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
        String keys = String.join("_", columns.stream().map(c -> c.replaceAll("[^A-Za-z0-9_]+", "_").replaceAll("^_+|_+$", "")).toList());
        String base = bare + "_" + keys + (predicate != null ? "_partial" : "") + "_idx";
        return base.length() <= MAX_NAME ? base : base.substring(0, MAX_NAME);
    }

    public String ddl() {
        return "CREATE INDEX CONCURRENTLY IF NOT EXISTS " + name() + " ON " + table
                + " (" + String.join(", ", columns.stream().map(IndexCandidate::key).toList()) + ")"
                + (predicate != null ? " WHERE " + predicate : "") + ";";
    }

    /** An expression key (lower(email), created_at::date) goes in parentheses, as CREATE INDEX requires. */
    private static String key(String column) {
        return column.matches("[A-Za-z_][A-Za-z0-9_$]*") ? column : "(" + column + ")";
    }
}
