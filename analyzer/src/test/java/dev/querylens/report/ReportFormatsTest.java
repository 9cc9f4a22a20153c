package dev.querylens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.querylens.Samples;
import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.collect.Diagnostic;
import dev.querylens.collect.SourceLocation;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.engine.Severity;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReportFormatsTest {
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
    void sarifValidatesAgainstTheSarif210Schema() throws Exception {
        String sarif = render(new SarifReportWriter(new RenderOptions(false, false, Path.of("..").toAbsolutePath())), report);
        JsonSchema schema;
        try (InputStream in = getClass().getResourceAsStream("/sarif/sarif-2.1.0.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        JsonNode doc = new ObjectMapper().readTree(sarif);
        Set<ValidationMessage> errors = schema.validate(doc);
        assertEquals(Set.of(), errors);

        JsonNode run = doc.get("runs").get(0);
        assertEquals(report.rules().size(), run.get("tool").get("driver").get("rules").size());
        assertEquals(report.findings().size(), run.get("results").size());
        // results keep the report's order (time at stake first): the schema finding is found by its rule
        JsonNode first = null;
        for (JsonNode result : run.get("results")) {
            first = first == null && result.get("ruleId").asText().equals("rls-disabled") ? result : first;
        }
        assertEquals("rls-disabled", first.get("ruleId").asText());
        assertEquals("error", first.get("level").asText());
        JsonNode physical = first.get("locations").get(0).get("physicalLocation");
        assertEquals("samples/taskboard/migrations/0001_activity_and_rls.sql", physical.get("artifactLocation").get("uri").asText());
        assertEquals(1, physical.get("region").get("startLine").asInt());
        assertEquals(32, first.get("partialFingerprints").get("queryLensFinding/v1").asText().length());
    }

    @Test
    void sarifFindingWithoutAFileGetsALogicalLocationOnly() throws Exception {
        Finding f = new Finding("rls-disabled", Severity.ERROR, "no RLS", null, "public.t", List.of(), List.of(), Map.of(), "enable it");
        Report r = new Report("1", List.of(), 0, List.of(), List.of(f), List.of(), List.of(), List.of(), 0, 1, report.rules());
        JsonNode result = new ObjectMapper().readTree(render(new SarifReportWriter(RenderOptions.DEFAULT), r)).get("runs").get(0).get("results").get(0);
        JsonNode location = result.get("locations").get(0);
        assertFalse(location.has("physicalLocation"));
        assertEquals("public.t", location.get("logicalLocations").get(0).get("name").asText());
        assertEquals("note", SarifReportWriter.level(Severity.INFO));
    }

    @Test
    void markdownStaysUnderTheCommentLimitAndSaysWhatItLeftOut() throws Exception {
        String md = render(new MarkdownReportWriter(), report);
        assertTrue(md.startsWith("## QueryLens: 1 error(s), 22 warning(s), 10 info"), md.lines().findFirst().orElse(""));
        assertTrue(md.contains("### Recommended indexes\n\n```sql\n"), md);
        assertTrue(md.contains("\nCREATE INDEX CONCURRENTLY IF NOT EXISTS comments_task_id_created_at_idx"), md);
        assertTrue(md.contains("**Fix:**"));
        assertTrue(md.contains("13 more finding(s) not shown: see the full report"), "33 findings, 20 shown");

        List<Finding> many = new ArrayList<>();
        String longSql = "select " + "x, ".repeat(2000) + "y from t";
        for (int i = 0; i < 500; i++) {
            many.add(new Finding("missing-index", Severity.WARNING, "finding " + i, longSql + i, "public.t", List.of("x"),
                    List.of(new SourceLocation("app.sql", i)), Map.of(), "fix " + i));
        }
        Report big = new Report("1", List.of(), 0, List.of(), many, List.of(), List.of(), List.of(), 0, 1, report.rules());
        String bigMd = render(new MarkdownReportWriter(), big);
        assertTrue(bigMd.length() < 65_536, "length " + bigMd.length());
        assertTrue(bigMd.contains("480 more finding(s) not shown"), bigMd);
    }

    @Test
    void passwordsNeverReachAReport() throws Exception {
        String url = "postgresql://app:s3cr3t-pw@db.internal:5432/prod";
        assertEquals("postgresql://app:***@db.internal:5432/prod", Secrets.redact(url));
        assertEquals("jdbc:postgresql://h/db?user=app&password=*** and pwd = ***",
                Secrets.redact("jdbc:postgresql://h/db?user=app&password=hunter2 and pwd = 'x y'"));
        Diagnostic d = new Diagnostic("app.log", 3, "connection to " + url + " failed");
        Report r = new Report("1", List.of(), 0, List.of(), List.of(), List.of(), List.of(), List.of(d), 0, 0, report.rules());
        for (ReportFormat format : ReportFormat.values()) {
            String out = render(format.writer(RenderOptions.DEFAULT), r);
            assertFalse(out.contains("s3cr3t-pw"), format + " leaked the password");
        }
    }

    @Test
    void textUsesColourOnlyWhenAsked() throws Exception {
        String plain = render(new TextReportWriter(new RenderOptions(false, false, Path.of(""))), report);
        String coloured = render(new TextReportWriter(new RenderOptions(false, true, Path.of(""))), report);
        assertFalse(plain.contains("\u001b["));
        assertTrue(coloured.contains("\u001b[1;31mERROR"));
    }

    @Test
    void literalsOnlyWhenAsked() throws Exception {
        String normal = render(new JsonReportWriter(RenderOptions.DEFAULT), report);
        String literal = render(new JsonReportWriter(new RenderOptions(true, false, Path.of(""))), report);
        assertFalse(normal.contains("%login%") || normal.contains("exampleSql"));
        assertTrue(literal.contains("SELECT id, title FROM tasks WHERE project_id = 17 AND status = 'todo'"), "raw SQL with literals");
    }

    @Test
    void markdownIsOneOrderedListPastNineItemsAsCommonMarkReadsIt() throws Exception {
        String md = render(new MarkdownReportWriter(), report);
        org.commonmark.node.Node doc = org.commonmark.parser.Parser.builder().build().parse(md);
        List<org.commonmark.node.OrderedList> lists = new java.util.ArrayList<>();
        doc.accept(new org.commonmark.node.AbstractVisitor() {
            @Override
            public void visit(org.commonmark.node.OrderedList list) {
                lists.add(list);
            }
        });
        long shown = Math.min(20, report.findings().size());
        assertTrue(shown >= 10, "the samples have ten or more findings: " + shown);
        // the first five open, the rest folded in <details>: two lists that number on, none broken up at item 10
        assertEquals(2, lists.size(), "the open findings and the folded ones");
        assertEquals(1, lists.get(0).getStartNumber());
        assertEquals(MarkdownReportWriter.OPEN + 1, lists.get(1).getStartNumber());
        int items = 0;
        for (org.commonmark.node.Node item = lists.get(0).getFirstChild(); item != null; item = item.getNext() != null ? item.getNext()
                : item.getParent() == lists.get(0) ? lists.get(1).getFirstChild() : null) {
            items++;
            boolean hasFix = false;
            for (org.commonmark.node.Node child = item.getFirstChild(); child != null; child = child.getNext()) {
                hasFix |= child instanceof org.commonmark.node.Paragraph p && md.contains("**Fix:**");
            }
            assertTrue(hasFix || item.getFirstChild() != null, "item " + items + " keeps its content");
        }
        assertEquals(shown, items);
    }

    @Test
    void sarifGivesStatementsFromALiveDatabaseALogicalLocation() throws Exception {
        Finding fromDb = new Finding("n-plus-one", Severity.WARNING, "loop", "select * from t where id = $1", null, List.of(),
                List.of(new SourceLocation("db postgresql://app@db.example:5432/shop", 3)), Map.of("executions", 9), "batch it");
        Finding schema = new Finding("rls-disabled", Severity.ERROR, "no rls", null, "public.t", List.of(),
                List.of(new SourceLocation("../samples/taskboard/migrations/0000_initial_schema.sql", 12)), Map.of(), "enable it");
        Report live = new Report(report.toolVersion(), report.inputs(), 9, report.statements(), List.of(fromDb, schema), List.of(),
                List.of(), List.of(), 0, 1, report.rules());
        String sarif = render(new SarifReportWriter(new RenderOptions(false, false, Path.of("..").toAbsolutePath())), live);
        JsonSchema jsonSchema;
        try (InputStream in = getClass().getResourceAsStream("/sarif/sarif-2.1.0.json")) {
            jsonSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        JsonNode doc = new ObjectMapper().readTree(sarif);
        assertEquals(Set.of(), jsonSchema.validate(doc));
        assertFalse(sarif.contains("postgresql:"), "no database URL as an artifact: " + sarif);
        JsonNode results = doc.get("runs").get(0).get("results");
        assertEquals("statement", results.get(0).get("locations").get(0).get("logicalLocations").get(0).get("kind").asText());
        JsonNode physical = results.get(1).get("locations").get(0).get("physicalLocation");
        assertEquals("samples/taskboard/migrations/0000_initial_schema.sql", physical.get("artifactLocation").get("uri").asText());
        assertEquals(12, physical.get("region").get("startLine").asInt(), "a schema finding keeps its migration file and line");
    }
}
