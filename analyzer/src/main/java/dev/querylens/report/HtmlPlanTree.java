package dev.querylens.report;

import static dev.querylens.report.HtmlText.esc;

import dev.querylens.plan.PlanNode;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plans drawn as trees, each node with a bar of its own (exclusive) share of the plan's time, or
 * cost when the plan was not analyzed, and the node that costs most marked.
 *
 * <p>In a parallel plan the nodes under a Gather report the average over the processes that ran
 * them, while the Gather reports the wall time it waited: subtracting one from the other leaves
 * the Gather holding time its workers spent (the samples' Gather came out at 55% of the plan, the
 * scan that did the work under it at 45%). So the Gather's own share is what the planner charges
 * it (starting workers, passing rows on: its cost above its children's) and the rest of its time
 * goes to the work under it, scaled over that whole subtree.
 */
final class HtmlPlanTree {
    /** A node whose own share of the plan's time (or cost) is at least this is highlighted. */
    static final double HOT_SHARE = 0.3;

    private HtmlPlanTree() {
    }

    static void write(StringBuilder h, List<Report.Plan> plans, RenderOptions options, StatementTexts texts) {
        if (plans.isEmpty()) {
            return;
        }
        h.append("<section id=\"plans\"><h2>Plans</h2><p class=\"hint\">Each bar is the time (or, without EXPLAIN ANALYZE, the"
                + " estimated cost) a node spends itself, not counting the nodes under it.</p>");
        for (Report.Plan p : plans) {
            h.append("<div class=\"plan\"><h3>").append(esc(p.location().toString())).append("</h3>");
            HtmlText.sql(h, texts.of(p.sql()));
            Map<PlanNode, Double> own = new IdentityHashMap<>();
            double total = p.root().weight();
            own(p.root(), total, 1, own);
            PlanNode top = own.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
            h.append("<div class=\"scroll\"><ul class=\"tree\">");
            node(h, p.root(), total, 1, options, own, top);
            h.append("</ul></div></div>");
        }
        h.append("</section>\n");
    }

    static boolean gathers(PlanNode n) {
        return n.nodeType().equals("Gather") || n.nodeType().equals("Gather Merge");
    }

    /**
     * The own weight of every drawn node, given this node's inclusive weight: its inclusive weight
     * minus its children's. Under an analyzed Gather the children's are scaled to the Gather's time
     * by their share of its cost (see the class comment).
     */
    static void own(PlanNode n, double inclusive, int depth, Map<PlanNode, Double> out) {
        double children = 0;
        boolean scaled = gathers(n) && n.analyzed() && n.totalCost() > 0 && !n.children().isEmpty();
        for (PlanNode c : n.children()) {
            double ci = scaled ? inclusive * Math.min(1, c.totalCost() / n.totalCost()) : c.weight() * scale(n, inclusive);
            children += ci;
            if (depth < PlanNode.MAX_DEPTH) {
                own(c, ci, depth + 1, out);
            }
        }
        out.put(n, Math.max(0, inclusive - children));
    }

    /** How much a node's weight was scaled (by a Gather above it) to its inclusive weight here. */
    private static double scale(PlanNode n, double inclusive) {
        double w = n.weight();
        return w > 0 ? inclusive / w : 1;
    }

    /** Drawn at most {@link PlanNode#MAX_DEPTH} deep, with a note counting the nodes below. */
    private static void node(StringBuilder h, PlanNode n, double total, int depth, RenderOptions options, Map<PlanNode, Double> own,
                             PlanNode top) {
        double share = total <= 0 ? 0 : Math.min(1, own.getOrDefault(n, 0.0) / total);
        boolean costliest = n == top && share > 0;
        boolean hot = share >= HOT_SHARE || costliest;
        h.append("<li><div class=\"node").append(hot ? " hot" : "").append("\"").append(costliest ? " data-costliest=\"true\"" : "")
                .append(" data-share=\"").append(HtmlText.num(share)).append("\"><span class=\"bar\" style=\"width:")
                .append(HtmlText.pct(share)).append("\"></span><b>").append(esc(n.nodeType())).append("</b>");
        if (n.relationName() != null) {
            h.append(" on <code>").append(esc(n.relationName())).append("</code>");
        }
        if (n.indexName() != null) {
            h.append(" using <code>").append(esc(n.indexName())).append("</code>");
        }
        if (costliest) {
            h.append(" <span class=\"badge\">").append(n.analyzed() ? "most time spent here" : "most cost here").append("</span>");
        }
        h.append(String.format(Locale.ROOT, " <span class=\"meta\">%.0f%% own · est. %.0f rows, cost %.2f", 100 * share, n.planRows(),
                n.totalCost()));
        if (n.analyzed()) {
            h.append(String.format(Locale.ROOT, " · actual %.0f rows × %.0f loops, %.3f ms", n.actualRows(), n.actualLoops(),
                    n.actualTotalTimeMs()));
        }
        if (!Double.isNaN(n.rowsRemovedByFilter())) {
            h.append(String.format(Locale.ROOT, " · %.0f removed by filter", n.rowsRemovedByFilter()));
        }
        if (gathers(n) && n.analyzed()) {
            h.append(" · waits for its workers: their time is drawn on the nodes under it");
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
            n.children().forEach(c -> node(h, c, total, depth + 1, options, own, top));
            h.append("</ul>");
        }
        h.append("</li>");
    }
}
