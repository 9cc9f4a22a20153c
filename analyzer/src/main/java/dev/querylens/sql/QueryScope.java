package dev.querylens.sql;

import dev.querylens.schema.Catalog;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.schema.Column;

/**
 * The tables visible in one query block, by alias and by name, and the block it is nested in:
 * a correlated subquery (EXISTS (SELECT ... WHERE l_orderkey = o_orderkey)) names the outer
 * block's columns, and that comparison is a join.
 */
final class QueryScope {
    final Map<String, String> byAlias = new LinkedHashMap<>();
    private final Catalog catalog;
    private final QueryScope outer;

    QueryScope(Catalog catalog, QueryScope outer) {
        this.catalog = catalog;
        this.outer = outer;
    }

    /** Makes {@code table} visible by name and alias; adds its name to {@code tables}; returns it. */
    String add(net.sf.jsqlparser.schema.Table table, Set<String> tables) {
        String name = tableName(table);
        tables.add(name);
        byAlias.put(bare(name), name);
        byAlias.put(name, name);
        if (table.getAlias() != null) {
            byAlias.put(unquote(table.getAlias().getName()), name);
        }
        return name;
    }

    ColumnRef resolve(Column column) {
        String name = unquote(column.getColumnName());
        if (column.getTable() != null && column.getTable().getName() != null) {
            String qualifier = unquote(column.getTable().getName());
            if (!byAlias.containsKey(qualifier) && outer != null) {
                return outer.resolve(column);
            }
            return new ColumnRef(byAlias.getOrDefault(qualifier, qualifier), name);
        }
        Set<String> distinct = new LinkedHashSet<>(byAlias.values());
        List<String> owners = distinct.stream()
                .filter(t -> catalog.table(t).flatMap(tb -> tb.column(name)).isPresent())
                .toList();
        if (owners.size() == 1) {
            return new ColumnRef(owners.get(0), name);
        }
        if (owners.isEmpty() && outer != null && distinct.stream().allMatch(t -> knownWithout(t, name))) {
            return outer.resolve(column);
        }
        if (distinct.size() == 1) {
            return new ColumnRef(distinct.iterator().next(), name);
        }
        return new ColumnRef(null, name);
    }

    /** The catalog knows the table's columns and this is not one of them. */
    private boolean knownWithout(String table, String column) {
        return catalog.table(table).map(t -> !t.columns().isEmpty() && t.column(column).isEmpty()).orElse(false);
    }

    static String tableName(net.sf.jsqlparser.schema.Table table) {
        String name = unquote(table.getName());
        String schema = table.getSchemaName() == null ? null : unquote(table.getSchemaName());
        return schema == null || schema.equals("public") ? name : schema + "." + name;
    }

    private static String bare(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }

    static String unquote(String s) {
        if (s == null) {
            return null;
        }
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            return s.substring(1, s.length() - 1);
        }
        return s.toLowerCase(Locale.ROOT);
    }
}
