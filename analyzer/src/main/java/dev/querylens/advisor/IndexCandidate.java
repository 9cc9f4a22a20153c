package dev.querylens.advisor;

import dev.querylens.sql.Quote;
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

    /**
     * table_keys[_incl_columns][_where_condition]_idx, readable and different for every distinct
     * index: CREATE INDEX IF NOT EXISTS would silently skip a second index that shared a name. A
     * name longer than PostgreSQL keeps ends in a hash of the whole definition instead.
     */
    public String name() {
        String bare = table.contains(".") ? table.substring(table.indexOf('.') + 1) : table;
        String base = bare + "_" + words(String.join(" ", columns))
                + (include.isEmpty() ? "" : "_incl_" + words(String.join(" ", include)))
                + (predicate != null ? "_where_" + words(predicate) : "");
        if (base.length() + 4 <= MAX_NAME) {
            return base + "_idx";
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(ddlOf(table).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String hash = String.format("%08x", crc.getValue());
        return base.substring(0, MAX_NAME - 4 - 9).replaceAll("_+$", "") + "_" + hash + "_idx";
    }

    /** An identifier-safe, lower-case rendering: lower(email) -> lower_email, status = 'open' -> status_open. */
    private static String words(String text) {
        return text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]+", "_").replaceAll("^_+|_+$", "");
    }

    /** The advice: CREATE INDEX CONCURRENTLY IF NOT EXISTS, so it can run on a live table and twice. */
    public String ddl() {
        return render(true) + ";";
    }

    /**
     * The statement a what-if planner builds the index with: plain CREATE INDEX (HypoPG and a
     * transaction take no CONCURRENTLY), no IF NOT EXISTS, no semicolon.
     */
    public String createStatement() {
        return render(false);
    }

    /** The index's schema-qualified name, quoted as SQL (for to_regclass and DROP INDEX). */
    public String qualifiedName() {
        int dot = table.indexOf('.');
        return dot < 0 ? Quote.ident(name()) : Quote.ident(table.substring(0, dot)) + "." + Quote.ident(name());
    }

    private String render(boolean advice) {
        return "CREATE INDEX " + (advice ? "CONCURRENTLY IF NOT EXISTS " : "") + Quote.ident(name()) + " ON " + ddlOf(table);
    }

    /** The definition after the name, every name quoted by {@link Quote}; {@code predicate} is SQL QueryLens built with it too. */
    private String ddlOf(String on) {
        return Quote.qualified(on) + " (" + String.join(", ", columns.stream().map(IndexKey::sql).toList()) + ")"
                + (include.isEmpty() ? "" : " INCLUDE (" + String.join(", ", include.stream().map(Quote::ident).toList()) + ")")
                + (predicate != null ? " WHERE " + predicate : "");
    }
}
