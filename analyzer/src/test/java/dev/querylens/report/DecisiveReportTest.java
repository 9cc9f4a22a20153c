package dev.querylens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.Samples;
import dev.querylens.advisor.IndexRecommendation;
import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.collect.SourceLocation;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.engine.Severity;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reports put first what decides (the gate), give each need one fix (the index plan's), and render as GitHub shows them. */
class DecisiveReportTest {
    private static final Pattern CREATE_INDEX = Pattern.compile("CREATE\\s+(?:UNIQUE\\s+)?INDEX\\b[^;]*;?", Pattern.CASE_INSENSITIVE);
    private static final List<Extension> GFM = List.of(TablesExtension.create(), AutolinkExtension.create());
    private static Report report;

    @BeforeAll
    static void analyzeSamples() {
        report = new Analysis(RuleCatalog.load(), "0.1.0-test", m -> { })
                .run(new AnalysisRequest(List.of(Samples.TASKBOARD), List.of(), null, null));
    }

    private static String render(ReportWriter w, Report r) throws Exception {
        StringWriter out = new StringWriter();
        w.write(r, out);
        return out.toString();
    }

    @Test
    void theFindingThatFailsTheGateComesFirstInEveryHumanFormat() throws Exception {
        // the samples hold one error (rls-disabled on activity_events, no time at stake) under ~14 timed warnings
        assertEquals(1, report.count(Severity.ERROR));
        assertEquals("rls-disabled", report.findings().get(0).rule(), report.findings().stream().map(Finding::rule).toList().toString());
        String text = render(new TextReportWriter(), report);
        int firstFinding = text.indexOf("\nFINDINGS\n\n") + "\nFINDINGS\n\n".length();
        assertTrue(text.startsWith("ERROR   rls-disabled", firstFinding), text.substring(firstFinding, firstFinding + 80));
        String md = render(new MarkdownReportWriter(), report);
        assertTrue(md.contains("### Top findings\n\n1. **error** `rls-disabled`"), md);
        // in the rendered comment, each index fix shown is a SQL code block whose first line is a plan index
        List<String> planDdl = report.indexRecommendations().stream().map(IndexRecommendation::ddl).toList();
        List<String> sqlFixes = new ArrayList<>();
        Parser.builder().extensions(GFM).build().parse(md).accept(new AbstractVisitor() {
            @Override
            public void visit(FencedCodeBlock block) {
                if (block.getInfo().equals("sql") && block.getLiteral().startsWith("CREATE INDEX")) {
                    sqlFixes.add(block.getLiteral().lines().findFirst().orElseThrow());
                }
            }
        });
        assertTrue(sqlFixes.size() >= 5, sqlFixes.toString());
        assertTrue(planDdl.containsAll(sqlFixes), sqlFixes + " vs the plan " + planDdl);
        String html = render(new HtmlReportWriter(), report);
        // the findings section (the pictures above it are ordered by time at stake)
        int rls = html.indexOf("class=\"finding\" data-rule=\"rls-disabled\"");
        assertTrue(rls > 0 && rls < html.indexOf("class=\"finding\" data-rule=\"n-plus-one\""), "the error's group leads the HTML findings");
        assertTrue(html.indexOf("class=\"gate\"") < html.indexOf("id=\"time-at-stake\""), "the gate-breaking finding is named above the pictures");
        // after the gate, the time at stake: the 2-second loop leads the rest
        assertEquals("n-plus-one", report.findings().get(1).rule());

        // check --fail-on warning: every warning and error before any info, each part by time at stake
        List<Finding> gated = report.gatedAt(Severity.WARNING).findings();
        int firstInfo = gated.indexOf(gated.stream().filter(f -> f.severity() == Severity.INFO).findFirst().orElseThrow());
        assertTrue(gated.subList(firstInfo, gated.size()).stream().allMatch(f -> f.severity() == Severity.INFO), gated.toString());
        assertEquals(report.findings().size(), gated.size());
        for (int i = 1; i < firstInfo; i++) {
            Finding before = gated.get(i - 1);
            Finding after = gated.get(i);
            assertTrue(!before.hasTimeAtStake() ? !after.hasTimeAtStake()
                    : !after.hasTimeAtStake() || before.timeAtStakeMs() >= after.timeAtStakeMs(), before + " then " + after);
        }
    }

    @Test
    void everyPlainCreateIndexInAFixIsTheIndexPlansWhereThePlanServesThatNeed() {
        List<IndexRecommendation> plan = report.indexRecommendations();
        List<String> planDdl = plan.stream().map(IndexRecommendation::ddl).toList();
        // written down before running: tasks (project_id, ...) and comments (task_id, ...) are in the plan
        assertTrue(planDdl.stream().anyMatch(d -> d.contains("tasks_project_id_status_created_at_idx")), planDdl.toString());
        assertTrue(planDdl.stream().anyMatch(d -> d.contains("comments_task_id_created_at_idx")), planDdl.toString());
        List<String> proposed = new ArrayList<>();
        for (Finding f : report.findings()) {
            if (f.fix() == null) {
                continue;
            }
            Matcher m = CREATE_INDEX.matcher(f.fix());
            while (m.find()) {
                proposed.add(f.rule() + ": " + m.group());
            }
        }
        // the competing single-column indexes the rules proposed on their own are gone from every fix
        for (String p : proposed) {
            assertFalse(p.contains("tasks_project_id_idx") || p.contains("comments_task_id_idx ")
                    || p.contains("tasks_assignee_id_idx"), p);
        }
        // each finding on tasks.project_id or comments.task_id, from whichever rule, points at the one plan index
        for (Finding f : report.findings()) {
            String need = f.table() + " " + f.columns();
            String ddl = need.equals("public.tasks [project_id]") || need.startsWith("public.tasks [project_id, status")
                    ? planDdl.stream().filter(d -> d.contains("tasks_project_id_status_created_at_idx")).findFirst().orElseThrow()
                    : need.startsWith("public.comments [task_id") ? planDdl.stream().filter(d -> d.contains("comments_task_id_created_at_idx")).findFirst().orElseThrow()
                    : null;
            if (ddl != null && f.fix() != null && f.fix().contains("CREATE INDEX")) {
                assertTrue(f.fix().contains(ddl), f.rule() + " " + need + ": " + f.fix());
                assertTrue(f.fix().matches("(?s).*recommended index #\\d.*"), f.fix());
                assertTrue(f.rule().equals("missing-index") || f.fix().startsWith(ddl), "a fix starts with the SQL to run: " + f.fix());
            }
        }
        long pointing = report.findings().stream().filter(f -> f.fix() != null && f.fix().contains("recommended index #")).count();
        assertTrue(pointing >= 9, "missing-index x7, unindexed-foreign-key x3, rls-policy-column-unindexed: " + pointing);
        // and in general: a plain CREATE INDEX in a fix that a plan index covers as a leading prefix is that plan index
        Pattern plain = Pattern.compile("ON (\\S+) \\(([^()]*)\\);", Pattern.CASE_INSENSITIVE);
        for (String p : proposed) {
            Matcher m = plain.matcher(p);
            if (!m.find() || p.contains(" USING ") || p.contains(" WHERE ")) {
                continue; // expression, GIN or partial: a different need than a plain key
            }
            List<String> cols = List.of(m.group(2).replace("\"", "").split(",\\s*"));
            String table = m.group(1).replace("\"", "");
            for (IndexRecommendation r : plan) {
                boolean covers = (r.table().equals(table) || r.table().endsWith("." + table)) && r.columns().size() >= cols.size()
                        && r.columns().subList(0, cols.size()).equals(cols);
                assertTrue(!covers || p.endsWith(r.ddl()) || planDdl.stream().anyMatch(p::endsWith), p + " competes with " + r.ddl());
            }
        }
    }

    @Test
    void pointingAFixAtThePlanKeepsEveryBaselineKey() {
        // a baseline written before this change holds keys of rule + subject; the same input gives the same keys
        Report withoutPlan = new Analysis(RuleCatalog.load(), "0.1.0-test", m -> { })
                .run(new AnalysisRequest(List.of(Samples.TASKBOARD), List.of(), null, null), null,
                        (statements, catalog) -> new dev.querylens.advisor.IndexAdvisor.Advice(List.of(), List.of()));
        assertTrue(withoutPlan.indexRecommendations().isEmpty());
        assertTrue(withoutPlan.findings().stream().anyMatch(f -> f.fix() != null && f.fix().contains("tasks_project_id_idx")),
                "without a plan the rule's own fix stands");
        assertEquals(withoutPlan.findings().stream().map(FindingKey::of).sorted().toList(),
                report.findings().stream().map(FindingKey::of).sorted().toList());
    }

    @Test
    void markdownWithManyFindingsStaysUnderGithubsLimitRendersAndSaysWhatWasCut() throws Exception {
        List<Finding> many = new ArrayList<>();
        String longSql = "select " + "x, ".repeat(300) + "y from t where a = $1";
        String tricky = "run it with db.execute(sql`CREATE INDEX CONCURRENTLY ...`) outside a transaction; ```` fenced ```` and <statement> &amp; |a|b|";
        for (int i = 0; i < 400; i++) {
            Severity s = i % 50 == 7 ? Severity.ERROR : Severity.WARNING;
            many.add(new Finding("rule-" + i, s, "finding " + i + " | with a pipe", longSql + i, "public.t", List.of("x"),
                    List.of(new SourceLocation("app.sql", i)), Map.of(), tricky + " " + i).withTimeAtStake(1000 - i));
        }
        many.sort(dev.querylens.engine.RuleEngine.ORDER);
        List<IndexRecommendation> recs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            recs.add(new IndexRecommendation("public.t" + i, List.of("c" + i), List.of(), null,
                    "CREATE INDEX CONCURRENTLY IF NOT EXISTS t" + i + "_c_idx ON public.t" + i + " (c" + i + ");",
                    "equality filter on c" + i, List.of("q" + i), 10, 5.0, false, -1, List.of(), Double.NaN, List.of()));
        }
        Report big = new Report("1", List.of(), 0, List.of(), many, recs, List.of(), List.of(), 0, 1, report.rules());
        String md = render(new MarkdownReportWriter(), big);
        assertTrue(md.length() < 65_536, "length " + md.length());
        assertTrue(md.contains("more finding(s) not shown"), "says findings were cut");
        assertTrue(md.contains("more recommended index(es) cut to stay under GitHub's comment limit"), "says indexes were cut");
        assertTrue(md.contains("1. **error** `rule-7`"), "the errors lead");

        Node doc = Parser.builder().extensions(GFM).build().parse(md);
        List<String> fixes = new ArrayList<>();
        List<String> html = new ArrayList<>();
        List<Integer> listStarts = new ArrayList<>();
        doc.accept(new AbstractVisitor() {
            @Override
            public void visit(FencedCodeBlock block) {
                if (block.getLiteral().startsWith("run it with")) {
                    fixes.add(block.getLiteral());
                }
            }

            @Override
            public void visit(HtmlBlock block) {
                html.add(block.getLiteral().strip());
            }

            @Override
            public void visit(HtmlInline inline) {
                html.add(inline.getLiteral());
            }

            @Override
            public void visit(OrderedList list) {
                listStarts.add(list.getStartNumber());
                visitChildren(list);
            }
        });
        // every shown fix is one code block holding the fix as written, backticks and all (a line per "; ")
        assertEquals(20, fixes.size(), "the top 20 findings each show their fix");
        for (String fix : fixes) {
            assertTrue(fix.startsWith("run it with db.execute(sql`CREATE INDEX CONCURRENTLY ...`) outside a transaction;\n"), fix);
            assertTrue(fix.replace('\n', ' ').startsWith(tricky + " "), fix);
        }
        // the only HTML is the report's own folding of long sections
        assertTrue(html.stream().allMatch(h -> h.matches("<details><summary>[0-9]+ more finding\\(s\\)</summary>|"
                + "<details><summary>[0-9]+ recommended indexes</summary>|</details>")), html.toString());
        assertTrue(html.stream().anyMatch(h -> h.contains("more finding(s)")), html.toString());
        // the open list and the folded one number on: 1..5, then 6..
        assertEquals(List.of(1, MarkdownReportWriter.OPEN + 1), listStarts);
    }
}
