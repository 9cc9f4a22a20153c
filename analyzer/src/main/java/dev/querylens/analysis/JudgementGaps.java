package dev.querylens.analysis;

import dev.querylens.engine.RuleEngine;
import dev.querylens.schema.Catalog;
import dev.querylens.sql.StatementFacts;
import java.util.List;
import java.util.Locale;

/**
 * What a run lacked to judge the statements it read, said in one line with what to add. An offline
 * run on queries alone reports "0 tables known" and no finding, which looks like a clean bill of
 * health; it is not one: the statement and index rules need the tables' columns and indexes
 * (--schema or --db), and the plan rules and verified advice need plans and statistics (--db).
 */
final class JudgementGaps {
    private JudgementGaps() {
    }

    /**
     * The one line, or null when nothing was missing. Not a diagnostic: nothing in the input is wrong,
     * the run lacked something, so the CLI says it on stderr as a warning beside the report.
     *
     * @param plans    whether any plan was read (EXPLAIN files, auto_explain)
     * @param database whether a live database was given
     */
    static String of(List<RuleEngine.AnalyzedStatement> statements, Catalog catalog, boolean plans, boolean database) {
        int withTables = 0;
        int unknown = 0;
        for (RuleEngine.AnalyzedStatement s : statements) {
            StatementFacts.Kind kind = s.facts().kind();
            List<String> tables = s.facts().tables().stream().filter(t -> !isSystem(t)).toList();
            if (tables.isEmpty() || kind == StatementFacts.Kind.UTILITY || kind == StatementFacts.Kind.UNKNOWN) {
                continue;
            }
            withTables++;
            if (tables.stream().anyMatch(t -> catalog.table(t).isEmpty())) {
                unknown++;
            }
        }
        if (withTables == 0) {
            return null;
        }
        boolean noPlans = !plans && !database;
        if (unknown == 0 && !noPlans) {
            return null;
        }
        StringBuilder b = new StringBuilder("could not fully judge the workload: ");
        if (unknown > 0) {
            b.append(unknown).append(" of ").append(withTables).append(withTables == 1 ? " statement names" : " statements name")
                    .append(" tables no schema describes (").append(catalog.tables().size()).append(" tables known)");
        }
        if (noPlans) {
            b.append(unknown > 0 ? ", and " : "").append("no plans or table statistics were read");
        }
        b.append("; add ");
        if (unknown > 0) {
            b.append("--schema with the DDL or migrations that create them, or ");
        }
        b.append("--db URL of a database that has them").append(noPlans ? " (plans, row counts and verified index advice)" : "");
        return b.toString();
    }

    private static boolean isSystem(String table) {
        String t = table.toLowerCase(Locale.ROOT).replace("\"", "");
        return t.startsWith("pg_") || t.startsWith("pg_catalog.") || t.startsWith("information_schema.");
    }
}
