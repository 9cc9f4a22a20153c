package dev.querylens.advisor;

import java.util.List;

/**
 * Estimates what a statement would cost with a set of indexes that do not exist. Implementations
 * count their planner calls and cache by (statement, index set).
 */
public interface WhatIfPlanner {
    /** The planner's total cost estimate of {@code sql} with {@code indexes} added; NaN when it cannot be costed. */
    double cost(String sql, List<IndexCandidate> indexes);

    /** One cost to ask for: {@code sql} with {@code indexes} in place. */
    record Request(String sql, List<IndexCandidate> indexes) {
        public Request {
            indexes = List.copyOf(indexes);
        }
    }

    /**
     * Costs these requests ahead of the {@link #cost} calls that will ask for them, at once where
     * the planner has several sessions, so that those calls find them cached. The costs, and the
     * calls counted, are the ones asking one by one gives: a request is planned on one session as it
     * would be on any other. A planner of one session does nothing here, and so may any planner:
     * this only saves time.
     */
    default void prefetch(List<Request> requests) {
    }

    /** The estimated size in bytes of an index, were it created. */
    long size(IndexCandidate index);

    /** Planner calls made so far (cache hits excluded). */
    int calls();

    /** Why the last NaN cost could not be computed. */
    String lastError();

    /**
     * The names of the existing indexes the planner's chosen plan of {@code sql} scans, as it stands
     * (no hypothetical index), or null when this planner cannot tell (offline, or the statement
     * could not be planned). An index no chosen plan uses can be dropped without changing any of
     * them: the plans chosen remain available and stay the cheapest.
     */
    default java.util.Set<String> indexesInPlan(String sql) {
        return null;
    }

    /**
     * EXPLAIN (VERBOSE, FORMAT JSON) of {@code sql} as it stands, or null when this planner cannot
     * give one: where QueryLens's parser cannot read a statement, its plan still names the columns
     * to propose indexes on ({@link PlanColumns}).
     */
    default String verbosePlan(String sql) {
        return null;
    }

    /** Why the connection to the database was lost during the run, or null: costs after it are NaN and the advice is incomplete. */
    default String lostConnection() {
        return null;
    }
}
