package dev.querylens.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The GitHub and GitLab reporters, read back as the runner and GitLab read them. */
class CiReportersTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final RenderOptions AT_REPO = new RenderOptions(false, false, REPO);
    private static Report samples;

    @BeforeAll
    static void analyzeSamples() {
        samples = new Analysis(RuleCatalog.load(), "0.1.0-test", m -> { })
                .run(new AnalysisRequest(List.of(Samples.TASKBOARD), List.of(), null, null));
    }

    private static String render(ReportWriter w, Report r) throws Exception {
        StringWriter out = new StringWriter();
        w.write(r, out);
        return out.toString();
    }

    private static Report reportOf(List<Finding> findings, List<Diagnostic> diagnostics, String... moreInputs) {
        List<Report.Input> inputs = new java.util.ArrayList<>(List.of(new Report.Input("db/app.sql", "sql")));
        for (String file : moreInputs) {
            inputs.add(new Report.Input(file, "sql"));
        }
        return new Report("1", inputs, 0, List.of(), findings, List.of(), List.of(), diagnostics, 0, 0, samples.rules());
    }

    @Test
    void githubAnnotatesEveryFindingAtItsFileAndLineWithItsSeverity() throws Exception {
        String out = render(new GithubReportWriter(AT_REPO), samples);
        List<WorkflowCommands.Command> commands = WorkflowCommands.parse(out);
        assertEquals(samples.findings().size() + samples.diagnostics().size(), commands.size());
        assertEquals(out.lines().count(), commands.size(), "nothing but commands, one a line");
        for (int i = 0; i < samples.findings().size(); i++) {
            Finding f = samples.findings().get(i);
            WorkflowCommands.Command c = commands.get(i);
            assertEquals(Map.of(Severity.ERROR, "error", Severity.WARNING, "warning", Severity.INFO, "notice").get(f.severity()), c.name());
            SourceLocation at = f.locations().get(0);
            String file = c.properties().get("file");
            assertNotNull(file, f.rule() + " has a file");
            assertFalse(file.startsWith("/") || file.startsWith(".."), "relative to the repository: " + file);
            assertEquals(Path.of(at.file()).toAbsolutePath().normalize(), REPO.resolve(file), "the file is the finding's own");
            assertEquals(Long.toString(at.line()), c.properties().get("line"));
            assertTrue(c.properties().get("title").startsWith("QueryLens " + f.rule()), c.properties().get("title"));
            assertTrue(c.data().startsWith(f.message()), c.data());
            if (f.fix() != null) {
                assertTrue(c.data().contains("\nFix: " + f.fix()), "the fix on its own line: " + c.data());
            }
        }
        // the samples hold all three severities, so each mapping is exercised
        assertEquals(Set.of("error", "warning", "notice"),
                Set.copyOf(commands.subList(0, samples.findings().size()).stream().map(WorkflowCommands.Command::name).toList()));
    }

    @Test
    void hostileFindingTextCannotInjectAWorkflowCommand() throws Exception {
        String message = "bad\n::set-output name=token::stolen\r\n::add-mask::x\r::stop-commands::abc\u2028::error::LS"
                + "\u0085::warning::NEL literal %0A and %25 stay text :: and , too";
        String table = "public.\"a,b:c\n::error::t\"";
        String fix = "run this\n::debug::now";
        Finding hostile = new Finding("missing-index", Severity.ERROR, message, "select 1\n::error::in sql", table, List.of(),
                List.of(new SourceLocation("dir,with:odd\n::warning::name.sql", 3)), Map.of(), fix);
        Finding noFile = new Finding("rls-disabled", Severity.INFO, "no file\n::error::x", null, "t", List.of(),
                List.of(new SourceLocation("db postgresql://h/db", 0)), Map.of(), null);
        Diagnostic d = new Diagnostic("evil\n::error::.log", 7, "cannot read\n::error::line");
        String out = render(new GithubReportWriter(RenderOptions.DEFAULT), reportOf(List.of(hostile, noFile), List.of(d),
                "dir,with:odd\n::warning::name.sql", "evil\n::error::.log"));

        String[] lines = out.split("\r\n|\r|\n", -1);
        assertEquals(4, lines.length, "three commands and the final newline: " + out);
        assertEquals("", lines[3]);
        List<WorkflowCommands.Command> commands = WorkflowCommands.parse(out);
        assertEquals(List.of("error", "notice", "warning"), commands.stream().map(WorkflowCommands.Command::name).toList());
        for (String line : out.split("\n")) {
            for (char c : line.toCharArray()) {
                assertTrue(c >= 0x20 && c != 0x7f && c != '\u0085' && c != '\u2028' && c != '\u2029',
                        "no control character or line separator in " + line);
            }
        }
        WorkflowCommands.Command first = commands.get(0);
        // the properties come back whole: a comma or colon in a value did not start another property
        assertEquals(Set.of("file", "line", "title"), first.properties().keySet());
        assertEquals("dir,with:odd\n::warning::name.sql", first.properties().get("file"));
        assertEquals("3", first.properties().get("line"));
        assertEquals("QueryLens missing-index on " + table, first.properties().get("title"));
        String shown = message.replace('\u2028', ' ').replace('\u0085', ' ');
        assertEquals(shown + "\nselect 1\n::error::in sql\nFix: " + fix, first.data(), "the data is the text, unescaped by the runner");
        assertFalse(commands.get(1).properties().containsKey("file"), "a finding from a database has no file to annotate");
        assertEquals("evil\n::error::.log", commands.get(2).properties().get("file"));
        assertEquals("7", commands.get(2).properties().get("line"));
        Diagnostic aboutTheRun = new Diagnostic("rules", 0, "rls-disabled is off");
        WorkflowCommands.Command run = WorkflowCommands.parse(render(new GithubReportWriter(RenderOptions.DEFAULT),
                reportOf(List.of(), List.of(aboutTheRun)))).get(0);
        assertFalse(run.properties().containsKey("file"), "a diagnostic about the run names no file: " + run);
    }

    @Test
    void escapesAreTheRunnersOwn() {
        assertEquals("100%25%0A%0Dx", GithubReportWriter.escapeData("100%\n\rx"));
        assertEquals("a%3Ab%2Cc%25%0A", GithubReportWriter.escapeProperty("a:b,c%\n"));
        assertEquals("a b", GithubReportWriter.escapeData("a\u0000b"));
    }

    @Test
    void gitlabCodeQualityHasEveryDocumentedRequiredField() throws Exception {
        String json = render(new GitlabReportWriter(AT_REPO), samples);
        JsonNode doc = new ObjectMapper().readTree(json);
        JsonSchema schema;
        try (InputStream in = getClass().getResourceAsStream("/gitlab/code-quality-issue.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        assertEquals(Set.of(), schema.validate(doc));
        assertEquals(samples.findings().size(), doc.size());
        Set<String> fingerprints = new HashSet<>();
        Map<Severity, String> severities = Map.of(Severity.ERROR, "critical", Severity.WARNING, "major", Severity.INFO, "info");
        for (int i = 0; i < doc.size(); i++) {
            JsonNode issue = doc.get(i);
            Finding f = samples.findings().get(i);
            assertTrue(fingerprints.add(issue.get("fingerprint").asText()), "fingerprints are unique: " + issue);
            assertEquals(f.rule(), issue.get("check_name").asText());
            assertEquals(severities.get(f.severity()), issue.get("severity").asText());
            assertTrue(issue.get("description").asText().startsWith(f.message()));
            SourceLocation at = f.locations().get(0);
            assertEquals(Path.of(at.file()).toAbsolutePath().normalize(), REPO.resolve(issue.get("location").get("path").asText()));
            assertEquals(Math.max(1, at.line()), issue.get("location").get("lines").get("begin").asLong());
        }
    }

    @Test
    void gitlabFingerprintsFollowTheFindingNotItsLineAndStayUnique() throws Exception {
        Finding here = new Finding("missing-index", Severity.WARNING, "m", "select * from t where a = $1", "public.t", List.of("a"),
                List.of(new SourceLocation("db/app.sql", 3)), Map.of(), null);
        Finding moved = new Finding("missing-index", Severity.WARNING, "m", "select * from t where a = $1", "public.t", List.of("a"),
                List.of(new SourceLocation("db/app.sql", 40)), Map.of(), null);
        Finding fromDb = new Finding("rls-disabled", Severity.ERROR, "m", null, "public.t", List.of(),
                List.of(new SourceLocation("db postgresql://h/x", 0)), Map.of(), null);
        JsonNode before = new ObjectMapper().readTree(render(new GitlabReportWriter(RenderOptions.DEFAULT), reportOf(List.of(here), List.of())));
        JsonNode after = new ObjectMapper().readTree(render(new GitlabReportWriter(RenderOptions.DEFAULT),
                reportOf(List.of(moved, here, fromDb), List.of())));
        assertEquals(before.get(0).get("fingerprint"), after.get(0).get("fingerprint"), "a moved finding keeps its fingerprint");
        assertFalse(after.get(0).get("fingerprint").equals(after.get(1).get("fingerprint")), "two sightings, two fingerprints");
        assertEquals("db/app.sql", after.get(2).get("location").get("path").asText(), "no file: the first input");
        assertEquals(1, after.get(2).get("location").get("lines").get("begin").asInt());
        assertEquals("critical", after.get(2).get("severity").asText());
    }
}
