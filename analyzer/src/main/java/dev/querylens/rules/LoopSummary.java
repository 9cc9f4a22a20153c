package dev.querylens.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The qualifying runs of one statement (in one route, when queries name their route), summed up:
 * how many, their sizes, their executions and times, the longest, and what the runs' tags said.
 * Memory is bounded: run sizes and tag values are kept up to a small number each.
 */
final class LoopSummary {
    static final int MAX_LISTED = 20;

    int size;
    long executions;
    LoopRun longest;
    double serverMs;
    boolean allTimed = true;
    /** Wall time of the runs whose timestamps resolve milliseconds, and how many such runs. */
    double elapsedMs;
    int elapsedRuns;
    /** Runs that were a fan-out over more than one session, and the most sessions one used. */
    int fanOuts;
    int maxSessions;
    final List<Integer> runSizes = new ArrayList<>();
    final Set<String> requests = new LinkedHashSet<>();
    final Set<String> routes = new LinkedHashSet<>();
    final Set<String> callSites = new LinkedHashSet<>();
    final Set<String> applications = new LinkedHashSet<>();
    int requestsSeen;
    /** How many of these runs overlapped a qualifying run of another statement in the same scope, by that statement. */
    final Map<String, Integer> together = new HashMap<>();

    void add(LoopRun run, String request) {
        size++;
        executions += run.count;
        if (longest == null || run.count > longest.count) {
            longest = run;
        }
        serverMs += run.totalMs;
        allTimed &= run.timed;
        double elapsed = run.elapsedMs();
        if (!Double.isNaN(elapsed)) {
            elapsedMs += elapsed;
            elapsedRuns++;
        }
        if (run.sessions().size() > 1) {
            fanOuts++;
        }
        maxSessions = Math.max(maxSessions, run.sessions().size());
        if (runSizes.size() < MAX_LISTED) {
            runSizes.add(run.count);
        }
        if (request != null) {
            requestsSeen++;
            bounded(requests, request);
        }
        bounded(routes, run.tags.route());
        bounded(callSites, run.tags.callSite());
        bounded(applications, run.tags.applicationName());
    }

    private static void bounded(Set<String> set, String value) {
        if (value != null && set.size() < MAX_LISTED) {
            set.add(value);
        }
    }
}
