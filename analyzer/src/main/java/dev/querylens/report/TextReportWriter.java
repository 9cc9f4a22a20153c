package dev.querylens.report;

import dev.querylens.advisor.IndexRecommendation;
import dev.querylens.collect.Diagnostic;
import dev.querylens.engine.Finding;
import dev.querylens.engine.Severity;
import dev.querylens.workload.Folded;
import dev.querylens.workload.StatementGroup;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A terminal report: the summary first, then findings by the time at stake (as the engine orders
 * them), advice, top statements, diagnostics.
 */
public final class TextReportWriter implements ReportWriter {
    private static final String RESET = "\u001b[0m";

    private final RenderOptions options;

    public TextReportWriter(RenderOptions options) {
        this.options = options;
    }

    public TextReportWriter() {
        this(RenderOptions.DEFAULT);
    }

    private static final int TOP_STATEMENTS = 10;
    private static final int MAX_DIAGNOSTICS = 20;
    private static final int SQL_WIDTH = 160;

    /** What was folded to bound memory, on the summary line, so the counts before it are read right. */
    static String folded(Folded f) {
        return f.any() ? " | folded to bound memory: " + describe(f) : "";
    }

    /** What was folded, in words, for every format's summary: "12 executions in 3 lighter statement groups, ...". */
    static String describe(Folded f) {
        List<String> parts = new java.util.ArrayList<>();
        if (f.statementGroups() > 0) {
            parts.add(String.format(Locale.ROOT, "%d executions in %d lighter statement group%s", f.executions(),
                    f.statementGroups(), f.statementGroups() == 1 ? "" : "s"));
        }
        if (f.sessionsEvicted() > 0) {
            parts.add(String.format(Locale.ROOT, "%d idle session%s closed early", f.sessionsEvicted(),
                    f.sessionsEvicted() == 1 ? "" : "s"));
        }
        return String.join(", ", parts);
    }

    /**
     * Everything goes through {@link VisibleTextWriter}, so nothing from an input (a quoted identifier
     * holding ESC ] 52, a CR, U+202E) reaches the terminal raw; the fields of one line are also
     * escaped with {@link VisibleText#line}, so a line feed in a name cannot forge a line of the
     * report. Only the colours QueryLens chose go past the escaping.
     */
    @Override
    public void write(Report r, Writer w) throws IOException {
        VisibleTextWriter visible = new VisibleTextWriter(w);
        PrintWriter out = new PrintWriter(visible);
        if (r.healthOf() != null) {
            out.printf(Locale.ROOT, "QueryLens %s: health of %s%n", r.toolVersion(), VisibleText.line(Secrets.redact(r.healthOf())));
        } else {
            out.printf(Locale.ROOT, "QueryLens %s: %d input%s, %d executions, %d statement shapes, %d tables known%s%n",
                    r.toolVersion(), r.inputs().size(), r.inputs().size() == 1 ? "" : "s", r.executions(),
                    r.statements().size(), r.tablesKnown(), folded(r.folded()));
        }
        out.printf(Locale.ROOT, "Findings: %d error(s), %d warning(s), %d info | %d index recommendation(s) | %d diagnostic(s)%s%n",
                r.count(Severity.ERROR), r.count(Severity.WARNING), r.count(Severity.INFO),
                r.indexRecommendations().size(), r.diagnostics().size(),
                r.suppressed() > 0 ? " | " + r.suppressed() + " suppressed" : "");
        if (options.indexPlanFirst()) {
            indexPlan(out, r);
        }
        if (!r.findings().isEmpty()) {
            out.println();
            out.println("FINDINGS");
            StatementTexts texts = new StatementTexts(r);
            for (Finding f : r.findings()) {
                finding(out, visible, f, r, texts);
            }
        }
        if (!options.indexPlanFirst()) {
            indexPlan(out, r);
        }
        if (!r.statements().isEmpty()) {
            out.println();
            out.println("TOP STATEMENTS BY TOTAL TIME");
            out.printf(Locale.ROOT, "%8s %12s %10s  %s%n", "calls", "total ms", "mean ms", "statement");
            r.statements().stream().limit(TOP_STATEMENTS).forEach(s -> statement(out, s));
            if (r.statements().size() > TOP_STATEMENTS) {
                out.printf("%8s (%d more in the JSON report)%n", "", r.statements().size() - TOP_STATEMENTS);
            }
        }
        if (!r.diagnostics().isEmpty()) {
            out.println();
            out.printf("DIAGNOSTICS (%d)%n", r.diagnostics().size());
            r.diagnostics().stream().limit(MAX_DIAGNOSTICS).map(Diagnostic::toString).map(Secrets::redact)
                    .forEach(d -> out.println("  " + VisibleText.line(d)));
            if (r.diagnostics().size() > MAX_DIAGNOSTICS) {
                out.printf("  ... %d more in the JSON report%n", r.diagnostics().size() - MAX_DIAGNOSTICS);
            }
        }
        out.flush();
        visible.control(""); // releases a CR or half surrogate pair held at the very end, escaped
        w.flush();
    }

    private void finding(PrintWriter out, VisibleTextWriter visible, Finding f, Report r, StatementTexts texts) throws IOException {
        out.println();
        paint(out, visible, f.severity());
        out.printf(" %s%s%n", VisibleText.line(f.rule()),
                f.table() == null ? "" : "  " + VisibleText.line(f.table()
                        + (f.columns().isEmpty() ? "" : " (" + String.join(", ", f.columns()) + ")")));
        out.println("  " + VisibleText.line(Secrets.redact(f.message())));
        if (f.hasTimeAtStake()) {
            out.printf(Locale.ROOT, "  at stake: %.1f ms%n", f.timeAtStakeMs());
        }
        if (f.sql() != null) {
            out.println("  sql:");
            out.println(BLOCK + VisibleText.line(abbreviate(texts.of(f.sql()))));
            if (options.showLiterals()) {
                r.statements().stream().filter(s -> s.sql().equals(f.sql())).findFirst()
                        .ifPresent(s -> {
                            out.println("  example:");
                            out.println(BLOCK + VisibleText.line(abbreviate(Secrets.redact(s.exampleSql()).replaceAll("\\s+", " "))));
                        });
            }
        }
        if (!f.locations().isEmpty()) {
            out.println("  at:       " + VisibleText.line(f.locations().get(0).toString())
                    + (f.locations().size() > 1 ? " (+" + (f.locations().size() - 1) + " more)" : ""));
        }
        if (!f.evidence().isEmpty()) {
            out.println("  evidence: " + VisibleText.line(evidence(f.evidence())));
        }
        if (f.fix() != null) {
            // a block of its own, so the SQL in it can be copied whole; a line of it per sentence or statement
            out.println("  fix:");
            for (String line : fixLines(VisibleText.line(f.fix()))) {
                out.println(BLOCK + line);
            }
        }
    }

    /** Where a finding's SQL and fix start: an indented block under their label. */
    private static final String BLOCK = "      ";

    /** The recommended indexes; each statement's costs are this index's own effect, the others in place. */
    private static void indexPlan(PrintWriter out, Report r) {
        if (r.indexRecommendations().isEmpty()) {
            return;
        }
        out.println();
        boolean verified = r.indexRecommendations().stream().allMatch(IndexRecommendation::verified);
        out.println(verified ? "RECOMMENDED INDEXES (verified with what-if planning)"
                : "RECOMMENDED INDEXES (offline heuristic, not verified against a database)");
        String exact = SelectionNote.of(r);
        if (exact != null) {
            out.println("  " + VisibleText.line(exact));
        }
        int n = 1;
        for (IndexRecommendation x : r.indexRecommendations()) {
            out.printf(Locale.ROOT, "%3d. %s%n      %s; serves %d statement(s), %d call(s)%s%n", n++, VisibleText.line(x.ddl()),
                    VisibleText.line(x.reason()),
                    x.queries().size(), x.calls(),
                    x.totalTimeMs() > 0 ? String.format(Locale.ROOT, ", %.1f ms in total", x.totalTimeMs()) : "");
            if (x.verified()) {
                out.printf(Locale.ROOT, "      about %.1f MB; planner cost without it -> with it: %s%s%n", x.sizeBytes() / 1048576.0,
                        String.join(", ", x.costs().stream().map(c -> String.format(Locale.ROOT, "%.0f -> %.0f", c.before(), c.after())).toList()),
                        x.makesRedundant().isEmpty() ? "" : "; makes redundant: " + VisibleText.line(String.join(", ", x.makesRedundant())));
            }
        }
    }

    /**
     * A fix split after each "; " that ends a sentence or a statement, so each CREATE INDEX or
     * ALTER stands on its own line; a semicolon inside quotes stays where it is.
     */
    static List<String> fixLines(String fix) {
        List<String> lines = new java.util.ArrayList<>();
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < fix.length(); i++) {
            char c = fix.charAt(i);
            if (c == '\'' || c == '"') {
                quoted = !quoted;
            } else if (c == ';' && !quoted && i + 1 < fix.length() && fix.charAt(i + 1) == ' ') {
                lines.add(fix.substring(start, i + 1));
                start = i + 2;
            }
        }
        lines.add(fix.substring(start));
        return lines;
    }

    /** The severity label, in its colour when colours are on: the only escape sequences the report writes itself. */
    private void paint(PrintWriter out, VisibleTextWriter visible, Severity s) throws IOException {
        String label = String.format("%-7s", s.label().toUpperCase(Locale.ROOT));
        if (!options.color()) {
            out.print(label);
            return;
        }
        String code = switch (s) {
            case ERROR -> "\u001b[1;31m";
            case WARNING -> "\u001b[33m";
            case INFO -> "\u001b[36m";
        };
        out.flush();
        visible.control(code);
        out.print(label);
        out.flush();
        visible.control(RESET);
    }

    private static String evidence(Map<String, Object> evidence) {
        StringBuilder b = new StringBuilder();
        evidence.forEach((k, v) -> {
            if (v instanceof List<?> list && list.isEmpty()) {
                return;
            }
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(k).append('=').append(Secrets.redact(String.valueOf(v)));
        });
        return b.toString();
    }

    private static void statement(PrintWriter out, StatementGroup s) {
        out.printf(Locale.ROOT, "%8d %12.1f %10.3f  %s%n", s.calls(), s.totalTimeMs(), s.meanTimeMs(), VisibleText.line(abbreviate(s.text())));
    }

    static String abbreviate(String sql) {
        return sql.length() <= SQL_WIDTH ? sql : sql.substring(0, SQL_WIDTH - 3) + "...";
    }
}
