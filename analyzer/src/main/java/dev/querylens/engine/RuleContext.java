package dev.querylens.engine;

import dev.querylens.schema.Catalog;
import java.util.Map;

/** What a rule may read besides its input: the catalog, its effective definition and parameters. */
public record RuleContext(Catalog catalog, RuleDefinition definition, Severity severity, Map<String, Object> parameters) {

    public RuleContext {
        parameters = Map.copyOf(parameters);
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

    public String text(String name) {
        Object v = parameters.get(name);
        return v == null ? null : v.toString();
    }
}
