package dev.querylens.engine;

import dev.querylens.schema.Catalog;
import java.util.Map;

/**
 * What a rule may read besides its input: the catalog, its effective definition and parameters,
 * and whether an API exposes the schemas ({@code api}: the catalog models tables, not who can reach them).
 */
public record RuleContext(Catalog catalog, RuleDefinition definition, Severity severity, Map<String, Object> parameters,
                          ApiExposure api) {

    public RuleContext {
        parameters = Map.copyOf(parameters);
        api = api == null ? ApiExposure.none() : api;
    }

    public double number(String name) {
        Object v = parameters.get(name);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            return Double.parseDouble(s);
        }
        throw new IllegalStateException("rule " + definition.id() + " has no numeric parameter '" + name + "'");
    }

    /** The table's schema-qualified name when the catalog knows it, else the name as written. */
    public String qualified(String table) {
        return table == null ? null : catalog.table(table).map(dev.querylens.schema.Table::qualifiedName).orElse(table);
    }

    public String text(String name) {
        Object v = parameters.get(name);
        return v == null ? null : v.toString();
    }
}
