package dev.querylens.advisor;

import java.util.List;

/**
 * An index QueryLens recommends, with why and for which statements.
 *
 * @param include             columns carried in the index's leaves (INCLUDE), for index-only scans
 * @param queries             fingerprints of the statements it serves
 * @param calls               executions of those statements in the workload
 * @param totalTimeMs         their total time, the offline ranking key
 * @param verified            whether a what-if planner confirmed the benefit; false for offline advice
 * @param sizeBytes           estimated size when verified, else -1
 * @param costs               per statement: planner cost without this index and with it, the other recommended
 *                            indexes in place in both (its own, marginal effect), when verified
 * @param workloadImprovement share of the served statements' weighted cost it removes on its own (0..1), when
 *                            verified, else NaN
 * @param makesRedundant      existing indexes whose key is a prefix of this one's
 */
public record IndexRecommendation(
        String table,
        List<String> columns,
        List<String> include,
        String predicate,
        String ddl,
        String reason,
        List<String> queries,
        long calls,
        double totalTimeMs,
        boolean verified,
        long sizeBytes,
        List<QueryCost> costs,
        double workloadImprovement,
        List<String> makesRedundant) {

    /** A statement's planner cost without and with this index (the other recommended ones in place in both). */
    public record QueryCost(String fingerprint, double before, double after) {
    }

    public IndexRecommendation {
        columns = List.copyOf(columns);
        include = include == null ? List.of() : List.copyOf(include);
        queries = List.copyOf(queries);
        costs = costs == null ? List.of() : List.copyOf(costs);
        makesRedundant = makesRedundant == null ? List.of() : List.copyOf(makesRedundant);
    }

    /** Offline advice: no costs, no size. */
    public static IndexRecommendation offline(IndexCandidate c, String reason, List<String> queries, long calls, double totalTimeMs) {
        return new IndexRecommendation(c.table(), c.columns(), c.include(), c.predicate(), c.ddl(), reason, queries, calls, totalTimeMs,
                false, -1, List.of(), Double.NaN, List.of());
    }

    /** The index this recommends, to render its statements (advice, what-if, benchmark) from one definition. */
    public IndexCandidate index() {
        return new IndexCandidate(table, columns, predicate, include);
    }
}
