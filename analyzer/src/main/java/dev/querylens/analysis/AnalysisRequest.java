package dev.querylens.analysis;

import java.nio.file.Path;
import java.util.List;

/**
 * What to analyze: workload inputs, DDL inputs, the server's log_line_prefix, project settings.
 * DDL found among the inputs feeds the schema too, so {@code schema} is only needed for DDL kept
 * elsewhere. {@code config} holds rule settings and what to ignore.
 */
public record AnalysisRequest(List<Path> inputs, List<Path> schema, String logLinePrefix, ProjectConfig config) {
    public AnalysisRequest {
        inputs = List.copyOf(inputs);
        schema = schema == null ? List.of() : List.copyOf(schema);
        config = config == null ? ProjectConfig.none() : config;
    }
}
