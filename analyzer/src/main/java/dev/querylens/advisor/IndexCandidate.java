package dev.querylens.advisor;

import java.util.List;

/**
 * An index that could be created: key columns in order, columns carried in its leaves only
 * ({@code INCLUDE}, so a query that reads just these columns can be answered by an index-only
 * scan), and an optional partial-index predicate. Its name is derived from table and columns so
 * the same advice keeps the same name across runs.
 */
public record IndexCandidate(String table, List<String> columns, String predicate, List<String> include) {
    private static final int MAX_NAME = 63; // PostgreSQL's NAMEDATALEN - 1

    public IndexCandidate {
        columns = List.copyOf(columns);
        include = include == null ? List.of() : List.copyOf(include);
    }

    public IndexCandidate(String table, List<String> columns, String predicate) {
        this(table, columns, predicate, List.of());
    }

    /** The same key and predicate, carrying {@code carried} in its leaves. */
    public IndexCandidate covering(List<String> carried) {
        return new IndexCandidate(table, columns, predicate, carried);
    }

    public String name() {
        String bare = table.contains(".") ? table.substring(table.indexOf('.') + 1) : table;
        String keys = String.join("_", columns.stream().map(c -> c.replaceAll("[^A-Za-z0-9_]+", "_").replaceAll("^_+|_+$", "")).toList());
        String base = bare + "_" + keys + (include.isEmpty() ? "" : "_incl") + (predicate != null ? "_partial" : "") + "_idx";
        return base.length() <= MAX_NAME ? base : base.substring(0, MAX_NAME);
    }

    public String ddl() {
        return "CREATE INDEX CONCURRENTLY IF NOT EXISTS " + name() + " ON " + table
                + " (" + String.join(", ", columns.stream().map(IndexCandidate::key).toList()) + ")"
                + (include.isEmpty() ? "" : " INCLUDE (" + String.join(", ", include) + ")")
                + (predicate != null ? " WHERE " + predicate : "") + ";";
    }

    /** An expression key (lower(email), created_at::date) goes in parentheses, as CREATE INDEX requires. */
    private static String key(String column) {
        return column.matches("[A-Za-z_][A-Za-z0-9_$]*") ? column : "(" + column + ")";
    }
}
