package dev.querylens.report;

import dev.querylens.workload.StatementGroup;
import java.util.HashMap;
import java.util.Map;

/**
 * How a report shows a statement: as the application first sent it (its case, names and layout),
 * literals as $n. The normalized text stays the statement's identity (JSON "sql", baselines); this
 * is what people read.
 */
final class StatementTexts {
    private final Map<String, String> bySql = new HashMap<>();

    StatementTexts(Report report) {
        for (StatementGroup g : report.statements()) {
            bySql.putIfAbsent(g.sql(), g.text());
        }
    }

    /** The display text of the statement whose normalized text is {@code sql}; the normalized text when no group has it. */
    String of(String sql) {
        return sql == null ? null : bySql.getOrDefault(sql, sql);
    }
}
