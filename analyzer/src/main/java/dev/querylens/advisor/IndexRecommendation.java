package dev.querylens.advisor;

import java.util.List;

/**
 * An index QueryLens recommends, with why and for which statements.
 *
 * @param queries     fingerprints of the statements it serves
 * @param calls       executions of those statements in the workload
 * @param totalTimeMs their total time, the offline ranking key
 * @param verified    whether a what-if planner confirmed the benefit; false for offline advice
 */
public record IndexRecommendation(
        String table,
        List<String> columns,
        String predicate,
        String ddl,
        String reason,
        List<String> queries,
        long calls,
        double totalTimeMs,
        boolean verified) {

    public IndexRecommendation {
        columns = List.copyOf(columns);
        queries = List.copyOf(queries);
    }
}
