package dev.querylens.plan;

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
        this.mapper = mapper;
    }

    public List<ExplainPlan> parse(String json) throws IOException {
        List<ExplainPlan> plans = new ArrayList<>();
        try (var parser = mapper.getFactory().createParser(json)) {
            var it = mapper.readValues(parser, JsonNode.class);
            while (it.hasNextValue()) {
                collect(it.nextValue(), plans);
            }
        }
        return plans;
    }

    private void collect(JsonNode node, List<ExplainPlan> out) throws IOException {
        if (node.isArray()) {
            for (JsonNode element : node) {
                collect(element, out);
            }
        } else if (node.isObject() && node.has("Plan")) {
            out.add(new ExplainPlan(
                    node(node.get("Plan")),
                    text(node, "Query Text"),
                    number(node, "Planning Time"),
                    number(node, "Execution Time")));
        } else {
            throw new IOException("not an EXPLAIN (FORMAT JSON) document: expected an object with a \"Plan\" key");
        }
    }

    public PlanNode node(JsonNode n) {
        List<PlanNode> children = new ArrayList<>();
        JsonNode plans = n.get("Plans");
        if (plans != null && plans.isArray()) {
            for (JsonNode child : plans) {
                children.add(node(child));
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

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static double number(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || !v.isNumber() ? Double.NaN : v.asDouble();
    }
}
