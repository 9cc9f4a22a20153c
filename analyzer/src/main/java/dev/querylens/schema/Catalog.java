package dev.querylens.schema;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The schema QueryLens knows: tables by qualified name, and the functions, views, extensions and
 * API client roles (anon, authenticated) the security rules read. Lookups accept a bare name
 * (resolved in the {@code public} schema first, as PostgreSQL's default search_path would) or
 * "schema.name".
 */
public final class Catalog {
    private final Map<String, Table> tables;
    private final Objects objects;

    /** Everything in the catalog that is not a table; {@code serverVersion} is a live server's server_version_num, 0 from DDL. */
    public record Objects(java.util.List<Routine> routines, java.util.List<View> views, java.util.List<Extension> extensions,
                          java.util.Set<String> clientRoles, int serverVersion, TriggerFacts triggers) {
        public static final Objects NONE = new Objects(java.util.List.of(), java.util.List.of(), java.util.List.of(), java.util.Set.of(), 0);

        public Objects(java.util.List<Routine> routines, java.util.List<View> views, java.util.List<Extension> extensions,
                       java.util.Set<String> clientRoles, int serverVersion) {
            this(routines, views, extensions, clientRoles, serverVersion, TriggerFacts.NONE);
        }

        public Objects(java.util.List<Routine> routines, java.util.List<View> views, java.util.List<Extension> extensions,
                       java.util.Set<String> clientRoles) {
            this(routines, views, extensions, clientRoles, 0);
        }

        public Objects {
            routines = java.util.List.copyOf(routines);
            views = java.util.List.copyOf(views);
            extensions = java.util.List.copyOf(extensions);
            clientRoles = java.util.Set.copyOf(clientRoles);
            triggers = triggers == null ? TriggerFacts.NONE : triggers;
        }
    }

    public Catalog(Collection<Table> tables) {
        this(tables, Objects.NONE);
    }

    public Catalog(Collection<Table> tables, Objects objects) {
        Map<String, Table> byName = new LinkedHashMap<>();
        for (Table t : tables) {
            byName.put(t.qualifiedName(), t);
        }
        this.tables = Map.copyOf(byName);
        this.objects = objects;
    }

    public Objects objects() {
        return objects;
    }

    public java.util.List<Routine> routines() {
        return objects.routines();
    }

    public java.util.List<View> views() {
        return objects.views();
    }

    public java.util.List<Extension> extensions() {
        return objects.extensions();
    }

    /** Triggers (internal ones left out), what their functions write, and live call counts where tracked. */
    public TriggerFacts triggers() {
        return objects.triggers();
    }

    /** The live server's server_version_num, 0 when the catalog came from DDL alone. */
    public int serverVersion() {
        return objects.serverVersion();
    }

    /** The API client roles (anon, authenticated) the catalog shows exist: CREATE ROLE in the DDL, pg_roles live. */
    public java.util.Set<String> clientRoles() {
        return objects.clientRoles();
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
                .toList(), objects);
    }

    /** The same catalog with distinct-value counts, by qualified table name and column, from a live server's statistics. */
    public Catalog withDistinctValues(Map<String, Map<String, Long>> distinct) {
        return new Catalog(tables.values().stream()
                .map(t -> new Table(t.schema(), t.name(), t.columns().stream()
                        .map(c -> new Column(c.name(), c.type(), c.notNull(),
                                distinct.getOrDefault(t.qualifiedName(), Map.of()).getOrDefault(c.name(), c.distinctValues())))
                        .toList(), t.indexes(), t.foreignKeys(), t.rowLevelSecurity(), t.policies(), t.rowEstimate(), t.definedAt()))
                .toList(), objects);
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
