package dev.querylens.bench;

import dev.querylens.advisor.IndexCandidate;
import dev.querylens.advisor.WhatIfPlanner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every what-if cost the algorithms of one budget were given, by statement and index set: the
 * configurations an exact selection may choose among ({@link ExactSelection}). Each planner an
 * algorithm uses is wrapped by {@link #recording}, so the ledger holds the union of what greedy and
 * Extend costed, and the optimum is the best any choice of those candidates reaches by the costs
 * PostgreSQL gave.
 */
final class CostLedger {
    /** One costed configuration of one statement. */
    record Entry(String sql, List<IndexCandidate> indexes, double cost) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, Long> sizes = new LinkedHashMap<>();
    private WhatIfPlanner sizer;

    /** {@code planner}, its costs and sizes also written to this ledger. */
    WhatIfPlanner recording(WhatIfPlanner planner) {
        sizer = planner;
        return new WhatIfPlanner() {
            @Override
            public double cost(String sql, List<IndexCandidate> indexes) {
                double c = planner.cost(sql, indexes);
                if (!Double.isNaN(c)) {
                    List<IndexCandidate> sorted = indexes.stream().sorted(java.util.Comparator.comparing(IndexCandidate::ddl)).toList();
                    String text = canonical(sql);
                    entries.putIfAbsent(text + "\n" + sorted.stream().map(IndexCandidate::ddl).toList(), new Entry(text, sorted, c));
                }
                return c;
            }

            @Override
            public long size(IndexCandidate index) {
                long s = planner.size(index);
                sizes.put(index.ddl(), s);
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
            public String verbosePlan(String sql) {
                return planner.verbosePlan(sql);
            }

            @Override
            public String lostConnection() {
                return planner.lostConnection();
            }
        };
    }

    /** One statement's text as either algorithm writes it: without the file's trailing semicolon and spaces. */
    static String canonical(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }

    List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    /** The index's size as the planner gave it (asked now if no algorithm asked). */
    long size(IndexCandidate index) {
        Long known = sizes.get(index.ddl());
        return known != null ? known : sizer.size(index);
    }
}
