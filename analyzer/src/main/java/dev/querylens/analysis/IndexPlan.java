package dev.querylens.analysis;

import dev.querylens.advisor.IndexRecommendation;
import dev.querylens.engine.Finding;
import dev.querylens.workload.StatementGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One index plan for the whole report. Each rule proposes the index its own finding would want;
 * pasted one by one those overlap (for tasks.project_id an unindexed foreign key, an RLS policy
 * and a slow statement proposed three different indexes). The workload-level recommendations are
 * the plan, and each need has one fix, the plan's: a finding whose statement a recommendation
 * serves, or whose own plain CREATE INDEX the recommendation covers (same table, the finding's
 * columns a leading prefix of its key), points at that recommendation by its number and its DDL,
 * so the findings, the recommendations and --emit-sql never disagree. Only the fix and the
 * evidence change: a finding's identity (its baseline key) does not depend on them.
 */
final class IndexPlan {
    /** A plain B-tree CREATE INDEX as rules write it in a fix: no UNIQUE, expression, other method or WHERE. */
    private static final Pattern PLAIN_CREATE_INDEX = Pattern.compile(
            "CREATE\\s+INDEX\\s+(?:CONCURRENTLY\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?(?:(?!ON\\s)\\S+\\s+)?ON\\s+(?:ONLY\\s+)?(\\S+?)\\s*"
                    + "(?:USING\\s+btree\\s*)?\\(([^()]*)\\)(?:\\s*;)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ANY_CREATE_INDEX = Pattern.compile("CREATE\\s+(?:UNIQUE\\s+)?INDEX\\b", Pattern.CASE_INSENSITIVE);

    private IndexPlan() {
    }

    static List<Finding> pointFindingsAtRecommendations(List<Finding> findings, List<StatementGroup> groups,
                                                        List<IndexRecommendation> recommendations) {
        Map<String, String> fingerprintOfSql = new LinkedHashMap<>();
        groups.forEach(g -> fingerprintOfSql.putIfAbsent(g.sql(), g.fingerprint().id()));
        List<Finding> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            Finding pointed = f.rule().equals("missing-index") && f.sql() != null
                    ? servingStatement(f, fingerprintOfSql.get(f.sql()), recommendations) : f;
            boolean served = pointed.evidence().get("recommendation") instanceof String s && s.startsWith("#");
            out.add(served ? pointed : coveredByPlan(pointed, recommendations));
        }
        return out;
    }

    /**
     * The unused indexes as drops of the plan: each unused-index finding is checked against the
     * workload with what-if planning on the live database (which statements on its table have a
     * chosen plan that scans it: they would lose it), and its evidence and fix say the write cost
     * the drop saves and those statements (none, for a truly unused one). Without a live planner the
     * finding stays as the rule wrote it.
     */
    static List<Finding> checkDrops(List<Finding> findings, List<dev.querylens.advisor.OfflineAdvisor.Statement> statements,
                                    dev.querylens.advisor.IndexAdvisor advisor) {
        List<Finding> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            if (!f.rule().equals("unused-index") || f.table() == null || !(f.evidence().get("index") instanceof String index)) {
                out.add(f);
                continue;
            }
            dev.querylens.advisor.IndexAdvisor.DropCheck check = advisor.checkDrop(statements, f.table(), index.substring(index.indexOf('.') + 1));
            if (check == null) {
                out.add(f);
                continue;
            }
            Map<String, Object> evidence = new LinkedHashMap<>(f.evidence());
            Map<String, Object> drop = new LinkedHashMap<>();
            drop.put("writeCostSaved", "index entries the table's writes add to it: " + f.evidence().get("entriesWritten")
                    + " since the statistics reset");
            drop.put("statementsChecked", check.statementsChecked());
            drop.put("statementsLosingIt", check.losing());
            drop.put("statementsNotPlanned", check.notPlanned());
            evidence.put("dropCheck", drop);
            String said;
            if (!check.losing().isEmpty()) {
                said = " What-if planning on the live database: " + check.losing().size() + " of the workload's "
                        + (check.statementsChecked()) + " statements on " + f.table() + " scan it in their chosen plan ("
                        + String.join(", ", check.losing()) + ") and would lose it, though this server counted no scan since the reset"
                        + " (run elsewhere, on a replica, or before the reset?): keep it while those statements run.";
            } else if (check.statementsChecked() > 0) {
                said = " What-if planning on the live database: none of the workload's " + check.statementsChecked() + " statements on "
                        + f.table() + " scans it in its chosen plan, so dropping it changes none of their plans"
                        + (check.notPlanned() > 0 ? " (" + check.notPlanned() + " more could not be planned)" : "") + ".";
            } else {
                said = check.notPlanned() > 0 ? " What-if planning could not plan the workload's " + check.notPlanned() + " statements on "
                        + f.table() + ": which would lose it is unknown." : "";
            }
            out.add(new Finding(f.rule(), f.severity(), f.message(), f.sql(), f.table(), f.columns(), f.locations(), evidence,
                    f.fix() + said, f.timeAtStakeMs()));
        }
        return out;
    }

    /**
     * Each seq-scan-large-table finding (the live statistics name a table, not a statement) names
     * the workload's missing-index findings on its table: the statements that likely do those scans
     * and the index the plan gives them. Run after {@link #pointFindingsAtRecommendations}, so the
     * index named is the plan's.
     */
    static List<Finding> linkScansToMissingIndexes(List<Finding> findings) {
        List<Finding> missing = findings.stream().filter(f -> f.rule().equals("missing-index") && f.table() != null).toList();
        List<Finding> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            if (!f.rule().equals("seq-scan-large-table") || f.table() == null) {
                out.add(f);
                continue;
            }
            List<Finding> onTable = missing.stream().filter(m -> sameTable(m.table(), f.table())).toList();
            Map<String, Object> evidence = new LinkedHashMap<>(f.evidence());
            String said;
            if (onTable.isEmpty()) {
                evidence.put("missingIndexFindings", List.of());
                said = " No missing-index finding on " + f.table() + " in this report: the statements that scan it are not in the"
                        + " workload given, or no index on it would serve them, or missing-index is switched off.";
            } else {
                List<Map<String, Object>> linked = new ArrayList<>();
                List<String> named = new ArrayList<>();
                for (Finding m : onTable) {
                    Map<String, Object> one = new LinkedHashMap<>();
                    one.put("sql", m.sql());
                    one.put("columns", m.columns());
                    Object recommendation = m.evidence().get("recommendation");
                    one.put("index", recommendation != null ? recommendation : firstStatement(m.fix()));
                    linked.add(one);
                    named.add(m.sql() + " (" + one.get("index") + ")");
                }
                evidence.put("missingIndexFindings", linked);
                said = " The workload's missing-index findings on " + f.table() + " (" + onTable.size() + "), the likely scans: "
                        + String.join("; ", named) + ".";
            }
            out.add(new Finding(f.rule(), f.severity(), f.message(), f.sql(), f.table(), f.columns(), f.locations(), evidence,
                    f.fix() + said, f.timeAtStakeMs()));
        }
        return out;
    }

    private static String firstStatement(String fix) {
        if (fix == null) {
            return null;
        }
        int end = fix.indexOf(';');
        return end < 0 ? fix : fix.substring(0, end + 1);
    }

    /** A missing-index finding: the recommendation that serves its statement, or a word on why there is none. */
    private static Finding servingStatement(Finding f, String fingerprint, List<IndexRecommendation> recommendations) {
        int n = 0;
        for (IndexRecommendation r : recommendations) {
            n++;
            if (r.queries().contains(fingerprint)) {
                return pointedAt(f, n, r, r.ddl() + " (recommended index #" + n + ", the one the workload-level index plan gives"
                        + " this statement" + (r.verified() ? ", verified with what-if planning" : "") + ")");
            }
        }
        if (!recommendations.isEmpty() && recommendations.get(0).verified()) {
            Map<String, Object> evidence = new LinkedHashMap<>(f.evidence());
            evidence.put("recommendation", "none: what-if planning found no index worth its budget for this statement");
            return new Finding(f.rule(), f.severity(), f.message(), f.sql(), f.table(), f.columns(), f.locations(), evidence,
                    f.fix() + " (what-if planning did not recommend it for this workload: measure before creating it)",
                    f.timeAtStakeMs());
        }
        return f;
    }

    /**
     * A finding whose fix proposes its own plain index on columns a recommendation's key starts
     * with: the fix becomes that recommendation. Expression, partial, unique and non-B-tree indexes
     * in a fix are a different need than a plan's plain key, so they stay as the rule wrote them.
     */
    private static Finding coveredByPlan(Finding f, List<IndexRecommendation> recommendations) {
        if (f.fix() == null || f.table() == null || f.columns().isEmpty()) {
            return f;
        }
        Matcher any = ANY_CREATE_INDEX.matcher(f.fix());
        if (!any.find()) {
            return f;
        }
        Matcher m = PLAIN_CREATE_INDEX.matcher(f.fix());
        if (!m.find(any.start()) || m.start() != any.start() || !sameTable(m.group(1), f.table())
                || !columns(m.group(2)).equals(f.columns())) {
            return f;
        }
        int n = 0;
        for (IndexRecommendation r : recommendations) {
            n++;
            if (r.predicate() == null && sameTable(r.table(), f.table()) && r.columns().size() >= f.columns().size()
                    && r.columns().subList(0, f.columns().size()).equals(f.columns())) {
                if (r.ddl().equals(m.group().strip())) {
                    return pointedAt(f, n, r, f.fix());
                }
                // the plan's statement where the rule's stood, so a fix still starts with the SQL to run
                String fix = f.fix().substring(0, m.start()) + r.ddl() + " (recommended index #" + n + ", which covers this need)"
                        + f.fix().substring(m.end());
                return pointedAt(f, n, r, fix);
            }
        }
        return f;
    }

    private static Finding pointedAt(Finding f, int n, IndexRecommendation r, String fix) {
        Map<String, Object> evidence = new LinkedHashMap<>(f.evidence());
        evidence.put("recommendation", "#" + n + " " + r.ddl());
        return new Finding(f.rule(), f.severity(), f.message(), f.sql(), f.table(), f.columns(), f.locations(), evidence, fix,
                f.timeAtStakeMs());
    }

    /** The key columns of a plain CREATE INDEX, unquoted; an expression or ordering is kept whole and so matches no column. */
    private static List<String> columns(String list) {
        List<String> out = new ArrayList<>();
        for (String c : list.split(",")) {
            String t = c.strip();
            out.add(t.length() > 1 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1).replace("\"\"", "\"") : t);
        }
        return out;
    }

    /** Same table, whether or not one side names the schema (a migration's "tasks" is the catalog's public.tasks). */
    private static boolean sameTable(String a, String b) {
        String x = unquote(a).toLowerCase(Locale.ROOT);
        String y = unquote(b).toLowerCase(Locale.ROOT);
        return x.equals(y) || bare(x).equals(y) || x.equals(bare(y));
    }

    private static String unquote(String name) {
        return name.replace("\"", "");
    }

    private static String bare(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }
}
