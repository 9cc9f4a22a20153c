package dev.querylens.junit;

import dev.querylens.capture.TraceRecord;
import dev.querylens.collect.Execution;
import dev.querylens.collect.JdbcPlaceholders;
import dev.querylens.collect.SourceKind;
import dev.querylens.collect.SourceLocation;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.engine.RuleEngine;
import dev.querylens.engine.RuleSettings;
import dev.querylens.schema.Catalog;
import dev.querylens.workload.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Judges the statements one test executed: the same collect, workload and engine stages as
 * {@code querylens analyze} on a JDBC trace, with only the sequence rules switched on, so a test
 * and an analysis of its trace report the same findings.
 */
final class TestStatements {
    static final Set<String> RULES = Set.of("n-plus-one", "unbatched-writes", "repeated-identical-query");

    private TestStatements() {
    }

    static List<Finding> judge(List<TraceRecord> records, RuleCatalog catalog) {
        Map<String, RuleSettings> settings = new HashMap<>();
        catalog.entries().forEach(e -> {
            if (!RULES.contains(e.definition().id())) {
                settings.put(e.definition().id(), new RuleSettings(false, null, Map.of()));
            }
        });
        RuleEngine engine = new RuleEngine(catalog, settings);
        Workload workload = new Workload(engine::observe);
        long line = 0;
        for (TraceRecord r : records) {
            String session = r.test() != null ? "test:" + r.test() : r.request() != null ? "request:" + r.request() : "connection:" + r.connection();
            workload.add(new Execution(SourceKind.JDBC_TRACE, new SourceLocation("test " + r.test(), ++line),
                    JdbcPlaceholders.toPositional(r.sql()), r.params(),
                    session, null, r.durationNanos() / 1_000_000.0, null, null, 1, r.batch()));
        }
        return engine.judge(List.of(), List.of(), Catalog.empty());
    }

    static List<String> overBudget(List<TraceRecord> records, QueryBudget budget) {
        Map<String, Integer> counts = new HashMap<>();
        for (TraceRecord r : records) {
            counts.merge(command(r.sql()), 1, Integer::sum);
        }
        List<String> over = new ArrayList<>();
        check(over, "select", counts.getOrDefault("select", 0) + counts.getOrDefault("with", 0), budget.selects());
        check(over, "insert", counts.getOrDefault("insert", 0), budget.inserts());
        check(over, "update", counts.getOrDefault("update", 0), budget.updates());
        check(over, "delete", counts.getOrDefault("delete", 0), budget.deletes());
        check(over, "statement", records.size(), budget.total());
        return over;
    }

    private static void check(List<String> over, String kind, int count, int limit) {
        if (limit >= 0 && count > limit) {
            over.add(count + " " + kind + "s executed, budget " + limit);
        }
    }

    private static String command(String sql) {
        String s = sql.stripLeading();
        int end = 0;
        while (end < s.length() && Character.isLetter(s.charAt(end))) {
            end++;
        }
        return s.substring(0, end).toLowerCase(Locale.ROOT);
    }

    static String message(String test, List<Finding> findings, List<String> budget) {
        StringBuilder b = new StringBuilder();
        int problems = findings.size() + (budget.isEmpty() ? 0 : 1);
        b.append("QueryLens found ").append(problems).append(problems == 1 ? " problem" : " problems").append(" in ").append(test).append(":\n");
        for (Finding f : findings) {
            b.append("\n[").append(f.rule()).append("] ").append(f.sql()).append('\n');
            b.append("  ").append(f.message()).append('\n');
            Object parent = f.evidence().get("parentQuery");
            if (parent != null) {
                b.append("  after: ").append(parent).append('\n');
            }
            b.append("  fix: ").append(f.fix()).append('\n');
        }
        if (!budget.isEmpty()) {
            b.append("\n[query-budget] ").append(String.join("; ", budget)).append('\n');
        }
        return b.toString();
    }
}
