package dev.querylens.collect.orms;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks an EXPECTED.yaml against PostgreSQL alone (a run's pg_stat_statements), so a wrong
 * expectation shows as such and not as a QueryLens bug: each loop's child fragments name exactly
 * one statement, called as often as the loop runs it; its parent and each body statement exist
 * (the body as often as the child); each silent pattern's fragments and each statement the ORM
 * log omits name at least one statement.
 */
final class GroundTruthCheck {
    private GroundTruthCheck() {
    }

    static List<String> against(OrmGroundTruth truth, PgStatStatementsRows pgss) {
        List<String> out = new ArrayList<>();
        for (OrmGroundTruth.Loop loop : truth.findings()) {
            List<PgStatStatementsRows.Row> child = matching(pgss, loop.child(), loop.childNot());
            long perStatement = loop.body().isEmpty() ? loop.executions() : loop.executions() / (1 + loop.body().size());
            long calls = child.stream().mapToLong(PgStatStatementsRows.Row::calls).sum();
            if (child.size() != 1 || calls != perStatement) {
                out.add(loop.pattern() + ": child fragments name " + child.size() + " statements with " + calls + " calls, expected 1 with "
                        + perStatement);
            }
            if (!loop.parent().isEmpty() && matching(pgss, loop.parent(), loop.parentNot()).size() != 1) {
                out.add(loop.pattern() + ": parent fragments do not name exactly one statement");
            }
            for (String part : loop.body()) {
                long bodyCalls = matching(pgss, List.of(part), List.of()).stream().mapToLong(PgStatStatementsRows.Row::calls).sum();
                if (bodyCalls != perStatement) {
                    out.add(loop.pattern() + ": body statement " + part + " has " + bodyCalls + " calls, expected " + perStatement);
                }
            }
        }
        for (OrmGroundTruth.Silent silent : truth.silent()) {
            for (String fragment : silent.sql()) {
                if (matching(pgss, List.of(fragment), List.of()).isEmpty()) {
                    out.add("silent pattern '" + silent.pattern() + "': no statement with " + fragment);
                }
            }
        }
        for (String fragment : truth.ormLogOmits()) {
            if (matching(pgss, List.of(fragment), List.of()).isEmpty()) {
                out.add("orm_log_omits: no statement with " + fragment);
            }
        }
        return out;
    }

    private static List<PgStatStatementsRows.Row> matching(PgStatStatementsRows pgss, List<String> all, List<String> none) {
        return pgss.rows().stream().filter(r -> FoldedSql.of(r.query()).matches(all, none)).toList();
    }
}
