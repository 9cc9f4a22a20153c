package dev.querylens.advisor;

import dev.querylens.sql.Quote;
import java.util.List;

/**
 * An index that could be created: key columns in order, columns carried in its leaves only
 * ({@code INCLUDE}, so a query that reads just these columns can be answered by an index-only
 * scan), and an optional partial-index predicate. Its name is derived from table and columns so
 * the same advice keeps the same name across runs.
 *
 * <p>A value like a record (equal by its four parts), but a class: it keeps its rendered texts
 * once made. The what-if selection keys its costs by them and sorts index sets by them, and on
 * TPC-DS rendering them again each time was half of the JVM's own work (benchmarks/README.md).
 */
public final class IndexCandidate {
    private static final int MAX_NAME = 63; // PostgreSQL's NAMEDATALEN - 1
    private final String table;
    private final List<String> columns;
    private final String predicate;
    private final List<String> include;
    /** Rendered on first use; a race renders the same text twice, harmlessly (String is immutable). */
    private String ddl;
    private String createStatement;
    private int hash;

    public IndexCandidate(String table, List<String> columns, String predicate, List<String> include) {
        this.table = table;
        this.columns = List.copyOf(columns);
        this.predicate = predicate;
        this.include = include == null ? List.of() : List.copyOf(include);
    }

    public String table() {
        return table;
    }

    public List<String> columns() {
        return columns;
    }

    public String predicate() {
        return predicate;
    }

    public List<String> include() {
        return include;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof IndexCandidate i && table.equals(i.table) && columns.equals(i.columns)
                && java.util.Objects.equals(predicate, i.predicate) && include.equals(i.include);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = java.util.Objects.hash(table, columns, predicate, include);
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return "IndexCandidate[table=" + table + ", columns=" + columns + ", predicate=" + predicate + ", include=" + include + "]";
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
        String d = ddl;
        if (d == null) {
            d = render(true) + ";";
            ddl = d;
        }
        return d;
    }

    /**
     * The statement a what-if planner builds the index with: plain CREATE INDEX (HypoPG and a
     * transaction take no CONCURRENTLY), no IF NOT EXISTS, no semicolon.
     */
    public String createStatement() {
        String c = createStatement;
        if (c == null) {
            c = render(false);
            createStatement = c;
        }
        return c;
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
