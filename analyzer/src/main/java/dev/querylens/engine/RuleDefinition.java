package dev.querylens.engine;

import java.util.List;
import java.util.Map;

/**
 * A rule's metadata as written in its definition file in the rules module
 * ({@code querylens/rules/<id>.yaml}): what it finds, why it matters, how to fix it, the
 * published source its thresholds follow, its parameters' defaults, and examples that must and
 * must not fire.
 */
public record RuleDefinition(
        String id,
        String title,
        Severity severity,
        String category,
        String kind,
        String rationale,
        String fix,
        String source,
        Map<String, Parameter> parameters,
        List<Example> examples) {

    public RuleDefinition {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
        examples = examples == null ? List.of() : List.copyOf(examples);
    }

    /** A tunable threshold with its default. */
    public record Parameter(Object defaultValue, String description) {
    }

    /**
     * An input the rule must fire on ({@code fires > 0}: that many findings) or stay silent on
     * ({@code fires == 0}). {@code schema} is DDL; {@code sql} a script of statements; {@code log}
     * a PostgreSQL stderr log excerpt; {@code plan} EXPLAIN (FORMAT JSON) output (given in the
     * definition file as {@code planFile}, a path beside it).
     */
    public record Example(String name, int fires, String schema, String sql, String log, String plan, String contains) {
    }
}
