package dev.querylens.report;

import static dev.querylens.report.HtmlText.esc;

import dev.querylens.collect.Diagnostic;
import dev.querylens.engine.Severity;
import dev.querylens.workload.StatementGroup;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

/**
 * One self-contained HTML file: inline CSS, inline SVG and one small script, nothing fetched (a
 * Content-Security-Policy forbids it). First the pictures: where the time goes (time at stake per
 * finding), the workload over time with its loops marked, each loop as a span view, the index plan
 * as before/after cost bars; then the findings with their evidence in words (in the analysis's
 * order, gate-breaking first), the statements (sortable, by total time first), the plan trees with
 * the node that costs most marked, and the diagnostics. Every piece of user text is escaped; the
 * script reads no data, it only sorts a table.
 */
public final class HtmlReportWriter implements ReportWriter {
    private final RenderOptions options;

    public HtmlReportWriter() {
        this(RenderOptions.DEFAULT);
    }

    public HtmlReportWriter(RenderOptions options) {
        this.options = options;
    }

    @Override
    public void write(Report r, Writer out) throws IOException {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline';"
                        + " script-src 'unsafe-inline'; img-src data:\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>QueryLens report</title><style>").append(HtmlStyle.CSS).append("</style></head><body>\n");
        h.append("<header><h1>QueryLens report</h1><p>").append(esc(r.healthOf() != null
                ? "Health of " + Secrets.redact(r.healthOf()) + "; QueryLens " + r.toolVersion() : String.format(Locale.ROOT,
                "%d executions of %d statement shapes from %d input(s); %d tables known%s; QueryLens %s",
                r.executions(), r.statements().size(), r.inputs().size(), r.tablesKnown(),
                r.folded().any() ? "; folded to bound memory: " + TextReportWriter.describe(r.folded()) : "",
                r.toolVersion()))).append("</p>");
        h.append("<div class=\"cards\">");
        for (Severity s : new Severity[] {Severity.ERROR, Severity.WARNING, Severity.INFO}) {
            h.append("<div class=\"card ").append(s.label()).append("\"><b>").append(r.count(s)).append("</b> ")
                    .append(s.label()).append("</div>");
        }
        h.append("<div class=\"card\"><b>").append(r.indexRecommendations().size()).append("</b> index recommendation(s)</div>");
        h.append("<div class=\"card\"><b>").append(r.diagnostics().size()).append("</b> diagnostic(s)</div></div></header>\n");

        StatementTexts texts = new StatementTexts(r);
        if (options.indexPlanFirst()) {
            HtmlIndexes.write(h, r.indexRecommendations(), r.statements(), SelectionNote.of(r));
        }
        gate(h, r);
        HtmlCharts.timeAtStake(h, r.findings(), texts);
        HtmlCharts.timeline(h, r.timeline(), r.findings());
        HtmlWaterfall.write(h, r.findings(), texts);
        if (!options.indexPlanFirst()) {
            HtmlIndexes.write(h, r.indexRecommendations(), r.statements(), SelectionNote.of(r));
        }
        HtmlFindings.write(h, r.findings(), texts);
        statements(h, r.statements());
        HtmlPlanTree.write(h, r.plans(), options, texts);
        diagnostics(h, r.diagnostics());
        h.append("<script>").append(HtmlStyle.JS).append("</script></body></html>\n");
        out.write(h.toString());
    }

    /** The findings that fail `check` at its default level, named before any picture: they decide, whatever their time. */
    private static void gate(StringBuilder h, Report r) {
        List<dev.querylens.engine.Finding> errors = r.findings().stream().filter(f -> f.severity() == Severity.ERROR).toList();
        if (errors.isEmpty()) {
            return;
        }
        h.append("<div class=\"gate\"><b>").append(errors.size()).append(errors.size() == 1 ? " finding fails" : " findings fail")
                .append(" the check</b> (severity error; listed first under Findings):<ul>");
        errors.stream().limit(5).forEach(f -> h.append("<li><code>").append(esc(f.rule())).append("</code> ")
                .append(esc(Secrets.redact(f.message()))).append("</li>"));
        if (errors.size() > 5) {
            h.append("<li>and ").append(errors.size() - 5).append(" more</li>");
        }
        h.append("</ul></div>\n");
    }

    private static void statements(StringBuilder h, List<StatementGroup> groups) {
        h.append("<section id=\"statements\"><h2>Statements</h2><p class=\"hint\">Click a column to sort.</p>")
                .append("<div class=\"scroll\"><table class=\"sortable\"><thead><tr><th data-type=\"num\">calls</th>")
                .append("<th data-type=\"num\">total ms</th><th data-type=\"num\">mean ms</th><th data-type=\"num\">max ms</th>")
                .append("<th>statement</th></tr></thead><tbody>");
        for (StatementGroup g : groups) {
            h.append(String.format(Locale.ROOT, "<tr><td class=\"num\">%d</td><td class=\"num\">%.3f</td><td class=\"num\">%.3f</td>"
                    + "<td class=\"num\">%.3f</td><td>", g.calls(), g.totalTimeMs(), g.meanTimeMs(), g.maxTimeMs()));
            HtmlText.sql(h, g.text());
            h.append("</td></tr>");
        }
        h.append("</tbody></table></div></section>\n");
    }

    private static void diagnostics(StringBuilder h, List<Diagnostic> diagnostics) {
        if (diagnostics.isEmpty()) {
            return;
        }
        h.append("<section id=\"diagnostics\"><h2>Diagnostics</h2><ul>");
        diagnostics.forEach(d -> h.append("<li><code>").append(esc(Secrets.redact(d.toString()))).append("</code></li>"));
        h.append("</ul></section>\n");
    }
}
