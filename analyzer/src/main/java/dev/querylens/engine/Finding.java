package dev.querylens.engine;

import dev.querylens.collect.SourceLocation;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One problem a rule found, with what shows it (evidence) and what to do (fix).
 *
 * @param sql           the normalized statement it is about, or null for schema findings
 * @param evidence      named facts: counts, durations, sample values, plan nodes; values are JSON-friendly.
 *                      Kept in the order the rule put them when it gave an ordered map, else by name, so
 *                      identical input gives identical reports
 * @param timeAtStakeMs the time the problem costs as far as the input shows it: the statement's total
 *                      time, a loop's time, a plan's execution time; NaN when the input has no times
 *                      (schema findings, files without durations). Reports are ordered by it
 * @param trace         for a loop, its longest run as spans (the parent, then the repetitions) for reports
 *                      that draw it; null for every other finding
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
        String fix,
        double timeAtStakeMs,
        LoopTrace trace) {

    public Finding {
        columns = columns == null ? List.of() : List.copyOf(columns);
        locations = locations == null ? List.of() : List.copyOf(locations);
        evidence = evidence == null ? Map.of() : Collections.unmodifiableMap(ordered(evidence));
    }

    /** A finding with no loop to draw. */
    public Finding(String rule, Severity severity, String message, String sql, String table, List<String> columns,
                   List<SourceLocation> locations, Map<String, Object> evidence, String fix, double timeAtStakeMs) {
        this(rule, severity, message, sql, table, columns, locations, evidence, fix, timeAtStakeMs, null);
    }

    /** A finding whose time at stake is not known yet (the engine fills it in where it knows the statement). */
    public Finding(String rule, Severity severity, String message, String sql, String table, List<String> columns,
                   List<SourceLocation> locations, Map<String, Object> evidence, String fix) {
        this(rule, severity, message, sql, table, columns, locations, evidence, fix, Double.NaN);
    }

    public boolean hasTimeAtStake() {
        return !Double.isNaN(timeAtStakeMs);
    }

    public Finding withTimeAtStake(double ms) {
        return new Finding(rule, severity, message, sql, table, columns, locations, evidence, fix, ms, trace);
    }

    public Finding withTrace(LoopTrace loop) {
        return new Finding(rule, severity, message, sql, table, columns, locations, evidence, fix, timeAtStakeMs, loop);
    }

    /**
     * Map.of and HashMap iterate in an order that changes between runs (Map.of's is salted per JVM),
     * which would make two reports of the same input differ: those are put in name order.
     */
    private static Map<String, Object> ordered(Map<String, Object> evidence) {
        boolean unordered = evidence.getClass() == HashMap.class
                || evidence.getClass().getName().startsWith("java.util.ImmutableCollections$Map");
        return unordered ? new TreeMap<>(evidence) : new LinkedHashMap<>(evidence);
    }
}
