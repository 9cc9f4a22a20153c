package dev.querylens.collect;

import dev.querylens.plan.ExplainPlan;
import dev.querylens.plan.PlanNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text form of a plan as auto_explain logs it (log_format = text): an optional
 * "Query Text:" then one line per node ("->  Seq Scan on t  (cost=... rows=... width=...)
 * (actual time=... rows=... loops=...)") with its properties on the lines below it. Nesting
 * follows indentation. Only the properties the plan rules read are kept.
 */
final class TextPlanParser {
    private static final Pattern NODE = Pattern.compile(
            "^(\\s*)(?:->\\s+)?(.+?)\\s+\\(cost=([0-9.]+)\\.\\.([0-9.]+) rows=(\\d+) width=\\d+\\)"
                    + "(?:\\s+\\(actual time=[0-9.]+\\.\\.([0-9.]+) rows=(\\d+) loops=(\\d+)\\))?");
    private static final Pattern RELATION = Pattern.compile("^(.*?)(?: using (\\S+))? on (\\S+)(?: \\S+)?$");

    private TextPlanParser() {
    }

    /** The mutable form of a node while its lines are read. */
    private static final class Draft {
        int indent;
        String type;
        String relation;
        String index;
        double startup;
        double total;
        double rows;
        double actualTime = Double.NaN;
        double actualRows = Double.NaN;
        double loops = Double.NaN;
        String filter;
        String indexCond;
        String joinFilter;
        double removed = Double.NaN;
        List<String> sortKey = new ArrayList<>();
        String sortMethod;
        String sortSpace;
        double batches = Double.NaN;
        double lossy = Double.NaN;
        final List<Draft> children = new ArrayList<>();

        PlanNode build() {
            return new PlanNode(type, relation, null, index, startup, total, rows, actualRows, loops, actualTime,
                    filter, indexCond, joinFilter, removed, sortKey, sortMethod, sortSpace, batches, lossy,
                    children.stream().map(Draft::build).toList(), type.startsWith("Parallel "));
        }
    }

    /** The auto_explain text has no plan node this parser can read; the message names no input. */
    static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message);
        }
    }

    /** Nodes below {@link PlanNode#MAX_DEPTH} are left out and counted in {@link ExplainPlan#nodesCut()}. */
    static ExplainPlan parse(String text) {
        StringBuilder query = new StringBuilder();
        Deque<Draft> stack = new ArrayDeque<>();
        Draft root = null;
        boolean inQuery = false;
        int cut = 0;
        int cutIndent = -1; // indentation of the node being left out; its properties and children go too
        for (String line : text.split("\r\n|\r|\n")) {
            Matcher node = NODE.matcher(line);
            if (node.find()) {
                inQuery = false;
                Draft d = node(node, line);
                if (cutIndent >= 0 && d.indent > cutIndent) {
                    cut++;
                    continue;
                }
                cutIndent = -1;
                while (!stack.isEmpty() && stack.peek().indent >= d.indent) {
                    stack.pop();
                }
                if (stack.size() >= PlanNode.MAX_DEPTH) {
                    cut++;
                    cutIndent = d.indent;
                    continue;
                }
                if (stack.isEmpty()) {
                    if (root != null) {
                        break; // a second top-level tree (e.g. a trigger's): keep the statement's own
                    }
                    root = d;
                } else {
                    stack.peek().children.add(d);
                }
                stack.push(d);
            } else if (line.strip().startsWith("Query Text: ") && root == null) {
                query.append(line.strip().substring("Query Text: ".length()));
                inQuery = true;
            } else if (inQuery) {
                query.append('\n').append(line);
            } else if (!stack.isEmpty() && cutIndent < 0) {
                property(stack.peek(), line.strip());
            }
        }
        if (root == null) {
            throw new Unreadable("no plan node with costs in the auto_explain text");
        }
        return new ExplainPlan(root.build(), query.length() == 0 ? null : query.toString(), Double.NaN, Double.NaN, cut);
    }

    private static Draft node(Matcher m, String line) {
        Draft d = new Draft();
        int arrow = line.indexOf("->");
        d.indent = arrow >= 0 && arrow < m.end(1) + 3 ? arrow : m.group(1).length();
        String name = m.group(2).strip();
        Matcher rel = RELATION.matcher(name);
        if (rel.matches()) {
            d.type = rel.group(1);
            d.index = rel.group(2);
            d.relation = rel.group(3);
        } else if (name.contains(" using ")) {
            d.type = name.substring(0, name.indexOf(" using "));
            d.index = name.substring(name.indexOf(" using ") + 7);
        } else {
            d.type = name;
        }
        d.startup = Double.parseDouble(m.group(3));
        d.total = Double.parseDouble(m.group(4));
        d.rows = Double.parseDouble(m.group(5));
        if (m.group(6) != null) {
            d.actualTime = Double.parseDouble(m.group(6));
            d.actualRows = Double.parseDouble(m.group(7));
            d.loops = Double.parseDouble(m.group(8));
        }
        return d;
    }

    private static void property(Draft d, String p) {
        if (p.startsWith("Filter: ")) {
            d.filter = p.substring(8);
        } else if (p.startsWith("Index Cond: ")) {
            d.indexCond = p.substring(12);
        } else if (p.startsWith("Join Filter: ")) {
            d.joinFilter = p.substring(13);
        } else if (p.startsWith("Rows Removed by Filter: ")) {
            d.removed = number(p.substring(24));
        } else if (p.startsWith("Sort Key: ")) {
            d.sortKey = List.of(p.substring(10).split(", "));
        } else if (p.startsWith("Sort Method: ")) {
            String method = p.substring(13);
            d.sortMethod = method.contains("  ") ? method.substring(0, method.indexOf("  ")) : method;
            d.sortSpace = method.contains("Disk:") ? "Disk" : method.contains("Memory:") ? "Memory" : null;
        } else if (p.startsWith("Buckets: ") && p.contains("Batches: ")) {
            d.batches = number(p.substring(p.indexOf("Batches: ") + 9).split("\\s+")[0]);
        } else if (p.startsWith("Heap Blocks: ") && p.contains("lossy=")) {
            d.lossy = number(p.substring(p.indexOf("lossy=") + 6).split("\\s+")[0]);
        }
    }

    private static double number(String s) {
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
