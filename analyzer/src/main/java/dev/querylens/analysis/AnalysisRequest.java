package dev.querylens.analysis;

import dev.querylens.engine.RuleSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to analyze: workload inputs, DDL inputs, the server's log_line_prefix, per-rule settings.
 * DDL found among the inputs feeds the schema too, so {@code schema} is only needed for DDL kept
 * elsewhere.
 */
public record AnalysisRequest(List<Path> inputs, List<Path> schema, String logLinePrefix, Map<String, RuleSettings> rules) {
    public AnalysisRequest {
        inputs = List.copyOf(inputs);
        schema = schema == null ? List.of() : List.copyOf(schema);
        rules = rules == null ? Map.of() : Map.copyOf(rules);
    }
}
