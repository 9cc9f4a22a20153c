package dev.querylens.engine;

import dev.querylens.collect.SourceLocation;
import java.util.List;
import java.util.Map;

/**
 * One problem a rule found, with what shows it (evidence) and what to do (fix).
 *
 * @param sql       the normalized statement it is about, or null for schema findings
 * @param evidence  named facts: counts, durations, sample values, plan nodes; values are JSON-friendly
 */
public record Finding(
        String rule,
        Severity severity,
        String message,
        String sql,
        String table,
        List<String> columns,
        List<SourceLocation> locations,
        Map<String, Object> evidence,
        String fix) {

    public Finding {
        columns = columns == null ? List.of() : List.copyOf(columns);
        locations = locations == null ? List.of() : List.copyOf(locations);
        evidence = evidence == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evidence));
    }
}
