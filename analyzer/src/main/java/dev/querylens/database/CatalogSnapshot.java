package dev.querylens.database;

import java.util.SortedMap;

/**
 * The catalog as a migration left it, for the rollback check of a trace: what {@code analyze --db}
 * reads ({@link CatalogRows}) and the definitions a down must also put back (see
 * {@code CatalogQueries#details}), keyed by what each is.
 */
public record CatalogSnapshot(CatalogRows rows, SortedMap<String, String> details) {
    public CatalogSnapshot {
        details = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(details));
    }
}
