package dev.querylens.plan;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the output of {@code EXPLAIN (FORMAT JSON)}, with or without ANALYZE and BUFFERS, and the
 * JSON that auto_explain logs (which adds "Query Text"). Accepts the array PostgreSQL prints, a
 * single plan object, or several arrays one after another.
 */
public final class ExplainJsonParser {
    private final ObjectMapper mapper;

    public ExplainJsonParser(ObjectMapper mapper) {
        // a plan nests two JSON levels per node; Jackson's default limit (1000) would lose a whole
        // 500-level plan, where reading it and keeping its first 128 levels loses only the rest
        // (Jackson builds trees without recursion, and so does everything here past that depth)
        this.mapper = mapper.copy();
        this.mapper.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_JSON_NESTING).build());
    }

    /** Nesting accepted in a plan document: far deeper than any plan, still bounded. */
    private static final int MAX_JSON_NESTING = 100_000;

    /** All the plans of a document; a document with none (blank, {@code []}) is an IOException, never an empty list. */
    public List<ExplainPlan> parse(String json) throws IOException {
        List<ExplainPlan> plans = new ArrayList<>();
        parse(json, plans::add);
        return plans;
    }

    /**
     * Hands each plan over as soon as it is read, so a file damaged after its first plans still
     * gives those (the exception comes after them). A document without a single plan is an
     * IOException saying so: "nothing to show" must not pass for "a plan with nothing wrong".
     */
    public void parse(String json, java.util.function.Consumer<ExplainPlan> plans) throws IOException {
        int found = 0;
        try (var parser = mapper.getFactory().createParser(json)) {
            var it = mapper.readValues(parser, JsonNode.class);
            while (it.hasNextValue()) {
                List<ExplainPlan> some = new ArrayList<>();
                collect(it.nextValue(), some);
                found += some.size();
                some.forEach(plans);
            }
        }
        if (found == 0) {
            throw new IOException(json.isBlank() ? "empty: no EXPLAIN (FORMAT JSON) plan in it"
                    : "no plan in it: an EXPLAIN (FORMAT JSON) document is an array of objects with a \"Plan\" key");
        }
    }

    /**
     * The plans in one JSON value: a plan object, or arrays of them nested to any depth. Walked with
     * an explicit stack, so 20 KB of "[[[[..." is one diagnostic, not a StackOverflowError.
     */
    private void collect(JsonNode value, List<ExplainPlan> out) throws IOException {
        java.util.ArrayDeque<JsonNode> todo = new java.util.ArrayDeque<>();
        todo.push(value);
        while (!todo.isEmpty()) {
            JsonNode node = todo.pop();
            if (node.isArray()) {
                for (int i = node.size() - 1; i >= 0; i--) {
                    todo.push(node.get(i)); // pushed last to first, so plans come out in file order
                }
            } else if (node.isObject() && node.has("Plan")) {
                JsonNode root = node.get("Plan");
                requirePlanNode(root, "\"Plan\"");
                int[] cut = {0};
                out.add(new ExplainPlan(
                        node(root, 1, cut),
                        text(node, "Query Text"),
                        number(node, "Planning Time"),
                        number(node, "Execution Time"),
                        cut[0]));
            } else {
                throw new IOException("not an EXPLAIN (FORMAT JSON) document: expected an object with a \"Plan\" key");
            }
        }
    }

    /** A plan node is an object that names its node type; anything else (null, a number, {}) cannot be drawn or judged. */
    private static void requirePlanNode(JsonNode n, String where) throws IOException {
        if (n == null || !n.isObject()) {
            throw new IOException("not an EXPLAIN (FORMAT JSON) plan: " + where + " is "
                    + (n == null || n.isNull() ? "null" : n.getNodeType().name().toLowerCase(java.util.Locale.ROOT)) + ", not a plan node");
        }
        JsonNode type = n.get("Node Type");
        if (type == null || !type.isTextual()) {
            throw new IOException("not an EXPLAIN (FORMAT JSON) plan: a node in " + where + " has no \"Node Type\"");
        }
    }

    public PlanNode node(JsonNode n) {
        try {
            requirePlanNode(n, "the plan");
            return node(n, 1, new int[1]);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** A node and its children down to {@link PlanNode#MAX_DEPTH}; {@code cut[0]} counts the nodes left out below. */
    private PlanNode node(JsonNode n, int depth, int[] cut) throws IOException {
        List<PlanNode> children = new ArrayList<>();
        JsonNode plans = n.get("Plans");
        if (plans != null && !plans.isNull() && !plans.isArray()) {
            throw new IOException("not an EXPLAIN (FORMAT JSON) plan: a node's \"Plans\" is not an array");
        }
        if (plans != null && plans.isArray()) {
            for (JsonNode child : plans) {
                if (depth < PlanNode.MAX_DEPTH) {
                    requirePlanNode(child, "\"Plans\"");
                }
                if (depth >= PlanNode.MAX_DEPTH) {
                    cut[0] += count(child);
                } else {
                    children.add(node(child, depth + 1, cut));
                }
            }
        }
        List<String> sortKey = new ArrayList<>();
        JsonNode keys = n.get("Sort Key");
        if (keys != null && keys.isArray()) {
            keys.forEach(k -> sortKey.add(k.asText()));
        }
        return new PlanNode(
                text(n, "Node Type"),
                text(n, "Relation Name"),
                text(n, "Alias"),
                text(n, "Index Name"),
                number(n, "Startup Cost"),
                number(n, "Total Cost"),
                number(n, "Plan Rows"),
                number(n, "Actual Rows"),
                number(n, "Actual Loops"),
                number(n, "Actual Total Time"),
                text(n, "Filter"),
                text(n, "Index Cond"),
                text(n, "Join Filter"),
                number(n, "Rows Removed by Filter"),
                sortKey,
                text(n, "Sort Method"),
                text(n, "Sort Space Type"),
                number(n, "Hash Batches"),
                number(n, "Lossy Heap Blocks"),
                children,
                n.path("Parallel Aware").asBoolean(false),
                number(n, "Cache Hits"),
                number(n, "Cache Misses"));
    }

    /** The nodes in a subtree, counted without recursion (the subtree may be deeper than the stack). */
    private static int count(JsonNode subtree) {
        int count = 0;
        java.util.ArrayDeque<JsonNode> todo = new java.util.ArrayDeque<>(List.of(subtree));
        while (!todo.isEmpty()) {
            JsonNode n = todo.pop();
            count++;
            n.path("Plans").forEach(todo::push);
        }
        return count;
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static double number(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || !v.isNumber() ? Double.NaN : v.asDouble();
    }
}
