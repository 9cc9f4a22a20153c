package dev.querylens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.advisor.IndexRecommendation;
import dev.querylens.collect.SourceLocation;
import dev.querylens.engine.Finding;
import dev.querylens.engine.LoopTrace;
import dev.querylens.engine.Severity;
import dev.querylens.plan.PlanNode;
import dev.querylens.workload.Folded;
import dev.querylens.workload.Timeline;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Names written to attack the reader reach every picture of the HTML report (the chart's labels, the
 * timeline's tooltips, a waterfall's statements, an index's table and statements, a plan node's
 * relation, evidence names and values) and stay inert text there. No real input carries such names,
 * so this one is written by hand; HostileOutputTest runs them through a whole analysis.
 */
class HtmlPicturesHostileTest {
    private static final String IMG = "<img src=x onerror=alert(1)>";
    private static final String SCRIPT = "</script><script>alert(2)</script>";
    private static final String ATTR = "\" onmouseover=\"alert(3)";

    @Test
    void everyPictureHoldsHostileNamesAsText() throws Exception {
        String table = "public.\"" + IMG + "\"";
        String loopSql = "select * from " + table + " where \"" + SCRIPT + "\" = $1";
        String parentSql = "select id from \"" + ATTR + "\" where x = $1";
        Instant start = Instant.parse("2026-11-25T08:47:18.248Z");
        LoopTrace trace = new LoopTrace(loopSql, parentSql, new LoopTrace.Span(0, 23.9),
                List.of(new LoopTrace.Span(26.8, 68.1), new LoopTrace.Span(95.0, 50.6)), 2, start, start.plusMillis(146));
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("parentQuery", parentSql);
        evidence.put(IMG, SCRIPT);
        Finding loop = new Finding("n-plus-one", Severity.WARNING, "loop over " + IMG, loopSql, null, List.of(),
                List.of(new SourceLocation("app.log", 1)), evidence, "fix " + SCRIPT, 142.6, trace);
        Finding index = new Finding("missing-index", Severity.ERROR, "no index " + ATTR, loopSql, table, List.of(IMG),
                List.of(new SourceLocation("app.log", 1)), Map.of(), null, 90.0);
        IndexRecommendation rec = new IndexRecommendation(table, List.of(IMG), List.of(), null, "CREATE INDEX ON " + table + " (x);",
                "because " + SCRIPT, List.of("fp1"), 10, 90.0, true, 8192, List.of(new IndexRecommendation.QueryCost("fp1 " + IMG, 900, 9)),
                0.99, List.of());
        PlanNode scan = new PlanNode("Seq Scan", IMG, null, null, 0, 100, 10, Double.NaN, Double.NaN, Double.NaN, SCRIPT, null, null,
                Double.NaN, List.of(), null, null, Double.NaN, Double.NaN, List.of(), false);
        Timeline timeline = new Timeline(1, List.of(new Timeline.Bucket(start.minusMillis(248), 14, 233.0)), 0);
        Report report = new Report("1", List.of(), 14, List.of(), List.of(index, loop), List.of(rec),
                List.of(new Report.Plan(new SourceLocation(IMG, 1), loopSql, scan)), List.of(), 0, 1, List.of(), Folded.NONE, timeline);
        StringWriter out = new StringWriter();
        new HtmlReportWriter().write(report, out);
        String html = out.toString();

        assertEquals(1, html.split("<script", -1).length - 1, "only the report's own script");
        assertFalse(html.contains("<img"), "no element from a name");
        assertFalse(html.contains("onmouseover=\"alert"), "no attribute from a name");
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "the name is shown, escaped");
        assertTrue(html.contains("&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;"), "the statement is shown, escaped");
        for (String section : List.of("time-at-stake", "timeline", "loops", "indexes", "findings", "plans")) {
            assertTrue(html.contains("<section id=\"" + section + "\""), section + " drawn");
        }
        String loops = html.substring(html.indexOf("<section id=\"loops\""));
        assertTrue(loops.contains("&quot; onmouseover=&quot;alert(3)"), "the parent's name, escaped, in the waterfall");
    }
}
