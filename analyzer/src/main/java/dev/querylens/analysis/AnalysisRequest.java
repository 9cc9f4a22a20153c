package dev.querylens.analysis;

import dev.querylens.collect.SourceKind;
import dev.querylens.database.ConnectionSettings;
import dev.querylens.workload.MemoryLimits;
import java.nio.file.Path;
import java.util.List;

/**
 * What to analyze: workload inputs, DDL inputs, the server's log_line_prefix, project settings.
 * DDL found among the inputs feeds the schema too, so {@code schema} is only needed for DDL kept
 * elsewhere. {@code config} holds rule settings and what to ignore; {@code sourceFormat}, when not
 * null, is the kind every input is read as instead of detecting it; {@code database}, when not null,
 * is a server whose pg_stat_statements is read (read-only) as one more input; {@code limits} bound
 * how many statement shapes and open sessions are held at once.
 */
public record AnalysisRequest(List<Path> inputs, List<Path> schema, String logLinePrefix, ProjectConfig config,
                              SourceKind sourceFormat, ConnectionSettings database, MemoryLimits limits) {
    public AnalysisRequest(List<Path> inputs, List<Path> schema, String logLinePrefix, ProjectConfig config) {
        this(inputs, schema, logLinePrefix, config, null, null);
    }

    public AnalysisRequest(List<Path> inputs, List<Path> schema, String logLinePrefix, ProjectConfig config,
                           SourceKind sourceFormat, ConnectionSettings database) {
        this(inputs, schema, logLinePrefix, config, sourceFormat, database, MemoryLimits.DEFAULT);
    }

    public AnalysisRequest {
        inputs = List.copyOf(inputs);
        schema = schema == null ? List.of() : List.copyOf(schema);
        config = config == null ? ProjectConfig.none() : config;
        limits = limits == null ? MemoryLimits.DEFAULT : limits;
    }
}
