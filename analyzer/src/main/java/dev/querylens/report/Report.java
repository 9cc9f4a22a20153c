package dev.querylens.report;

import dev.querylens.advisor.IndexRecommendation;
import dev.querylens.collect.Diagnostic;
import dev.querylens.collect.SourceLocation;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleDefinition;
import dev.querylens.engine.Severity;
import dev.querylens.plan.PlanNode;
import dev.querylens.workload.Folded;
import dev.querylens.workload.StatementGroup;
import dev.querylens.workload.Timeline;
import java.util.List;

/**
 * Everything one analysis produced, as one value. Writers render it; none computes anything new.
 *
 * @param inputs      each file read and the kind it was read as
 * @param executions  executions collected across all inputs
 * @param suppressed  findings dropped by inline suppressions or ignored tables
 * @param rules       the definitions of the rules that ran, for formats that describe them (SARIF)
 * @param folded      what was not kept in detail to bound memory: {@code statements} holds the
 *                    heaviest shapes, and {@code executions} counts the folded ones too
 * @param timeline    executions and their time per interval, for the HTML report's timeline
 */
public record Report(
        String toolVersion,
        List<Input> inputs,
        long executions,
        List<StatementGroup> statements,
        List<Finding> findings,
        List<IndexRecommendation> indexRecommendations,
        List<Plan> plans,
        List<Diagnostic> diagnostics,
        int suppressed,
        int tablesKnown,
        List<RuleDefinition> rules,
        Folded folded,
        Timeline timeline) {

    /** A report of a workload that fitted within the memory limits (nothing folded). */
    public Report(String toolVersion, List<Input> inputs, long executions, List<StatementGroup> statements,
                  List<Finding> findings, List<IndexRecommendation> indexRecommendations, List<Plan> plans,
                  List<Diagnostic> diagnostics, int suppressed, int tablesKnown, List<RuleDefinition> rules) {
        this(toolVersion, inputs, executions, statements, findings, indexRecommendations, plans, diagnostics,
                suppressed, tablesKnown, rules, Folded.NONE, Timeline.NONE);
    }

    /** A report without a timeline (built in code, not from a workload read in time order). */
    public Report(String toolVersion, List<Input> inputs, long executions, List<StatementGroup> statements,
                  List<Finding> findings, List<IndexRecommendation> indexRecommendations, List<Plan> plans,
                  List<Diagnostic> diagnostics, int suppressed, int tablesKnown, List<RuleDefinition> rules, Folded folded) {
        this(toolVersion, inputs, executions, statements, findings, indexRecommendations, plans, diagnostics,
                suppressed, tablesKnown, rules, folded, Timeline.NONE);
    }

    public Report {
        folded = folded == null ? Folded.NONE : folded;
        timeline = timeline == null ? Timeline.NONE : timeline;
    }

    /** The report schema's version; bump on any incompatible change to the JSON form. */
    public static final int SCHEMA_VERSION = 1;

    /** One input file and what it was read as. */
    public record Input(String file, String kind) {
    }

    /** A plan from an EXPLAIN file or a log, with the statement it belongs to when known. */
    public record Plan(SourceLocation location, String sql, PlanNode root) {
    }

    /**
     * The database a health report judged ({@code db host/name}), or null when the report is of a
     * workload: a health run reads no workload, and its summary says what it judged instead of
     * "0 executions".
     */
    public String healthOf() {
        return executions == 0 && statements.isEmpty() && inputs.size() == 1 && inputs.get(0).kind().equals("health")
                ? inputs.get(0).file() : null;
    }

    /** Whether some input could not be analyzed: a run that lost input never passes as a clean one. */
    public boolean inputLost() {
        return diagnostics.stream().anyMatch(Diagnostic::inputLost);
    }

    /**
     * The same report with the findings that fail a gate at {@code failOn} first (then by time at
     * stake), for a {@code check} whose --fail-on is not the default the analysis ordered by.
     */
    public Report gatedAt(Severity failOn) {
        List<Finding> ordered = findings.stream().sorted(dev.querylens.engine.RuleEngine.order(failOn)).toList();
        return new Report(toolVersion, inputs, executions, statements, ordered, indexRecommendations, plans, diagnostics,
                suppressed, tablesKnown, rules, folded, timeline);
    }

    public long count(Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).count();
    }
}
