package dev.querylens.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.querylens.advisor.IndexRecommendation;
import dev.querylens.collect.Diagnostic;
import dev.querylens.collect.SourceLocation;
import dev.querylens.engine.Finding;
import dev.querylens.engine.Severity;
import dev.querylens.plan.PlanNode;
import dev.querylens.workload.StatementGroup;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * Renders a report as JSON following docs/report-schema.md. Field names and shapes are part of
 * the public interface: each field is written explicitly here rather than derived from the Java
 * types, so a refactoring cannot change the schema by accident.
 */
public final class JsonReportWriter implements ReportWriter {
    private final RenderOptions options;

    public JsonReportWriter(RenderOptions options) {
        this.options = options;
    }

    public JsonReportWriter() {
        this(RenderOptions.DEFAULT);
    }

    // the caller owns the writer (it may be stdout): Jackson must not close it
    private final ObjectMapper mapper = JsonEscapes.on(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET));

    @Override
    public void write(Report report, Writer out) throws IOException {
        mapper.writeValue(out, toJson(report));
        out.write(System.lineSeparator());
    }

    public ObjectNode toJson(Report r) {
        ObjectNode root = mapper.createObjectNode();
        root.put("schemaVersion", Report.SCHEMA_VERSION);
        ObjectNode tool = root.putObject("tool");
        tool.put("name", "querylens");
        tool.put("version", r.toolVersion());
        ObjectNode summary = root.putObject("summary");
        summary.put("inputs", r.inputs().size());
        summary.put("executions", r.executions());
        summary.put("statements", r.statements().size());
        summary.put("tablesKnown", r.tablesKnown());
        ObjectNode bySeverity = summary.putObject("findings");
        for (Severity s : new Severity[] {Severity.ERROR, Severity.WARNING, Severity.INFO}) {
            bySeverity.put(s.label(), r.count(s));
        }
        summary.put("indexRecommendations", r.indexRecommendations().size());
        summary.put("diagnostics", r.diagnostics().size());
        summary.put("suppressed", r.suppressed());
        ObjectNode folded = summary.putObject("folded");
        folded.put("statements", r.folded().statementGroups());
        folded.put("executions", r.folded().executions());
        folded.put("totalTimeMs", round(r.folded().totalTimeMs()));
        folded.put("sessionsEvicted", r.folded().sessionsEvicted());
        ArrayNode inputs = root.putArray("inputs");
        r.inputs().forEach(i -> inputs.addObject().put("file", i.file()).put("kind", i.kind()));
        ArrayNode findings = root.putArray("findings");
        r.findings().forEach(f -> finding(findings.addObject(), f));
        ArrayNode recs = root.putArray("indexRecommendations");
        r.indexRecommendations().forEach(x -> recommendation(recs.addObject(), x));
        ArrayNode statements = root.putArray("statements");
        r.statements().forEach(s -> statement(statements.addObject(), s));
        ArrayNode plans = root.putArray("plans");
        r.plans().forEach(p -> {
            ObjectNode o = plans.addObject();
            locationFields(o, p.location());
            o.put("sql", p.sql());
            o.set("root", plan(p.root(), 1));
        });
        ArrayNode diagnostics = root.putArray("diagnostics");
        r.diagnostics().forEach(d -> diagnostic(diagnostics.addObject(), d));
        return root;
    }

    private void finding(ObjectNode o, Finding f) {
        o.put("rule", f.rule());
        o.put("severity", f.severity().label());
        o.put("message", Secrets.redact(f.message()));
        o.put("key", FindingKey.of(f));
        o.put("sql", f.sql());
        o.put("table", f.table());
        ArrayNode cols = o.putArray("columns");
        f.columns().forEach(cols::add);
        locations(o.putArray("locations"), f.locations());
        if (f.hasTimeAtStake()) {
            o.put("timeAtStakeMs", round(f.timeAtStakeMs()));
        } else {
            o.putNull("timeAtStakeMs");
        }
        o.set("evidence", mapper.valueToTree(f.evidence() == null ? Map.of() : f.evidence()));
        o.put("fix", f.fix());
    }

    private void recommendation(ObjectNode o, IndexRecommendation x) {
        o.put("table", x.table());
        ArrayNode cols = o.putArray("columns");
        x.columns().forEach(cols::add);
        x.include().forEach(o.putArray("include")::add);
        o.put("where", x.predicate());
        o.put("ddl", x.ddl());
        o.put("reason", x.reason());
        ArrayNode queries = o.putArray("queries");
        x.queries().forEach(queries::add);
        o.put("calls", x.calls());
        o.put("totalTimeMs", round(x.totalTimeMs()));
        o.put("verified", x.verified());
        if (x.verified()) {
            o.put("sizeBytes", x.sizeBytes());
            o.put("workloadImprovement", round(x.workloadImprovement()));
            ArrayNode costs = o.putArray("costs");
            x.costs().forEach(c -> costs.addObject().put("fingerprint", c.fingerprint()).put("before", round(c.before()))
                    .put("after", round(c.after())));
        }
        ArrayNode redundant = o.putArray("makesRedundant");
        x.makesRedundant().forEach(redundant::add);
    }

    private void statement(ObjectNode o, StatementGroup s) {
        o.put("fingerprint", s.fingerprint().id());
        o.put("sql", s.sql());
        o.put("text", s.text());
        if (options.showLiterals()) {
            o.put("exampleSql", Secrets.redact(s.exampleSql()));
        }
        o.put("calls", s.calls());
        o.put("timedCalls", s.timedCalls());
        o.put("totalTimeMs", round(s.totalTimeMs()));
        o.put("meanTimeMs", round(s.meanTimeMs()));
        o.put("maxTimeMs", round(s.maxTimeMs()));
        ArrayNode kinds = o.putArray("sourceKinds");
        s.sourceKinds().stream().map(k -> k.label()).sorted().forEach(kinds::add);
        locations(o.putArray("sources"), s.locations());
    }

    /** Drawn at most {@link PlanNode#MAX_DEPTH} deep: deeper children are counted in "nodesNotShown". */
    private ObjectNode plan(PlanNode n, int depth) {
        ObjectNode o = mapper.createObjectNode();
        o.put("nodeType", n.nodeType());
        putIfPresent(o, "relation", n.relationName());
        putIfPresent(o, "index", n.indexName());
        o.put("totalCost", n.totalCost());
        o.put("planRows", n.planRows());
        if (n.analyzed()) {
            o.put("actualRows", n.actualRows());
            o.put("actualLoops", n.actualLoops());
            o.put("actualTotalTimeMs", n.actualTotalTimeMs());
        }
        putIfPresent(o, "filter", PlanConditions.shown(n.filter(), options));
        putIfPresent(o, "indexCond", PlanConditions.shown(n.indexCond(), options));
        if (!Double.isNaN(n.rowsRemovedByFilter())) {
            o.put("rowsRemovedByFilter", n.rowsRemovedByFilter());
        }
        if (!n.children().isEmpty() && depth >= PlanNode.MAX_DEPTH) {
            o.put("nodesNotShown", n.children().stream().mapToLong(PlanNodes::count).sum());
        } else if (!n.children().isEmpty()) {
            ArrayNode children = o.putArray("children");
            n.children().forEach(c -> children.add(plan(c, depth + 1)));
        }
        return o;
    }

    private static void putIfPresent(ObjectNode o, String key, String value) {
        if (value != null) {
            o.put(key, value);
        }
    }

    private static void locations(ArrayNode array, List<SourceLocation> locations) {
        locations.forEach(l -> locationFields(array.addObject(), l));
    }

    private static void locationFields(ObjectNode o, SourceLocation l) {
        o.put("file", l.file());
        o.put("line", l.line());
    }

    private static void diagnostic(ObjectNode o, Diagnostic d) {
        o.put("file", d.file());
        o.put("line", d.line());
        if (d.offset() >= 0) {
            o.put("offset", d.offset());
        }
        o.put("inputLost", d.inputLost());
        if (d.note()) {
            o.put("note", true);
        }
        o.put("message", Secrets.redact(d.message()));
    }

    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
