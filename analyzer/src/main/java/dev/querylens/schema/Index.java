package dev.querylens.schema;

import java.util.List;

/**
 * An index as the catalog knows it. {@code keys} are the index's key columns in order; an
 * expression key is kept as its SQL text (for example {@code lower(email)}). Primary keys and
 * unique constraints appear here too, since PostgreSQL backs them with an index.
 */
public record Index(
        String name,
        String table,
        List<String> keys,
        List<String> include,
        boolean unique,
        String method,
        String predicate) {

    public Index {
        keys = List.copyOf(keys);
        include = include == null ? List.of() : List.copyOf(include);
        method = method == null ? "btree" : method;
    }

    public String leadingKey() {
        return keys.isEmpty() ? null : keys.get(0);
    }

    public boolean isPartial() {
        return predicate != null;
    }
}
