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
import dev.querylens.sql.FactExtractor;
import dev.querylens.workload.StatementGroup;
import dev.querylens.workload.Workload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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

    /** The sequence rules' findings on a test's statements. */
    static List<Finding> judge(List<TraceRecord> records, RuleCatalog catalog) {
        return judge(records, catalog, Set.of(), Catalog.empty());
    }

    /**
     * The sequence rules' findings and, for {@code statementRules}, the statement rules' findings
     * on each distinct statement against {@code schema}: parsed once per shape, as analyze does.
     */
    static List<Finding> judge(List<TraceRecord> records, RuleCatalog catalog, Set<String> statementRules, Catalog schema) {
        Map<String, RuleSettings> settings = new HashMap<>();
        catalog.entries().forEach(e -> {
            String id = e.definition().id();
            if (!RULES.contains(id) && !statementRules.contains(id)) {
                settings.put(id, new RuleSettings(false, null, Map.of()));
            }
        });
        RuleEngine engine = new RuleEngine(catalog, settings);
        Workload workload = new Workload(engine::observe);
        long line = 0;
        for (TraceRecord r : records) {
            String session = r.test() != null ? "test:" + r.test() : r.request() != null ? "request:" + r.request() : "connection:" + r.connection();
            workload.add(new Execution(SourceKind.JDBC_TRACE, new SourceLocation("test " + r.test(), ++line),
                    JdbcPlaceholders.toPositional(r.sql()), r.params(),
                    session, null, r.durationNanos() / 1_000_000.0, null, null, 1, r.batch(), r.resultKeys()));
        }
        List<RuleEngine.AnalyzedStatement> analyzed = new ArrayList<>();
        if (!statementRules.isEmpty()) {
            try (FactExtractor extractor = new FactExtractor(schema)) {
                for (StatementGroup g : workload.groups()) {
                    analyzed.add(new RuleEngine.AnalyzedStatement(g, extractor.extract(g.sql())));
                }
            }
        }
        return engine.judge(analyzed, List.of(), schema);
    }

    /** The failure message: findings first, then the expectations that did not hold, one line each. */
    static String message(String test, List<Finding> findings, List<String> unmet) {
        StringBuilder b = new StringBuilder();
        int problems = findings.size() + unmet.size();
        b.append("QueryLens found ").append(problems).append(problems == 1 ? " problem" : " problems").append(" in ").append(test).append(":\n");
        for (Finding f : findings) {
            b.append("\n[").append(f.rule()).append("] ").append(f.sql()).append('\n');
            b.append("  ").append(f.message()).append('\n');
            Object parent = f.evidence().get("parentQuery");
            if (parent != null) {
                b.append("  after: ").append(parent).append('\n');
            }
            if (!RULES.contains(f.rule()) && f.evidence().get("calls") instanceof Number calls) {
                b.append("  ran: ").append(calls).append(calls.longValue() == 1 ? " time" : " times").append('\n');
            }
            b.append("  fix: ").append(f.fix()).append('\n');
        }
        for (String line : unmet) {
            b.append('\n').append(line).append('\n');
        }
        return b.toString();
    }
}
