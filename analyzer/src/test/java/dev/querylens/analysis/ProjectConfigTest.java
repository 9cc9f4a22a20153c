package dev.querylens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.Samples;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.engine.Severity;
import dev.querylens.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectConfigTest {
    @TempDir
    Path dir;

    private final RuleCatalog catalog = RuleCatalog.load();

    private Report analyze(ProjectConfig config) {
        return new Analysis(catalog, "test", m -> { }).run(new AnalysisRequest(List.of(Samples.TASKBOARD), List.of(), null, config));
    }

    private static long count(Report r, String rule) {
        return r.findings().stream().filter(f -> f.rule().equals(rule)).count();
    }

    @Test
    void rulesCanBeDisabledReSeveredAndTuned() throws Exception {
        Report before = analyze(ProjectConfig.none());
        assertTrue(count(before, "rls-disabled") > 0 && count(before, "unbatched-writes") == 1 && count(before, "n-plus-one") == 2);

        Path file = Files.writeString(dir.resolve("querylens.yaml"), """
                rules:
                  rls-disabled: { enabled: false }
                  n-plus-one:
                    severity: error
                    parameters: { minRepeats: 30 }
                  unbatched-writes:
                    parameters: { minStatements: 500 }
                """);
        Report after = analyze(ProjectConfig.read(file, catalog));
        assertEquals(0, count(after, "rls-disabled"));
        assertEquals(0, count(after, "unbatched-writes"), "200 inserts are below a threshold of 500");
        List<Finding> loops = after.findings().stream().filter(f -> f.rule().equals("n-plus-one")).toList();
        assertEquals(1, loops.size(), "only the 36-long loop reaches 30 repeats");
        assertEquals(Severity.ERROR, loops.get(0).severity());
    }

    @Test
    void ignoredPathsAndTablesDropTheirFindings() throws Exception {
        Path file = Files.writeString(dir.resolve("querylens.json"), """
                {"ignore": {"paths": ["**/reports.sql"], "tables": ["comments", "public.activity_events"]}}
                """);
        Report r = analyze(ProjectConfig.read(file, catalog));
        assertTrue(r.inputs().stream().noneMatch(i -> i.file().endsWith("reports.sql")));
        assertTrue(r.findings().stream().noneMatch(f -> "public.comments".equals(f.table()) || "public.activity_events".equals(f.table())),
                r.findings().toString());
        assertTrue(r.findings().stream().anyMatch(f -> "public.tasks".equals(f.table())));
    }

    @Test
    void typosAreErrorsNotSilence() throws Exception {
        Path unknownRule = Files.writeString(dir.resolve("a.yaml"), "rules:\n  n-plus-two: { enabled: false }\n");
        Path unknownParam = Files.writeString(dir.resolve("b.yaml"), "rules:\n  n-plus-one: { parameters: { repeats: 3 } }\n");
        Path badSeverity = Files.writeString(dir.resolve("c.yaml"), "rules:\n  n-plus-one: { severity: fatal }\n");
        Path broken = Files.writeString(dir.resolve("d.yaml"), "rules: [unclosed\n");
        assertTrue(assertThrows(ProjectConfig.InvalidConfig.class, () -> ProjectConfig.read(unknownRule, catalog)).getMessage().contains("n-plus-two"));
        assertTrue(assertThrows(ProjectConfig.InvalidConfig.class, () -> ProjectConfig.read(unknownParam, catalog)).getMessage().contains("minRepeats"));
        assertThrows(ProjectConfig.InvalidConfig.class, () -> ProjectConfig.read(badSeverity, catalog));
        assertTrue(assertThrows(ProjectConfig.InvalidConfig.class, () -> ProjectConfig.read(broken, catalog)).getMessage().startsWith(broken.toString()));
        assertEquals(2, dev.querylens.cli.QueryLensCommand.execute("analyze", "--config", unknownRule.toString(), Samples.TASKBOARD.toString()));
    }
}
