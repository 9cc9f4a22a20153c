package dev.querylens.schema;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The schema QueryLens knows: tables by qualified name. Lookups accept a bare name (resolved in
 * the {@code public} schema first, as PostgreSQL's default search_path would) or "schema.name".
 */
public final class Catalog {
    private final Map<String, Table> tables;

    public Catalog(Collection<Table> tables) {
        Map<String, Table> byName = new LinkedHashMap<>();
        for (Table t : tables) {
            byName.put(t.qualifiedName(), t);
        }
        this.tables = Map.copyOf(byName);
    }

    public static Catalog empty() {
        return new Catalog(java.util.List.of());
    }

    public Collection<Table> tables() {
        return tables.values().stream()
                .sorted(java.util.Comparator.comparing(Table::qualifiedName))
                .toList();
    }

    /** The same catalog with row estimates (by qualified name) from a live server's statistics. */
    public Catalog withRowEstimates(Map<String, Long> rows) {
        return new Catalog(tables.values().stream()
                .map(t -> new Table(t.schema(), t.name(), t.columns(), t.indexes(), t.foreignKeys(), t.rowLevelSecurity(),
                        t.policies(), rows.getOrDefault(t.qualifiedName(), t.rowEstimate()), t.definedAt()))
                .toList());
    }

    /** The same catalog with distinct-value counts, by qualified table name and column, from a live server's statistics. */
    public Catalog withDistinctValues(Map<String, Map<String, Long>> distinct) {
        return new Catalog(tables.values().stream()
                .map(t -> new Table(t.schema(), t.name(), t.columns().stream()
                        .map(c -> new Column(c.name(), c.type(), c.notNull(),
                                distinct.getOrDefault(t.qualifiedName(), Map.of()).getOrDefault(c.name(), c.distinctValues())))
                        .toList(), t.indexes(), t.foreignKeys(), t.rowLevelSecurity(), t.policies(), t.rowEstimate(), t.definedAt()))
                .toList());
    }

    public boolean isEmpty() {
        return tables.isEmpty();
    }

    public Optional<Table> table(String name) {
        if (name == null) {
            return Optional.empty();
        }
        // names from parsed SQL and DDL are already folded as PostgreSQL folds them ("Evil Table"
        // keeps its case); a lower-cased retry serves names typed by hand (config, command line)
        Optional<Table> exact = lookup(name);
        return exact.isPresent() ? exact : lookup(name.toLowerCase(java.util.Locale.ROOT));
    }

    private Optional<Table> lookup(String n) {
        Table qualified = tables.get(n);
        if (qualified != null) {
            return Optional.of(qualified);
        }
        Table inPublic = tables.get("public." + n);
        if (inPublic != null) {
            return Optional.of(inPublic);
        }
        return tables.values().stream().filter(t -> t.name().equals(n)).findFirst();
    }
}
