package dev.querylens.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.Samples;
import dev.querylens.report.Report;
import dev.querylens.report.WorkflowCommands;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CI-facing options: several formats from one run, --reporter, --only and --exclude. */
class CiOptionsTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = QueryLensCommand.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
    }

    private static Set<String> rulesIn(Path json) throws Exception {
        Set<String> rules = new TreeSet<>();
        for (JsonNode f : new ObjectMapper().readTree(json.toFile()).get("findings")) {
            rules.add(f.get("rule").asText());
        }
        return rules;
    }

    @Test
    void severalFormatsFromOneRunRepeatedOrCommaSeparated() throws Exception {
        Path out = dir.resolve("out");
        Run r = run("check", "--reporter", "github", "--format", "gitlab,markdown", "--format", "json", "--output-dir", out.toString(),
                Samples.TASKBOARD.toString());
        assertEquals(1, r.exit(), r.err());
        assertEquals("", r.out(), "everything went to the directory");
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(Set.of("querylens-github.txt", "gl-code-quality-report.json", "querylens-report.md", "querylens-report.json"),
                    Set.copyOf(files.map(p -> p.getFileName().toString()).toList()));
        }
        int findings = new ObjectMapper().readTree(out.resolve("querylens-report.json").toFile()).get("findings").size();
        assertTrue(findings > 10, "the samples have findings: " + findings);
        assertEquals(findings, WorkflowCommands.parse(Files.readString(out.resolve("querylens-github.txt"))).size());
        assertEquals(findings, new ObjectMapper().readTree(out.resolve("gl-code-quality-report.json").toFile()).size());
        assertTrue(Files.readString(out.resolve("querylens-report.md")).startsWith("## QueryLens: "));
    }

    @Test
    void githubAloneGoesToStandardOutput() {
        Run r = run("analyze", "-q", "--reporter", "github", Samples.TASKBOARD.toString());
        assertEquals(0, r.exit(), r.err());
        List<WorkflowCommands.Command> commands = WorkflowCommands.parse(r.out());
        assertFalse(commands.isEmpty());
        assertEquals(r.out().lines().count(), commands.size(), "nothing on stdout but workflow commands");
        assertTrue(commands.stream().anyMatch(c -> c.name().equals("error")
                && c.properties().get("file").endsWith("migrations/0001_activity_and_rls.sql")), r.out());
    }

    @Test
    void severalFormatsWithoutADirectoryIsOneClearLine() {
        Run r = run("analyze", "--format", "json", "--reporter", "gitlab", Samples.TASKBOARD.toString());
        assertEquals(2, r.exit());
        assertEquals("querylens analyze: several formats need --output-dir", r.err().strip());
        Run same = run("analyze", "-q", "--format", "gitlab", "--format", "gitlab", Samples.TASKBOARD.toString());
        assertEquals(0, same.exit(), "the same format twice is one format: " + same.err());
    }

    @Test
    void onlyAndExcludeChooseTheRules() throws Exception {
        Path all = dir.resolve("all.json");
        assertEquals(1, run("check", "--format", "json", "-o", all.toString(), Samples.TASKBOARD.toString()).exit());
        Set<String> everything = rulesIn(all);
        assertTrue(everything.containsAll(Set.of("n-plus-one", "missing-index", "rls-disabled")), everything.toString());

        Path only = dir.resolve("only.json");
        Run r = run("check", "--only", "n-plus-one", "--only", "offset-pagination", "--format", "json", "-o", only.toString(),
                Samples.TASKBOARD.toString());
        assertEquals(Set.of("n-plus-one", "offset-pagination"), rulesIn(only));
        assertEquals(0, r.exit(), "no error among the rules left: " + r.err());

        Path excluded = dir.resolve("excluded.json");
        run("check", "--exclude", "n-plus-one,missing-index", "--format", "json", "-o", excluded.toString(), Samples.TASKBOARD.toString());
        Set<String> expected = new TreeSet<>(everything);
        expected.removeAll(Set.of("n-plus-one", "missing-index"));
        assertEquals(expected, rulesIn(excluded));
    }

    @Test
    void onlyKeepsTheConfiguredSeverity() throws Exception {
        Path config = dir.resolve("querylens.yaml");
        Files.writeString(config, "rules:\n  offset-pagination: { severity: error }\n  n-plus-one: { enabled: false }\n");
        Path out = dir.resolve("out.json");
        Run r = run("check", "--config", config.toString(), "--only", "offset-pagination,n-plus-one", "--format", "json",
                "-o", out.toString(), Samples.TASKBOARD.toString());
        assertEquals(1, r.exit(), "offset-pagination is an error by the config: " + r.err());
        assertEquals(Set.of("offset-pagination"), rulesIn(out), "--only does not turn on what the config turned off");
    }

    @Test
    void unknownRuleIdsAreRejectedWithTheNearestName() {
        Run r = run("check", "--only", "n-plus-on", Samples.TASKBOARD.toString());
        assertEquals(2, r.exit());
        assertEquals("querylens check: --only: unknown rule 'n-plus-on'; did you mean 'n-plus-one'? ('querylens rules' lists them)",
                r.err().strip());
        Run e = run("analyze", "--exclude", "missing-index,seq-scan-filter", Samples.TASKBOARD.toString());
        assertEquals(2, e.exit());
        assertTrue(e.err().startsWith("querylens analyze: --exclude: unknown rule 'seq-scan-filter'; did you mean"), e.err());
        assertTrue(e.err().contains("'plan-seq-scan-filter'"), e.err());
        Run m = run("migrations", "--only", "missing-index", Samples.MIGRATIONS.toString());
        assertEquals(2, m.exit());
        assertTrue(m.err().startsWith("querylens migrations: --only missing-index: 'migrations' does not run that rule"), m.err());
    }

    @Test
    void jobSummaryIsAppendedAfterWhatTheStepAlreadyWrote() throws Exception {
        Path summary = dir.resolve("summary.md");
        Files.writeString(summary, "# Earlier part"); // no final newline: the report must still start on its own line
        Report report = new dev.querylens.analysis.Analysis(dev.querylens.engine.RuleCatalog.load(), "1", m -> { })
                .run(new dev.querylens.analysis.AnalysisRequest(List.of(Samples.MIGRATIONS), List.of(), null, null));
        JobSummary.append(summary, report);
        JobSummary.append(summary, report);
        String text = Files.readString(summary);
        assertTrue(text.startsWith("# Earlier part\n## QueryLens: "), text);
        assertEquals(2, text.split("\n## QueryLens: ", -1).length - 1, "two runs, two reports, the first kept");
        assertTrue(text.endsWith("\n"));
    }

    @Test
    void theGatesOwnLinesCannotStartAWorkflowCommand() throws Exception {
        // a quoted identifier may hold a line break; the gate names the table of each failing finding
        Path migrations = Files.createDirectories(dir.resolve("migrations"));
        Files.writeString(migrations.resolve("0001_odd.sql"), "CREATE TABLE \"evil\n::error file=x.sql::pwned\" (v int);\n");
        Path config = dir.resolve("querylens.yaml");
        Files.writeString(config, "supabase: true\n");
        Run r = run("check", "--config", config.toString(), "--fail-on", "warning", "-o", dir.resolve("r.txt").toString(), migrations.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("no-primary-key: evil\\n::error file=x.sql::pwned"), r.err());
        assertEquals(List.of(), WorkflowCommands.parse(r.err()), r.err());
        Run m = run("migrations", "--config", config.toString(), "-o", dir.resolve("m.txt").toString(), dir.toString());
        assertEquals(List.of(), WorkflowCommands.parse(m.err()), m.err());
    }
}
