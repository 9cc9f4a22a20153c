package dev.querylens.report;

import dev.querylens.advisor.IndexRecommendation;
import dev.querylens.engine.Finding;
import dev.querylens.engine.Severity;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/**
 * A compact summary for a pull-request comment: counts by severity, the top findings with their
 * fix, and recommended indexes as SQL. Stays under GitHub's 65,536-character comment limit by
 * listing fewer findings, and says how many it left out.
 */
public final class MarkdownReportWriter implements ReportWriter {
    static final int LIMIT = 60_000; // below GitHub's 65,536, with room for a CI wrapper's own text
    private static final int TOP = 20;

    @Override
    public void write(Report r, Writer out) throws IOException {
        StringBuilder head = new StringBuilder();
        head.append("## QueryLens: ").append(r.count(Severity.ERROR)).append(" error(s), ")
                .append(r.count(Severity.WARNING)).append(" warning(s), ").append(r.count(Severity.INFO)).append(" info\n\n");
        head.append(String.format(Locale.ROOT, "%d executions of %d statement shapes from %d input(s); %d tables known.%s%s%n%n",
                r.executions(), r.statements().size(), r.inputs().size(), r.tablesKnown(),
                r.folded().any() ? " Folded to bound memory: " + TextReportWriter.describe(r.folded()) + "." : "",
                r.diagnostics().isEmpty() ? "" : " " + r.diagnostics().size() + " input problem(s) reported."));
        head.append("| severity | findings |\n|---|---:|\n");
        for (Severity s : new Severity[] {Severity.ERROR, Severity.WARNING, Severity.INFO}) {
            head.append("| ").append(s.label()).append(" | ").append(r.count(s)).append(" |\n");
        }
        StringBuilder indexes = new StringBuilder();
        if (!r.indexRecommendations().isEmpty()) {
            indexes.append("\n### Recommended indexes\n\n");
            StringBuilder sql = new StringBuilder();
            for (IndexRecommendation x : r.indexRecommendations()) {
                // the reason can hold names with line feeds: kept to its comment line
                sql.append("-- ").append(VisibleText.line(x.reason())).append("; serves ").append(x.queries().size()).append(" statement(s), ")
                        .append(x.calls()).append(" call(s)")
                        .append(x.verified() ? String.format(Locale.ROOT, ", about %.1f MB (verified)", x.sizeBytes() / 1048576.0) : " (not verified)")
                        .append('\n');
                sql.append(x.ddl()).append('\n');
            }
            indexes.append(MarkdownText.block("sql", sql.toString().stripTrailing(), ""));
        }
        StringBuilder findings = new StringBuilder();
        StatementTexts texts = new StatementTexts(r);
        int shown = 0;
        if (!r.findings().isEmpty()) {
            findings.append("\n### Top findings\n\n");
            for (Finding f : r.findings()) {
                if (shown == TOP) {
                    break;
                }
                String entry = entry(++shown, f, texts);
                if (head.length() + findings.length() + entry.length() + indexes.length() + 200 > LIMIT) {
                    shown--;
                    break;
                }
                findings.append(entry);
            }
            if (shown < r.findings().size()) {
                findings.append("\n_").append(r.findings().size() - shown)
                        .append(" more finding(s) in the full report (`--format json` or `--format html`)._\n");
            }
        }
        out.write(head.toString());
        out.write(findings.toString());
        out.write(indexes.toString());
    }

    /** One finding as a list item. Every part from an input goes through {@link MarkdownText}: it is read, never rendered. */
    private static String entry(int n, Finding f, StatementTexts texts) {
        // CommonMark: a list item's continuation lines are indented by the width of its marker
        // ("9. " is three characters, "10. " four), or they fall out of the item
        String indent = " ".repeat(Integer.toString(n).length() + 2);
        StringBuilder b = new StringBuilder();
        b.append(n).append(". **").append(f.severity().label()).append("** ").append(MarkdownText.code(f.rule()));
        if (f.table() != null) {
            b.append(" on ").append(MarkdownText.code(f.table()));
        }
        b.append(": ").append(MarkdownText.prose(Secrets.redact(f.message())));
        if (f.hasTimeAtStake()) {
            b.append(String.format(java.util.Locale.ROOT, " (%.1f ms at stake)", f.timeAtStakeMs()));
        }
        b.append('\n');
        if (f.sql() != null) {
            b.append(MarkdownText.block("sql", abbreviate(texts.of(f.sql())), indent));
        }
        if (!f.locations().isEmpty()) {
            b.append(indent).append("at ").append(MarkdownText.code(f.locations().get(0).toString())).append('\n');
        }
        if (f.fix() != null) {
            b.append(indent).append("**Fix:** ").append(MarkdownText.prose(Secrets.redact(f.fix()))).append('\n');
        }
        return b.toString();
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 400 ? sql : sql.substring(0, 397) + "...";
    }
}
