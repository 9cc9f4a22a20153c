package dev.querylens.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the DDL read so far has built: tables, the relations that share their namespace but are
 * not tables (views, materialized views, sequences: an index on a materialized view belongs to
 * it, not to a phantom table), the schemas that exist and the search_path that resolves
 * unqualified names, as the server would resolve them at that point of the migration history.
 */
final class SchemaDraft {
    enum Kind { VIEW, MATERIALIZED_VIEW, SEQUENCE, FOREIGN_TABLE }

    final Map<String, TableDraft> tables = new LinkedHashMap<>();
    /** Relations that are not tables, by qualified name; a materialized view's draft holds its indexes. */
    final Map<String, TableDraft> others = new LinkedHashMap<>();
    final Map<String, Kind> kinds = new LinkedHashMap<>();
    /** Functions and procedures by {@link RoutineDdl#key}: schema, name and input argument types. */
    final Map<String, Routine> routines = new LinkedHashMap<>();
    final Map<String, Extension> extensions = new LinkedHashMap<>();
    /** What each function's body writes, by the function's qualified name (the latest CREATE of that name). */
    final Map<String, FunctionWrites> functionWrites = new LinkedHashMap<>();
    /** API client roles CREATE ROLE made: anon, authenticated, service_role. */
    final Set<String> clientRoles = new java.util.TreeSet<>();
    /** Who gets EXECUTE on a new function: PostgreSQL's default is PUBLIC; ALTER DEFAULT PRIVILEGES changes it. */
    final Set<String> functionDefaults = new HashSet<>(Set.of("public"));
    /** ALTER DEFAULT PRIVILEGES IN SCHEMA adds grantees for functions created in that schema. */
    final Map<String, Set<String>> schemaFunctionDefaults = new java.util.HashMap<>();
    /**
     * Roles ALTER DEFAULT PRIVILEGES IN SCHEMA s REVOKE EXECUTE ON FUNCTIONS took out of the
     * schema's defaults (and no later per-schema GRANT gave back). The DDL does not show grants a
     * platform made before the first migration (Supabase: IN SCHEMA public ... TO anon,
     * authenticated), but PostgreSQL removes those too: functions created afterwards start revoked
     * from these roles. (A per-schema REVOKE cannot take away the global default, PUBLIC.)
     */
    final Map<String, Set<String>> schemaFunctionRevokes = new java.util.HashMap<>();
    private final Set<String> schemas = new HashSet<>(Set.of("public"));
    private List<String> searchPath = List.of("public");

    void resetSearchPath() {
        searchPath = List.of("public");
    }

    List<String> searchPath() {
        return searchPath;
    }

    boolean schemaExists(String schema) {
        return schemas.contains(schema);
    }

    void setSearchPath(List<String> path) {
        searchPath = List.copyOf(path);
    }

    void createSchema(String schema) {
        schemas.add(schema);
    }

    void dropSchema(String schema) {
        schemas.remove(schema);
        tables.keySet().removeIf(q -> q.startsWith(schema + "."));
        others.keySet().removeIf(q -> q.startsWith(schema + "."));
        kinds.keySet().removeIf(q -> q.startsWith(schema + "."));
        routines.values().removeIf(r -> r.schema().equals(schema));
        extensions.values().removeIf(e -> e.schema().equals(schema));
    }

    /** ALTER SCHEMA ... RENAME TO: everything in it moves; a search_path naming the old schema finds nothing there any more. */
    void renameSchema(String from, String to) {
        schemas.remove(from);
        schemas.add(to);
        for (TableDraft t : List.copyOf(tables.values())) {
            if (t.schema.equals(from)) {
                renameTable(t, to + "." + t.name);
            }
        }
        for (String other : List.copyOf(others.keySet())) {
            if (other.startsWith(from + ".")) {
                renameOther(other, to + other.substring(from.length()));
            }
        }
        for (var e : List.copyOf(routines.entrySet())) {
            if (e.getValue().schema().equals(from)) {
                routines.remove(e.getKey());
                Routine r = RoutineDdl.inSchema(e.getValue(), to);
                routines.put(RoutineDdl.key(r), r);
            }
        }
        extensions.replaceAll((n, e) -> e.schema().equals(from) ? new Extension(n, to, e.definedAt()) : e);
    }

    /** Where CREATE puts an unqualified name: the first schema on the search_path that exists. */
    String forCreate(String written) throws DdlException {
        if (written.contains(".")) {
            schemas.add(written.substring(0, written.indexOf('.')));
            return written;
        }
        for (String s : searchPath) {
            if (schemas.contains(s)) {
                return s + "." + written;
            }
        }
        throw new DdlException("no schema on the search_path (" + String.join(", ", searchPath) + ") to create " + written + " in");
    }

    /** The relation an unqualified name means: the first schema on the search_path that has it. */
    String resolve(String written) throws DdlException {
        if (written.contains(".")) {
            return written;
        }
        for (String s : searchPath) {
            if (tables.containsKey(s + "." + written) || others.containsKey(s + "." + written)) {
                return s + "." + written;
            }
        }
        return forCreate(written);
    }

    Optional<TableDraft> table(String qualified) {
        return Optional.ofNullable(tables.get(qualified));
    }

    /** Whether a relation (table, index, view, sequence) of this name exists in the schema: names chosen for indexes avoid it. */
    boolean relationExists(String schema, String name) {
        String q = schema + "." + name;
        return tables.containsKey(q) || others.containsKey(q) || allDrafts().stream()
                .anyMatch(d -> d.schema.equals(schema) && d.indexes.stream().anyMatch(ix -> ix.name().equals(name)));
    }

    /** Whether a constraint of this name exists in the schema: names chosen for foreign keys avoid it. */
    boolean constraintExists(String schema, String name) {
        return tables.values().stream().filter(t -> t.schema.equals(schema)).anyMatch(t ->
                t.foreignKeys.stream().anyMatch(fk -> name.equals(fk.name()))
                        || t.indexes.stream().anyMatch(ix -> ix.name().equals(name)));
    }

    List<TableDraft> allDrafts() {
        List<TableDraft> all = new ArrayList<>(tables.values());
        all.addAll(others.values());
        return all;
    }

    /** The table or materialized view holding the named index, looked up along the search_path when unqualified. */
    Optional<TableDraft> holderOfIndex(String written) {
        String bare = written.contains(".") ? written.substring(written.indexOf('.') + 1) : written;
        List<String> inSchemas = written.contains(".") ? List.of(written.substring(0, written.indexOf('.'))) : searchPath;
        for (String s : inSchemas) {
            for (TableDraft d : allDrafts()) {
                if (d.schema.equals(s) && d.indexes.stream().anyMatch(ix -> ix.name().equals(bare))) {
                    return Optional.of(d);
                }
            }
        }
        return Optional.empty();
    }

    void dropTable(String qualified) {
        TableDraft dropped = tables.remove(qualified);
        if (dropped != null) {
            // a partitioned table's partitions go with it
            List.copyOf(tables.values()).stream().filter(t -> qualified.equals(t.partitionOf)).forEach(t -> dropTable(t.qualified));
        }
        // PostgreSQL refuses to drop a referenced table unless CASCADE, which drops the references
        for (TableDraft t : tables.values()) {
            t.foreignKeys.removeIf(fk -> fk.referencedTable().equals(qualified));
        }
    }

    void dropOther(String qualified) {
        others.remove(qualified);
        kinds.remove(qualified);
    }

    void renameTable(TableDraft table, String newQualified) {
        String old = table.qualified;
        tables.remove(old);
        table.rename(newQualified);
        tables.put(newQualified, table);
        for (TableDraft t : tables.values()) {
            t.foreignKeys.replaceAll(fk -> fk.referencedTable().equals(old)
                    ? new ForeignKey(fk.name(), fk.columns(), newQualified, fk.referencedColumns(), fk.definedAt()) : fk);
            if (old.equals(t.partitionOf)) {
                t.partitionOf = newQualified; // pg_inherits holds the parent's oid
            }
        }
    }

    void renameOther(String old, String newQualified) {
        TableDraft d = others.remove(old);
        Kind k = kinds.remove(old);
        d.rename(newQualified);
        others.put(newQualified, d);
        kinds.put(newQualified, k);
    }

    /** A type renamed: columns of that type keep it under its new name, as they hold its oid. */
    void renameType(String written, String to) {
        String bare = written.contains(".") ? written.substring(written.indexOf('.') + 1) : written;
        Pattern typeName = Pattern.compile("^((?:\"?[\\w$]+\"?\\.)?)(" + Pattern.quote(dev.querylens.sql.Quote.ident(bare))
                + "|\"" + Pattern.quote(bare) + "\")(\\s*\\(.*\\))?((?:\\[\\])*)$");
        for (TableDraft t : tables.values()) {
            for (Column c : List.copyOf(t.columns)) {
                Matcher m = typeName.matcher(c.type());
                if (m.matches()) {
                    t.setType(c.name(), m.group(1) + dev.querylens.sql.Quote.ident(to) + (m.group(3) == null ? "" : m.group(3)) + m.group(4));
                }
            }
        }
    }

    /** A column renamed: its indexes, this table's foreign keys and other tables' references follow it. */
    void renameColumn(TableDraft table, String from, String to) {
        table.columns.replaceAll(c -> c.name().equals(from) ? new Column(to, c.type(), c.notNull(), c.distinctValues()) : c);
        table.indexes.replaceAll(ix -> renameInIndex(ix, from, to));
        table.foreignKeys.replaceAll(fk -> new ForeignKey(fk.name(), replace(fk.columns(), from, to), fk.referencedTable(), fk.referencedColumns(), fk.definedAt()));
        // pg_trigger.tgattr holds column numbers: an UPDATE OF trigger follows the rename
        table.triggers.replaceAll(tr -> tr.updateOf().contains(from) ? tr.updateOf(replace(tr.updateOf(), from, to)) : tr);
        for (TableDraft t : tables.values()) {
            t.foreignKeys.replaceAll(fk -> fk.referencedTable().equals(table.qualified)
                    ? new ForeignKey(fk.name(), fk.columns(), fk.referencedTable(), replace(fk.referencedColumns(), from, to), fk.definedAt()) : fk);
        }
    }

    /** A column dropped takes the indexes and foreign keys that use it along (CASCADE or not, the server drops those). */
    void dropColumn(TableDraft table, String column) {
        table.columns.removeIf(c -> c.name().equals(column));
        table.indexes.removeIf(ix -> ix.keys().contains(column) || ix.include().contains(column)
                || ix.definition().stream().anyMatch(k -> k.expression() && mentions(k.written(), column))
                || ix.predicate() != null && mentions(ix.predicate(), column));
        table.foreignKeys.removeIf(fk -> fk.columns().contains(column));
        // an UPDATE OF trigger depends on its columns: DROP COLUMN ... CASCADE drops it (without CASCADE the server refuses)
        table.triggers.removeIf(tr -> tr.updateOf().contains(column));
        for (TableDraft t : tables.values()) {
            t.foreignKeys.removeIf(fk -> fk.referencedTable().equals(table.qualified) && fk.referencedColumns().contains(column));
        }
    }

    private static Index renameInIndex(Index ix, String from, String to) {
        List<IndexKey> keys = ix.definition().stream().map(k -> k.expression()
                ? new IndexKey(SqlText.indexKey(rename(k.written(), from, to)), rename(k.written(), from, to), true, k.collation(), k.opclass(), k.descending(), k.nullsFirst())
                : k.key().equals(from) ? new IndexKey(to, to, false, k.collation(), k.opclass(), k.descending(), k.nullsFirst()) : k).toList();
        return Index.of(ix.name(), ix.table(), keys, replace(ix.include(), from, to), ix.unique(), ix.method(),
                ix.predicate() == null ? null : rename(ix.predicate(), from, to), ix.constraint())
                .withNullsNotDistinct(ix.nullsNotDistinct()).at(ix.definedAt());
    }

    private static List<String> replace(List<String> names, String from, String to) {
        return names.stream().map(n -> n.equals(from) ? to : n).toList();
    }

    private static boolean mentions(String text, String column) {
        return namePattern(column).matcher(text).find();
    }

    /** The column's name as a whole word or quoted name in expression text, outside string literals being rare enough to ignore. */
    private static String rename(String text, String from, String to) {
        return namePattern(from).matcher(text).replaceAll(Matcher.quoteReplacement(dev.querylens.sql.Quote.ident(to)));
    }

    private static Pattern namePattern(String column) {
        String bare = column.equals(SqlText.lower(column)) ? "|(?i)(?<![\\w\"$])" + Pattern.quote(column) + "(?![\\w\"$])" : "";
        return Pattern.compile("\"" + Pattern.quote(column.replace("\"", "\"\"")) + "\"" + bare);
    }
}
