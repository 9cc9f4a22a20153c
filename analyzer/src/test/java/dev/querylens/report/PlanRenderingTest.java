package dev.querylens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.collect.SourceLocation;
import dev.querylens.plan.PlanNode;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Plans in reports: a plan 500 to 650 levels deep stopped the JSON writer part way (a truncated
 * file), and plan conditions showed the values a statement ran with (emails, in the samples).
 */
class PlanRenderingTest {
    private static PlanNode node(String type, String filter, String indexCond, List<PlanNode> children) {
        return new PlanNode(type, "users", null, null, 0, 10, 1, Double.NaN, Double.NaN, Double.NaN, filter, indexCond, null,
                Double.NaN, List.of(), null, null, Double.NaN, Double.NaN, children, false);
    }

    private static Report reportWith(PlanNode root) {
        return new Report("1", List.of(), 0, List.of(), List.of(), List.of(),
                List.of(new Report.Plan(new SourceLocation("plan.json", 1), null, root)), List.of(), 0, 0, List.of());
    }

    private static String render(ReportWriter w, Report r) throws Exception {
        StringWriter out = new StringWriter();
        w.write(r, out);
        return out.toString();
    }

    @Test
    void aPlan650LevelsDeepIsDrawnToTheDepthLimitWithACountOfTheRest() throws Exception {
        PlanNode root = node("Seq Scan", null, null, List.of());
        for (int i = 1; i < 650; i++) {
            root = node("Nested Loop", null, null, List.of(root));
        }
        Report r = reportWith(root);
        JsonNode json = new ObjectMapper().readTree(render(new JsonReportWriter(RenderOptions.DEFAULT), r));
        JsonNode n = json.get("plans").get(0).get("root");
        int depth = 1;
        while (n.has("children")) {
            n = n.get("children").get(0);
            depth++;
        }
        assertEquals(PlanNode.MAX_DEPTH, depth);
        assertEquals(650 - PlanNode.MAX_DEPTH, n.get("nodesNotShown").asLong());
        String html = render(new HtmlReportWriter(RenderOptions.DEFAULT), r);
        assertTrue(html.contains((650 - PlanNode.MAX_DEPTH) + " deeper nodes not shown"), "html notes the cut");
        assertTrue(html.endsWith("</html>\n") || html.strip().endsWith("</html>"), "html complete");
    }

    @Test
    void planConditionsAreNormalizedUnlessLiteralsAreAsked() throws Exception {
        Report r = reportWith(node("Index Scan", "(email = 'carol@example.org'::text)", "(id = 42)", List.of()));
        String json = render(new JsonReportWriter(RenderOptions.DEFAULT), r);
        String html = render(new HtmlReportWriter(RenderOptions.DEFAULT), r);
        for (String out : List.of(json, html)) {
            assertFalse(out.contains("carol@example.org"), out);
            assertFalse(out.contains("42"), "index cond literal");
        }
        JsonNode root = new ObjectMapper().readTree(json).get("plans").get(0).get("root");
        assertEquals("(email = $1::text)", root.get("filter").asText());
        assertEquals("(id = $1)", root.get("indexCond").asText());
        RenderOptions literals = new RenderOptions(true, false, Path.of(""));
        assertTrue(render(new JsonReportWriter(literals), r).contains("carol@example.org"));
        assertTrue(render(new HtmlReportWriter(literals), r).contains("carol@example.org"));
        assertTrue(render(ReportFormat.html.writer(literals), r).contains("carol@example.org"), "the CLI's html writer gets the options");
    }
}
