package dev.querylens.report;

import dev.querylens.advisor.IndexRecommendation;
import dev.querylens.engine.Finding;
import dev.querylens.engine.Severity;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A compact summary for a pull-request comment: counts by severity, the top findings with their
 * fix, and recommended indexes as SQL. Stays under GitHub's 65,536-character comment limit by
 * listing fewer findings, and says how many it left out.
 */
public final class MarkdownReportWriter implements ReportWriter {
    static final int LIMIT = 60_000; // below GitHub's 65,536, with room for a CI wrapper's own text
    private static final int TOP = 20;

    private final boolean indexPlanFirst;

    public MarkdownReportWriter(RenderOptions options) {
        this.indexPlanFirst = options.indexPlanFirst();
    }

    public MarkdownReportWriter() {
        this(RenderOptions.DEFAULT);
    }
    /** Findings and index recommendations shown open; the rest of a section folds into {@code <details>}. */
    static final int OPEN = 5;

    @Override
    public void write(Report r, Writer out) throws IOException {
        StringBuilder head = new StringBuilder();
        head.append("## QueryLens: ").append(r.count(Severity.ERROR)).append(" error(s), ")
                .append(r.count(Severity.WARNING)).append(" warning(s), ").append(r.count(Severity.INFO)).append(" info\n\n");
        head.append(r.healthOf() != null ? "Health of " + MarkdownText.code(Secrets.redact(r.healthOf())) + "."
                + (r.diagnostics().isEmpty() ? "" : " " + r.diagnostics().size() + " note(s) or problem(s) reported.") + "\n\n"
                : String.format(Locale.ROOT, "%d executions of %d statement shapes from %d input(s); %d tables known.%s%s%n%n",
                r.executions(), r.statements().size(), r.inputs().size(), r.tablesKnown(),
                r.folded().any() ? " Folded to bound memory: " + TextReportWriter.describe(r.folded()) + "." : "",
                r.diagnostics().isEmpty() ? "" : " " + r.diagnostics().size() + " input problem(s) reported."));
        head.append("| severity | findings |\n|---|---:|\n");
        for (Severity s : new Severity[] {Severity.ERROR, Severity.WARNING, Severity.INFO}) {
            head.append("| ").append(s.label()).append(" | ").append(r.count(s)).append(" |\n");
        }
        StringBuilder indexes = new StringBuilder();
        int indexesShown = 0;
        if (!r.indexRecommendations().isEmpty()) {
            List<String> lines = new ArrayList<>();
            int n = 0;
            for (IndexRecommendation x : r.indexRecommendations()) {
                // numbered as the findings' fixes cite them ("covered by recommended index #2");
                // the reason can hold names with line feeds: kept to its comment line
                lines.add("-- #" + ++n + ": " + VisibleText.line(x.reason()) + "; serves " + x.queries().size() + " statement(s), "
                        + x.calls() + " call(s)"
                        + (x.verified() ? String.format(Locale.ROOT, ", about %.1f MB (verified)", x.sizeBytes() / 1048576.0) : " (not verified)")
                        + "\n" + x.ddl());
            }
            // the index plan is what every index fix points at: it gets its share of the comment first
            StringBuilder sql = new StringBuilder();
            for (String line : lines) {
                if (head.length() + sql.length() + line.length() + 400 > LIMIT / 2) {
                    break;
                }
                sql.append(line).append('\n');
                indexesShown++;
            }
            indexes.append("\n### Recommended indexes\n\n");
            String exact = SelectionNote.of(r);
            if (exact != null) {
                indexes.append(MarkdownText.prose(exact)).append("\n\n");
            }
            String block = MarkdownText.block("sql", sql.toString().stripTrailing(), "");
            indexes.append(lines.size() > OPEN ? details(lines.size() + " recommended indexes", block) : block);
            if (indexesShown < lines.size()) {
                indexes.append("\n_").append(lines.size() - indexesShown)
                        .append(" more recommended index(es) cut to stay under GitHub's comment limit: see the full report (`--format json` or `--format html`)._\n");
            }
        }
        StringBuilder findings = new StringBuilder();
        StatementTexts texts = new StatementTexts(r);
        int shown = 0;
        if (!r.findings().isEmpty()) {
            findings.append("\n### Top findings\n\n");
            StringBuilder folded = new StringBuilder();
            for (Finding f : r.findings()) {
                if (shown == TOP) {
                    break;
                }
                String entry = entry(shown + 1, f, texts);
                if (head.length() + findings.length() + folded.length() + entry.length() + indexes.length() + 400 > LIMIT) {
                    break;
                }
                shown++;
                (shown <= OPEN ? findings : folded).append(entry);
            }
            if (folded.length() > 0) {
                findings.append(details((shown - OPEN) + " more finding(s)", folded.toString()));
            }
            if (shown < r.findings().size()) {
                findings.append("\n_").append(r.findings().size() - shown).append(" more finding(s) not shown")
                        .append(shown < TOP ? " (cut to stay under GitHub's comment limit)" : "")
                        .append(": see the full report (`--format json` or `--format html`)._\n");
            }
        }
        out.write(head.toString());
        out.write(indexPlanFirst ? indexes.toString() : findings.toString());
        out.write(indexPlanFirst ? findings.toString() : indexes.toString());
    }

    /**
     * A long section folded away, for a comment that opens on what decides. The HTML block needs a
     * blank line after the summary and before its end, or CommonMark reads the Markdown inside as HTML.
     */
    private static String details(String summary, String markdown) {
        return "\n<details><summary>" + summary + "</summary>\n\n" + markdown + "\n</details>\n";
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
            // a code block: the SQL in it copies whole, and no backtick or markup in it can break the comment
            b.append(indent).append("**Fix:**\n");
            String fix = Secrets.redact(f.fix());
            // highlighted as SQL when it is SQL to run (a fix starts with its statement), plain text when it is advice
            String info = fix.matches("(?s)(CREATE|ALTER|DROP|REVOKE|GRANT|SET|COMMENT) .*") ? "sql" : "";
            b.append(MarkdownText.block(info, String.join("\n", TextReportWriter.fixLines(VisibleText.line(fix))), indent));
        }
        return b.toString();
    }

    private static String abbreviate(String sql) {
        return sql.length() <= 400 ? sql : sql.substring(0, 397) + "...";
    }
}
