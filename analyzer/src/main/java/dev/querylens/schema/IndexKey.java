package dev.querylens.schema;

import dev.querylens.sql.Quote;
import java.util.Objects;

/**
 * One key of an index as PostgreSQL stores it (pg_index.indkey/indexprs, indcollation, indclass,
 * indoption). {@code written} is the column name or the expression as the DDL wrote it, so the
 * index can be rendered again; {@code key} is the normalized form rules compare. {@code collation}
 * and {@code opclass} are null when the DDL named none (the column's collation, the type's
 * default operator class). {@code nullsFirst} is the effective order, so {@code DESC} and
 * {@code DESC NULLS FIRST} compare equal, as they do in indoption.
 */
public record IndexKey(String key, String written, boolean expression, String collation, String opclass,
                       boolean descending, boolean nullsFirst) {

    public IndexKey {
        Objects.requireNonNull(key, "key");
        written = written == null ? key : written;
    }

    /** A plain ascending key on a column, with its default collation and operator class. */
    public static IndexKey column(String name) {
        return new IndexKey(name, name, false, null, null, false, false);
    }

    /** Whether two keys sort and compare the same way: the same key, collation, operator class and order. */
    public boolean sameDefinitionAs(IndexKey other) {
        return key.equals(other.key) && Objects.equals(collation, other.collation) && Objects.equals(opclass, other.opclass)
                && descending == other.descending && nullsFirst == other.nullsFirst;
    }

    /** The key as DDL: an expression in parentheses, then COLLATE, operator class and order when not the defaults. */
    public String ddl() {
        StringBuilder s = new StringBuilder(expression ? "(" + written + ")" : Quote.ident(written));
        if (collation != null) {
            s.append(" COLLATE ").append(collation.contains(".") ? Quote.qualified(collation) : Quote.ident(collation));
        }
        if (opclass != null) {
            s.append(' ').append(opclass);
        }
        if (descending) {
            s.append(" DESC");
        }
        if (nullsFirst != descending) {
            s.append(nullsFirst ? " NULLS FIRST" : " NULLS LAST");
        }
        return s.toString();
    }
}
