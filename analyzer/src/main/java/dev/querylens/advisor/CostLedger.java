package dev.querylens.advisor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every what-if cost a selection was given, by statement and index set: the configurations an
 * exact selection may choose among ({@link ExactSelection}). Each planner a selection uses is
 * wrapped by {@link #recording}, so the ledger holds the union of what they costed (advise: greedy's;
 * the benchmarks: greedy's and Extend's), and the optimum is the best any choice of those
 * candidates reaches by the costs PostgreSQL gave. Safe to record from several threads (what-if
 * calls may run in parallel sessions).
 */
public final class CostLedger {
    /** One costed configuration of one statement: its text as {@link #canonical}, the indexes sorted by DDL. */
    public record Entry(String sql, List<IndexCandidate> indexes, double cost) {
    }

    private final Map<List<Object>, Entry> entries = new LinkedHashMap<>();
    /** Each statement's {@link #canonical} text, made once: a cost is recorded for every one the selection reads. */
    private final Map<String, String> canonical = new java.util.HashMap<>();
    private final Map<String, Long> sizes = new LinkedHashMap<>();
    private WhatIfPlanner sizer;

    /** {@code planner}, its costs and sizes also written to this ledger. */
    public WhatIfPlanner recording(WhatIfPlanner planner) {
        synchronized (this) {
            sizer = planner;
        }
        return new WhatIfPlanner() {
            @Override
            public double cost(String sql, List<IndexCandidate> indexes) {
                double c = planner.cost(sql, indexes);
                if (!Double.isNaN(c)) {
                    record(sql, indexes, c);
                }
                return c;
            }

            @Override
            public void prefetch(List<Request> requests) {
                planner.prefetch(requests); // costed on several sessions ahead; recorded as the cost calls read them
            }

            @Override
            public long size(IndexCandidate index) {
                long s = planner.size(index);
                synchronized (CostLedger.this) {
                    sizes.put(index.ddl(), s);
                }
                return s;
            }

            @Override
            public int calls() {
                return planner.calls();
            }

            @Override
            public String lastError() {
                return planner.lastError();
            }

            @Override
            public java.util.Set<String> indexesInPlan(String sql) {
                return planner.indexesInPlan(sql);
            }

            @Override
            public String verbosePlan(String sql) {
                return planner.verbosePlan(sql);
            }

            @Override
            public String lostConnection() {
                return planner.lostConnection();
            }
        };
    }

    private synchronized void record(String sql, List<IndexCandidate> indexes, double cost) {
        List<IndexCandidate> sorted = indexes.stream().sorted(Comparator.comparing(IndexCandidate::ddl)).toList();
        String text = canonical.computeIfAbsent(sql, CostLedger::canonical);
        entries.putIfAbsent(List.of(text, sorted.stream().map(IndexCandidate::ddl).toList()), new Entry(text, sorted, cost));
    }

    /** One statement's text as every selection writes it: without a file's trailing semicolon and spaces. */
    public static String canonical(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }

    public synchronized List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    /** The index's size as the planner gave it (asked now if no selection asked). */
    public long size(IndexCandidate index) {
        WhatIfPlanner ask;
        synchronized (this) {
            Long known = sizes.get(index.ddl());
            if (known != null) {
                return known;
            }
            ask = sizer;
        }
        return ask.size(index);
    }
}
