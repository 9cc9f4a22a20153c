package dev.querylens.report;

import static dev.querylens.report.HtmlText.esc;

import dev.querylens.advisor.IndexRecommendation;
import dev.querylens.workload.StatementGroup;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The index plan: per recommended index its DDL, why, and per statement it serves the planner's
 * cost before and after as two bars on one scale, so what an index buys reads at a glance. Offline
 * advice has no costs and says how to get them.
 */
final class HtmlIndexes {
    private HtmlIndexes() {
    }

    /** {@code exact}: the advisor's note on the exact selection (advise --exact), or null. */
    static void write(StringBuilder h, List<IndexRecommendation> recs, List<StatementGroup> groups, String exact) {
        h.append("<section id=\"indexes\"><h2>Recommended indexes</h2>");
        if (exact != null) {
            h.append("<p class=\"hint\">").append(esc(exact)).append("</p>");
        }
        if (recs.isEmpty()) {
            h.append("<p>None.</p></section>\n");
            return;
        }
        Map<String, String> textOf = new HashMap<>();
        groups.forEach(g -> textOf.putIfAbsent(g.fingerprint().id(), g.text()));
        int n = 0;
        for (IndexRecommendation x : recs) {
            n++;
            h.append("<div class=\"index\"><h3>#").append(n).append(" on <code>").append(esc(x.table())).append("</code></h3>");
            h.append("<pre class=\"sql\">").append(esc(x.ddl())).append("</pre><p>").append(esc(x.reason())).append("</p><p class=\"hint\">")
                    .append(x.queries().size()).append(" statement(s), ").append(x.calls()).append(" calls, ")
                    .append(esc(HtmlText.ms(x.totalTimeMs()))).append(" in this workload");
            if (x.verified()) {
                h.append(String.format(Locale.ROOT, "; about %.1f MB", x.sizeBytes() / 1048576.0));
                if (!Double.isNaN(x.workloadImprovement())) {
                    h.append(String.format(Locale.ROOT, "; removes %.0f%% of their weighted cost", 100 * x.workloadImprovement()));
                }
            }
            h.append(".</p>");
            if (!x.verified() || x.costs().isEmpty()) {
                h.append("<p class=\"hint\">Not verified (offline heuristic): run with <code>--db</code> on a PostgreSQL with HypoPG"
                        + " to see each statement's planner cost before and after.</p></div>");
                continue;
            }
            double max = x.costs().stream().mapToDouble(c -> Math.max(c.before(), c.after())).max().orElse(0);
            h.append("<div class=\"costs\">");
            for (IndexRecommendation.QueryCost c : x.costs()) {
                h.append("<div class=\"cost\" data-before=\"").append(HtmlText.num(c.before())).append("\" data-after=\"")
                        .append(HtmlText.num(c.after())).append("\">");
                HtmlText.sql(h, Secrets.redact(textOf.getOrDefault(c.fingerprint(), c.fingerprint())));
                bar(h, "before", c.before(), max);
                bar(h, "after", c.after(), max);
                h.append("</div>");
            }
            h.append("</div></div>");
        }
        h.append("</section>\n");
    }

    private static void bar(StringBuilder h, String which, double cost, double max) {
        h.append("<div class=\"bar-row\"><div class=\"bar-label\">").append(which).append("</div><div class=\"track\"><span class=\"fill ")
                .append(which).append("\" style=\"width:").append(HtmlText.pct(max <= 0 ? 0 : cost / max)).append("\"></span><span class=\"val\">")
                .append(String.format(Locale.ROOT, "cost %,.0f", cost)).append("</span></div></div>");
    }
}
