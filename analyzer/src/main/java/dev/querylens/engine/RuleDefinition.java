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
        // the file's order, so `querylens rules` prints the parameters the same way every run (Map.copyOf would not)
        parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
        examples = examples == null ? List.of() : List.copyOf(examples);
    }

    /** A tunable threshold with its default. */
    public record Parameter(Object defaultValue, String description) {
    }

    /**
     * An input the rule must fire on ({@code fires > 0}: that many findings) or stay silent on
     * ({@code fires == 0}). {@code schema} is DDL; {@code sql} a script of statements; {@code log}
     * a PostgreSQL stderr log excerpt (or {@code logFile}, a path beside the definition, for a long one); {@code plan} EXPLAIN (FORMAT JSON) output (given in the
     * definition file as {@code planFile}, a path beside it). Where a rule depends on where the
     * input lives or on the project, {@code sqlFile}/{@code schemaFile} say where the SQL is written
     * (a relative path such as {@code supabase/migrations/0001_init.sql}; null: a plain file),
     * {@code config} is a querylens.yaml, and {@code rowEstimates} (qualified table to rows) stand in
     * for a live catalog's statistics. {@code files} (relative path to text) are more inputs, such as
     * the earlier files of a migration history, written before {@code sql}. {@code trace}: the
     * migration files are first traced on a real PostgreSQL (as migrations --trace does without --db),
     * for the rules that judge what the server did. {@code activity} stands for a live database's
     * pg_stat_activity and connection limits, {@code health} for its index statistics, sequences and
     * wraparound ages (null: no live database).
     */
    public record Example(String name, int fires, String schema, String sql, String log, String plan, String contains,
                          String sqlFile, String schemaFile, String config, Map<String, Long> rowEstimates,
                          Map<String, String> files, boolean trace, dev.querylens.database.BackendActivity activity,
                          dev.querylens.database.LiveHealth health) {
        public Example {
            rowEstimates = rowEstimates == null ? Map.of() : Map.copyOf(rowEstimates);
            files = files == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(files));
        }

        public Example(String name, int fires, String schema, String sql, String log, String plan, String contains,
                       String sqlFile, String schemaFile, String config, Map<String, Long> rowEstimates, Map<String, String> files) {
            this(name, fires, schema, sql, log, plan, contains, sqlFile, schemaFile, config, rowEstimates, files, false, null, null);
        }

        public Example(String name, int fires, String schema, String sql, String log, String plan, String contains) {
            this(name, fires, schema, sql, log, plan, contains, null, null, null, Map.of(), Map.of(), false, null, null);
        }

        public Example(String name, int fires, String schema, String sql, String log, String plan, String contains,
                       String sqlFile, String schemaFile, String config, Map<String, Long> rowEstimates) {
            this(name, fires, schema, sql, log, plan, contains, sqlFile, schemaFile, config, rowEstimates, Map.of(), false, null, null);
        }
    }
}
