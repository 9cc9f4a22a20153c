package dev.querylens.report;

import static dev.querylens.report.HtmlText.esc;

import dev.querylens.engine.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The findings, grouped by rule in the report's order, each with its statement, evidence in words and fix. */
final class HtmlFindings {
    private HtmlFindings() {
    }

    static void write(StringBuilder h, List<Finding> findings, StatementTexts texts) {
        h.append("<section id=\"findings\"><h2>Findings</h2>");
        if (findings.isEmpty()) {
            h.append("<p>No findings.</p>");
        }
        Map<String, List<Finding>> byRule = new LinkedHashMap<>();
        findings.forEach(f -> byRule.computeIfAbsent(f.rule(), k -> new ArrayList<>()).add(f));
        byRule.forEach((rule, list) -> {
            String severity = list.get(0).severity().label();
            h.append("<details open class=\"rule\"><summary><span class=\"sev ").append(severity).append("\">").append(severity)
                    .append("</span> <code>").append(esc(rule)).append("</code> (").append(list.size()).append(")</summary>");
            for (Finding f : list) {
                finding(h, f, texts);
            }
            h.append("</details>");
        });
        h.append("</section>\n");
    }

    private static void finding(StringBuilder h, Finding f, StatementTexts texts) {
        h.append("<div class=\"finding\" data-rule=\"").append(esc(f.rule())).append("\"><p>")
                .append(esc(Secrets.redact(f.message()))).append("</p>");
        HtmlText.sql(h, texts.of(f.sql()));
        h.append("<div class=\"scroll\"><table class=\"evidence\">");
        if (f.table() != null) {
            row(h, "table", f.table() + (f.columns().isEmpty() ? "" : " (" + String.join(", ", f.columns()) + ")"));
        }
        if (!f.locations().isEmpty()) {
            row(h, "seen at", f.locations().stream().map(Object::toString).reduce((a, b) -> a + ", " + b).orElse(""));
        }
        if (f.hasTimeAtStake()) {
            row(h, "time at stake", HtmlText.ms(f.timeAtStakeMs()));
        }
        f.evidence().forEach((k, v) -> {
            if (EvidenceWords.SHOWN_APART.contains(k)) {
                return;
            }
            if (EvidenceWords.isSql(k, v)) {
                h.append("<tr><th>").append(esc(EvidenceWords.name(k))).append("</th><td>");
                HtmlText.sql(h, Secrets.redact(texts.of((String) v)));
                h.append("</td></tr>");
            } else {
                row(h, EvidenceWords.name(k), Secrets.redact(EvidenceWords.value(k, v)));
            }
        });
        h.append("</table></div>");
        if (f.fix() != null) {
            h.append("<p class=\"fix\"><b>Fix:</b></p><pre class=\"fix\">")
                    .append(esc(String.join("\n", TextReportWriter.fixLines(Secrets.redact(f.fix()))))).append("</pre>");
        }
        h.append("</div>");
    }

    private static void row(StringBuilder h, String key, String value) {
        h.append("<tr><th>").append(esc(key)).append("</th><td>").append(esc(value)).append("</td></tr>");
    }
}
