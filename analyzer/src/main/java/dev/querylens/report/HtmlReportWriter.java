package dev.querylens.report;

import dev.querylens.advisor.IndexRecommendation;
import dev.querylens.collect.Diagnostic;
import dev.querylens.engine.Finding;
import dev.querylens.engine.Severity;
import dev.querylens.plan.PlanNode;
import dev.querylens.workload.StatementGroup;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML file (no network fetches): summary, findings grouped by rule with their
 * evidence, recommended indexes, the statement table (sortable, by total time first) and plans
 * drawn as trees with the nodes that take most of the time or cost highlighted.
 */
public final class HtmlReportWriter implements ReportWriter {
    /** A node whose own share of the plan's time (or cost) is at least this is highlighted. */
    static final double HOT_SHARE = 0.3;

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
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>QueryLens report</title><style>").append(CSS).append("</style></head><body>\n");
        h.append("<header><h1>QueryLens report</h1><p>").append(esc(String.format(Locale.ROOT,
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

        findings(h, r.findings(), new StatementTexts(r));
        indexes(h, r.indexRecommendations());
        statements(h, r.statements());
        plans(h, r.plans(), options);
        diagnostics(h, r.diagnostics());
        h.append("<script>").append(JS).append("</script></body></html>\n");
        out.write(h.toString());
    }

    private static void findings(StringBuilder h, List<Finding> findings, StatementTexts texts) {
        h.append("<section id=\"findings\"><h2>Findings</h2>");
        if (findings.isEmpty()) {
            h.append("<p>No findings.</p>");
        }
        Map<String, List<Finding>> byRule = new LinkedHashMap<>();
        findings.forEach(f -> byRule.computeIfAbsent(f.rule(), k -> new java.util.ArrayList<>()).add(f));
        byRule.forEach((rule, list) -> {
            h.append("<details open class=\"rule\"><summary><span class=\"sev ").append(list.get(0).severity().label()).append("\">")
                    .append(list.get(0).severity().label()).append("</span> <code>").append(esc(rule)).append("</code> (")
                    .append(list.size()).append(")</summary>");
            for (Finding f : list) {
                h.append("<div class=\"finding\" data-rule=\"").append(esc(rule)).append("\"><p>")
                        .append(esc(Secrets.redact(f.message()))).append("</p>");
                if (f.sql() != null) {
                    h.append("<pre class=\"sql\">").append(esc(texts.of(f.sql()))).append("</pre>");
                }
                h.append("<table class=\"evidence\">");
                if (f.table() != null) {
                    row(h, "table", f.table() + (f.columns().isEmpty() ? "" : " (" + String.join(", ", f.columns()) + ")"));
                }
                if (!f.locations().isEmpty()) {
                    row(h, "seen at", f.locations().stream().map(Object::toString).reduce((a, b) -> a + ", " + b).orElse(""));
                }
                if (f.hasTimeAtStake()) {
                    row(h, "time at stake", String.format(java.util.Locale.ROOT, "%.1f ms", f.timeAtStakeMs()));
                }
                f.evidence().forEach((k, v) -> row(h, k, Secrets.redact(String.valueOf(v))));
                h.append("</table>");
                if (f.fix() != null) {
                    h.append("<p class=\"fix\"><b>Fix:</b></p><pre class=\"fix\">")
                            .append(esc(String.join("\n", TextReportWriter.fixLines(Secrets.redact(f.fix()))))).append("</pre>");
                }
                h.append("</div>");
            }
            h.append("</details>");
        });
        h.append("</section>\n");
    }

    private static void indexes(StringBuilder h, List<IndexRecommendation> recs) {
        h.append("<section id=\"indexes\"><h2>Recommended indexes</h2>");
        if (recs.isEmpty()) {
            h.append("<p>None.</p></section>\n");
            return;
        }
        h.append("<table><thead><tr><th>index</th><th>why</th><th>statements</th><th>calls</th><th>total ms</th>"
                + "<th>cost before → after</th></tr></thead><tbody>");
        for (IndexRecommendation x : recs) {
            h.append("<tr><td><pre class=\"sql\">").append(esc(x.ddl())).append("</pre></td><td>").append(esc(x.reason()))
                    .append("</td><td class=\"num\">").append(x.queries().size()).append("</td><td class=\"num\">").append(x.calls())
                    .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.1f", x.totalTimeMs()))
                    .append("</td><td>").append(x.verified()
                            ? esc(String.join(", ", x.costs().stream().map(c -> String.format(Locale.ROOT, "%.0f → %.0f", c.before(), c.after())).toList())
                                    + String.format(Locale.ROOT, " (%.1f MB)", x.sizeBytes() / 1048576.0))
                            : "not verified (offline heuristic)").append("</td></tr>");
        }
        h.append("</tbody></table></section>\n");
    }

    private static void statements(StringBuilder h, List<StatementGroup> groups) {
        h.append("<section id=\"statements\"><h2>Statements</h2><p class=\"hint\">Click a column to sort.</p>")
                .append("<table class=\"sortable\"><thead><tr><th data-type=\"num\">calls</th><th data-type=\"num\">total ms</th>")
                .append("<th data-type=\"num\">mean ms</th><th data-type=\"num\">max ms</th><th>statement</th></tr></thead><tbody>");
        for (StatementGroup g : groups) {
            h.append(String.format(Locale.ROOT, "<tr><td class=\"num\">%d</td><td class=\"num\">%.3f</td><td class=\"num\">%.3f</td>"
                    + "<td class=\"num\">%.3f</td><td><code>%s</code></td></tr>", g.calls(), g.totalTimeMs(), g.meanTimeMs(),
                    g.maxTimeMs(), esc(g.text())));
        }
        h.append("</tbody></table></section>\n");
    }

    private static void plans(StringBuilder h, List<Report.Plan> plans, RenderOptions options) {
        if (plans.isEmpty()) {
            return;
        }
        h.append("<section id=\"plans\"><h2>Plans</h2>");
        for (Report.Plan p : plans) {
            h.append("<div class=\"plan\"><h3>").append(esc(p.location().toString())).append("</h3>");
            if (p.sql() != null) {
                h.append("<pre class=\"sql\">").append(esc(p.sql())).append("</pre>");
            }
            double total = p.root().weight();
            h.append("<ul class=\"tree\">");
            node(h, p.root(), total, 1, options);
            h.append("</ul></div>");
        }
        h.append("</section>\n");
    }

    /** Drawn at most {@link PlanNode#MAX_DEPTH} deep, with a note counting the nodes below. */
    private static void node(StringBuilder h, PlanNode n, double total, int depth, RenderOptions options) {
        double share = n.ownShare(total);
        boolean hot = share >= HOT_SHARE;
        h.append("<li><div class=\"node").append(hot ? " hot" : "").append("\"><span class=\"bar\" style=\"width:")
                .append(String.format(Locale.ROOT, "%.0f", 100 * share)).append("%\"></span><b>").append(esc(n.nodeType())).append("</b>");
        if (n.relationName() != null) {
            h.append(" on <code>").append(esc(n.relationName())).append("</code>");
        }
        if (n.indexName() != null) {
            h.append(" using <code>").append(esc(n.indexName())).append("</code>");
        }
        h.append(String.format(Locale.ROOT, " <span class=\"meta\">%.0f%% · est. %.0f rows, cost %.2f", 100 * share, n.planRows(), n.totalCost()));
        if (n.analyzed()) {
            h.append(String.format(Locale.ROOT, " · actual %.0f rows × %.0f loops, %.3f ms", n.actualRows(), n.actualLoops(), n.actualTotalTimeMs()));
        }
        if (!Double.isNaN(n.rowsRemovedByFilter())) {
            h.append(String.format(Locale.ROOT, " · %.0f removed by filter", n.rowsRemovedByFilter()));
        }
        h.append("</span>");
        if (n.filter() != null) {
            h.append("<div class=\"cond\">filter: <code>").append(esc(PlanConditions.shown(n.filter(), options))).append("</code></div>");
        }
        if (n.indexCond() != null) {
            h.append("<div class=\"cond\">index cond: <code>").append(esc(PlanConditions.shown(n.indexCond(), options))).append("</code></div>");
        }
        h.append("</div>");
        if (!n.children().isEmpty() && depth >= PlanNode.MAX_DEPTH) {
            h.append("<ul><li><div class=\"node\">").append(n.children().stream().mapToLong(PlanNodes::count).sum())
                    .append(" deeper nodes not shown</div></li></ul>");
        } else if (!n.children().isEmpty()) {
            h.append("<ul>");
            n.children().forEach(c -> node(h, c, total, depth + 1, options));
            h.append("</ul>");
        }
        h.append("</li>");
    }

    private static void diagnostics(StringBuilder h, List<Diagnostic> diagnostics) {
        if (diagnostics.isEmpty()) {
            return;
        }
        h.append("<section id=\"diagnostics\"><h2>Diagnostics</h2><ul>");
        diagnostics.forEach(d -> h.append("<li><code>").append(esc(Secrets.redact(d.toString()))).append("</code></li>"));
        h.append("</ul></section>\n");
    }

    private static void row(StringBuilder h, String key, String value) {
        h.append("<tr><th>").append(esc(key)).append("</th><td>").append(esc(value)).append("</td></tr>");
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:0 1.2em;color:#1d2433}
            h1{margin:.6em 0 .2em}h2{border-bottom:1px solid #dde;padding-bottom:.2em;margin-top:1.6em}
            .cards{display:flex;gap:.6em;flex-wrap:wrap}.card{border:1px solid #dde;border-radius:6px;padding:.4em .9em}
            .card b{font-size:1.4em}.card.error b,.sev.error{color:#b3261e}.card.warning b,.sev.warning{color:#9a6700}
            .card.info b,.sev.info{color:#0b6bcb}.sev{font-weight:600;text-transform:uppercase;font-size:.8em}
            details.rule{margin:.6em 0;border:1px solid #e3e6ee;border-radius:6px;padding:.3em .8em}
            summary{cursor:pointer;font-size:1.05em}.finding{border-top:1px solid #eef;padding:.4em 0}
            pre.sql{background:#f6f8fa;padding:.5em;white-space:pre-wrap;word-break:break-word;margin:.3em 0}
            table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25em .5em;border-bottom:1px solid #eef;vertical-align:top}
            table.evidence{width:auto}table.evidence th{color:#556;font-weight:500}.num{text-align:right;font-variant-numeric:tabular-nums}
            table.sortable th{cursor:pointer;user-select:none}table.sortable th.sorted::after{content:" \\25BE"}
            .fix{background:#eef7ee;padding:.4em .6em;border-radius:4px}.hint{color:#667;font-size:.9em}
            ul.tree,ul.tree ul{list-style:none;padding-left:1.2em;border-left:1px dotted #ccd}
            .node{position:relative;padding:.2em .4em;margin:.15em 0;border-radius:4px;overflow:hidden}
            .node .bar{position:absolute;left:0;top:0;bottom:0;background:#e8eefc;z-index:-1}
            .node.hot{outline:2px solid #b3261e}.node.hot .bar{background:#fbe1df}.meta{color:#556;font-size:.9em}
            .cond{font-size:.9em;color:#445}
            """;

    private static final String JS = """
            (function () {
              function cellValue(row, index, numeric) {
                var text = row.children[index].textContent.trim();
                return numeric ? parseFloat(text) || 0 : text.toLowerCase();
              }
              document.querySelectorAll('table.sortable').forEach(function (table) {
                var headers = table.querySelectorAll('th');
                headers.forEach(function (th, index) {
                  th.addEventListener('click', function () {
                    var numeric = th.dataset.type === 'num';
                    var descending = !th.classList.contains('sorted');
                    var body = table.tBodies[0];
                    var rows = Array.prototype.slice.call(body.rows);
                    rows.sort(function (a, b) {
                      var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
                      var order = x < y ? -1 : x > y ? 1 : 0;
                      return descending ? -order : order;
                    });
                    headers.forEach(function (h) { h.classList.remove('sorted'); });
                    if (descending) { th.classList.add('sorted'); }
                    rows.forEach(function (r) { body.appendChild(r); });
                  });
                });
                headers[1].click(); // most total time first
              });
              document.body.dataset.ready = 'true';
            })();
            """;
}
