package dev.querylens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.Samples;
import dev.querylens.advisor.PostgresServer;
import dev.querylens.cli.QueryLensCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTML report of the taskboard sample, analyzed against the sample's database on a real
 * PostgreSQL with HypoPG (so the index advice has real before/after costs), opened in headless
 * Chromium (Debian's chromium package, which .ci/run installs). It must load with no console
 * message, run its script, hold its pictures with the numbers they stand for, and fit a phone's
 * width. Screenshots at desktop and phone width are left in target/html-report.
 */
class HtmlReportInChromiumTest {
    private static final Path OUT = Path.of("target", "html-report");
    private static PostgresServer pg;
    private static Path html;
    private static JsonNode json;
    private static String dom;

    @BeforeAll
    static void analyzeTheSampleAgainstItsDatabase() throws Exception {
        assertTrue(Files.isExecutable(Chromium.BINARY), "this test needs Debian's chromium package: apt-get install chromium"
                + " (.ci/run installs it)");
        pg = PostgresServer.start();
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE taskboard");
        }
        try (Connection c = pg.connect("taskboard"); Statement s = c.createStatement()) {
            s.execute(Files.readString(Samples.ROOT.resolve("capture/supabase-stub.sql")));
            try (var migrations = Files.list(Samples.MIGRATIONS)) {
                for (Path m : migrations.sorted().toList()) {
                    s.execute(Files.readString(m).replace("--> statement-breakpoint", ""));
                }
            }
            s.execute(Files.readString(Samples.ROOT.resolve("capture/seed.sql")));
            s.execute("CREATE EXTENSION hypopg");
        }
        Files.createDirectories(OUT);
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = QueryLensCommand.execute(new String[] {"analyze", "-q", "--db", pg.url("taskboard"), "--format", "html,json",
                    "--output-dir", OUT.toString(), Samples.TASKBOARD.toString()});
        } finally {
            System.setErr(saved);
        }
        assertTrue(exit == 0 || exit == 1, "analyze exit " + exit + ": " + err.toString(StandardCharsets.UTF_8));
        html = OUT.resolve("querylens-report.html");
        json = new ObjectMapper().readTree(OUT.resolve("querylens-report.json").toFile());
        dom = Chromium.dumpDom(html, OUT.resolve("chromium-dom.log"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void loadsWithoutConsoleErrorsAndShowsTheFindings() throws Exception {
        String source = Files.readString(html);
        assertFalse(Pattern.compile("(src|href)\\s*=\\s*\"?(https?:)?//").matcher(source).find(), "the report must not fetch anything");
        assertTrue(source.contains("Content-Security-Policy\" content=\"default-src 'none'"), "nothing may be fetched");
        assertEquals(List.of(), Chromium.console(OUT.resolve("chromium-dom.log")), "console messages while loading the report");
        assertTrue(dom.contains("data-ready=\"true\""), "the report's script ran to the end");
        for (String rule : List.of("missing-index", "n-plus-one", "unbatched-writes", "rls-disabled", "plan-seq-scan-filter")) {
            assertTrue(dom.contains("class=\"finding\" data-rule=\"" + rule + "\""), rule + " shown");
        }
        // evidence in words, not the JSON form's keys
        assertTrue(dom.contains("<th>different parameter values</th>"), "evidence in words");
        assertFalse(dom.contains("<th>distinctParameterTuples</th>") || dom.contains("<th>serverTimeMs</th>"), "no camelCase keys");
        // the statements table is sorted by total time, largest first, once the script has run
        Matcher rows = Pattern.compile("<tr><td class=\"num\">\\d+</td><td class=\"num\">([0-9.]+)</td>").matcher(
                dom.substring(dom.indexOf("id=\"statements\"")));
        double previous = Double.MAX_VALUE;
        int seen = 0;
        while (rows.find()) {
            double total = Double.parseDouble(rows.group(1));
            assertTrue(total <= previous, "statements sorted by total time");
            previous = total;
            seen++;
        }
        assertEquals(json.get("statements").size(), seen);
    }

    @Test
    void fitsAPhoneAndADesktopWithScreenshots() throws Exception {
        for (int width : new int[] {1280, 390}) {
            Path log = OUT.resolve("chromium-" + width + ".log");
            Chromium.Layout layout = Chromium.layout(html, width, log);
            assertEquals(List.of(), Chromium.console(log), "console messages at " + width + " px");
            assertEquals(width, layout.viewport(), "laid out at " + width + " px");
            assertTrue(layout.pageWidth() <= width, "the page scrolls sideways at " + width + " px: " + layout.pageWidth() + " px wide");
            Path png = OUT.resolve("report-" + width + ".png");
            Chromium.screenshot(html, width, 2400, png, OUT.resolve("chromium-shot-" + width + ".log"));
            byte[] head = Files.readAllBytes(png);
            assertEquals(width, java.nio.ByteBuffer.wrap(head, 16, 4).getInt(), "screenshot width");
            assertTrue(head.length > 20_000, "the screenshot shows something: " + head.length + " bytes");
        }
    }

    @Test
    void timeAtStakeBarsAreTheFindingsTimesLargestFirst() {
        List<Html.Element> bars = Html.elements(section("time-at-stake"), "div", "bar-row");
        assertTrue(bars.size() >= 5, "bars: " + bars.size());
        double largest = Double.parseDouble(bars.get(0).attr("data-ms"));
        double maxInJson = 0;
        for (JsonNode f : json.get("findings")) {
            maxInJson = Math.max(maxInJson, f.path("timeAtStakeMs").asDouble(0));
        }
        assertEquals(maxInJson, largest, 0.01, "the first bar is the finding with most time at stake");
        double previous = Double.MAX_VALUE;
        for (Html.Element b : bars) {
            double ms = Double.parseDouble(b.attr("data-ms"));
            assertTrue(ms <= previous, "largest first");
            previous = ms;
            assertEquals(100 * ms / largest, b.widthPercent("fill"), 0.01, "bar length is its time at stake");
        }
    }

    @Test
    void theTimelineCountsEveryTimedExecutionAndMarksTheLoops() {
        String timeline = section("timeline");
        long executions = 0;
        Matcher m = Pattern.compile("data-executions=\"(\\d+)\"").matcher(timeline);
        while (m.find()) {
            executions += Long.parseLong(m.group(1));
        }
        Matcher untimed = Pattern.compile("(\\d+) execution\\(s\\) came without a timestamp").matcher(timeline);
        long notDrawn = untimed.find() ? Long.parseLong(untimed.group(1)) : 0;
        assertEquals(json.get("summary").get("executions").asLong(), executions + notDrawn, "every execution is drawn or counted");
        assertTrue(executions > 0);
        long loops = json.get("findings").findValues("rule").stream().filter(r -> r.asText().equals("n-plus-one")).count();
        assertEquals(loops, Html.count(timeline, "<rect class=\"loop\" data-rule=\"n-plus-one\""), "each N+1 marked on the timeline");
    }

    /**
     * The comments loop of the sample: after the task list (23.872 ms in the log) the comments query ran 12 times,
     * 68.075 ms, 50.648 ms, ...; the waterfall draws the parent and those 12, each as long as the log says.
     */
    @Test
    void theCommentsLoopIsAWaterfallOfItsParentAndTwelveRepetitions() throws Exception {
        String waterfall = Html.elements(section("loops"), "div", "waterfall").stream()
                .filter(w -> w.attr("data-repetitions").equals("12")).findFirst().orElseThrow().html();
        assertTrue(waterfall.contains("from comments where task_id = $1"), waterfall);
        List<Html.Element> spans = Html.elements(waterfall, "div", "span");
        assertEquals(13, spans.size(), "the parent and 12 repetitions");
        assertTrue(spans.get(0).attr("class").contains("parent"), "the parent first");
        List<Double> fromLog = LogDurations.loop(Samples.STDERR_LOG, "from tasks where project_id = $1 and status = $2",
                "from comments where task_id = $1", 947 - 5, 12);
        assertEquals(23.872, fromLog.get(0), 0.0005, "the parent's duration in the log");
        assertEquals(68.075, fromLog.get(1), 0.0005, "the first repetition's");
        double first = spans.get(1).widthPercent("span-bar");
        for (int i = 0; i < spans.size(); i++) {
            assertEquals(fromLog.get(i), Double.parseDouble(spans.get(i).attr("data-ms")), 0.0005, "span " + i);
            // bars on one time axis: their lengths stand in the ratio of their durations
            assertEquals(fromLog.get(i) / fromLog.get(1), spans.get(i).widthPercent("span-bar") / first, 0.01, "span " + i);
        }
        List<Double> lefts = new ArrayList<>();
        spans.forEach(s -> lefts.add(s.leftPercent("span-bar")));
        assertEquals(0, lefts.get(0), 0.0001, "the parent starts the trace");
        for (int i = 1; i < lefts.size(); i++) {
            assertTrue(lefts.get(i) >= lefts.get(i - 1) + spans.get(i - 1).widthPercent("span-bar") - 0.2, "repetition " + i
                    + " starts after the one before it ends");
        }
    }

    @Test
    void theParallelPlansScanIsMarkedNotItsGather() {
        String plans = section("plans");
        List<Html.Element> costliest = Html.elements(plans, "div", "node hot").stream()
                .filter(n -> "true".equals(n.attr("data-costliest"))).toList();
        assertTrue(costliest.size() >= 4, "one costliest node per plan: " + costliest.size());
        int parallel = 0;
        for (Html.Element n : costliest) {
            assertFalse(n.html().contains("<b>Gather"), "a Gather is never the node that costs: " + n.html());
            parallel += n.html().contains("<b>Parallel Seq Scan</b> on <code>comments</code>") ? 1 : 0;
        }
        assertTrue(parallel >= 1, "the parallel scan of comments is marked");
    }

    @Test
    void eachVerifiedIndexHasBeforeAndAfterBarsOfItsCosts() {
        List<Html.Element> costs = Html.elements(section("indexes"), "div", "cost");
        int inJson = 0;
        for (JsonNode r : json.get("indexRecommendations")) {
            assertTrue(r.get("verified").asBoolean(), "verified with HypoPG: " + r);
            inJson += r.get("costs").size();
        }
        assertTrue(inJson > 0);
        assertEquals(inJson, costs.size(), "a before/after pair per statement per index");
        for (Html.Element c : costs) {
            double before = Double.parseDouble(c.attr("data-before"));
            double after = Double.parseDouble(c.attr("data-after"));
            assertTrue(after < before, "the index lowers the cost");
            List<Html.Element> bars = Html.elements(c.html(), "div", "bar-row");
            double wb = bars.get(0).widthPercent("fill before");
            double wa = bars.get(1).widthPercent("fill after");
            assertEquals(after / before, wa / wb, 0.01, "bars in the ratio of the costs");
        }
    }

    private static String section(String id) {
        int start = dom.indexOf("<section id=\"" + id + "\"");
        assertTrue(start >= 0, "section " + id);
        return dom.substring(start, dom.indexOf("</section>", start));
    }
}
