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
                    parameters: { minRepeats: 10 }
                  unbatched-writes:
                    parameters: { minStatements: 500 }
                """);
        Report after = analyze(ProjectConfig.read(file, catalog));
        assertEquals(0, count(after, "rls-disabled"));
        assertEquals(0, count(after, "unbatched-writes"), "200 inserts are below a threshold of 500");
        List<Finding> loops = after.findings().stream().filter(f -> f.rule().equals("n-plus-one")).toList();
        assertEquals(1, loops.size(), "only the comments loop (12 per page) reaches 10 repeats; the projects loop has 9");
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

    private String error(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("querylens.yaml"), yaml);
        return assertThrows(ProjectConfig.InvalidConfig.class, () -> ProjectConfig.read(file, catalog)).getMessage()
                .replace(file.toString(), "FILE");
    }

    @Test
    void unknownKeysAtEveryLevelNameFileLineAndColumn() throws Exception {
        assertEquals("FILE:1:1: unknown key 'rule'; did you mean 'rules'? (known: rules, ignore, supabase, roundTripMs, allowFunctions, logFormats)", error("rule:\n  n-plus-one: { enabled: false }\n"));
        assertEquals("FILE:3:1: unknown key 'enable' (known: rules, ignore, supabase, roundTripMs, allowFunctions, logFormats)",
                error("rules:\n  n-plus-one: { severity: error }\nenable: false\n"));
        assertEquals("FILE:3:5: rule n-plus-one: unknown key 'enable'; did you mean 'enabled'? (known: enabled, severity, parameters)",
                error("rules:\n  n-plus-one:\n    enable: false\n"));
        assertEquals("FILE:2:3: ignore: unknown key 'path'; did you mean 'paths'? (known: paths, tables)", error("ignore:\n  path: [\"db/**\"]\n"));
        assertEquals("FILE:2:3: unknown rule 'n-plus-two' ('querylens rules' lists them)", error("rules:\n  n-plus-two: {}\n"));
        assertEquals("FILE:2:3: unknown rule 'n-plus-on'; did you mean 'n-plus-one'? ('querylens rules' lists them)",
                error("rules:\n  n-plus-on: {}\n"));
        assertEquals("FILE:2:31: rule n-plus-one has no parameter 'repeats' (it has fanOutWindowMs, maxGap, maxPauseMs, minRepeats, roundTripMs)",
                error("rules:\n  n-plus-one: { parameters: { repeats: 3 } }\n"));
    }

    @Test
    void wrongTypesNameFileLineAndColumnInsteadOfFailingMidRun() throws Exception {
        assertEquals("FILE:4:19: rule n-plus-one: parameter minRepeats must be a number (default 5), not 'lots'",
                error("rules:\n  n-plus-one:\n    parameters:\n      minRepeats: lots\n"));
        assertEquals("FILE:2:33: rule select-star-large: enabled must be true or false, not 'nope'",
                error("rules:\n  select-star-large: { enabled: nope }\n"));
        assertEquals("FILE:2:27: rule n-plus-one: severity must be error, warning or info, not 'fatal'",
                error("rules:\n  n-plus-one: { severity: fatal }\n"));
        assertEquals("FILE:2:22: rule select-star-large must be a mapping of keys to values, not false",
                error("rules:\n  select-star-large: false\n"));
        assertEquals("FILE:2:10: ignore.paths must be a list, e.g. [\"a\", \"b\"], not 'db/seeds/**'",
                error("ignore:\n  paths: db/seeds/**\n"));
        assertEquals("FILE:1:8: rules must be a mapping of keys to values, not a list", error("rules: [n-plus-one]\n"));

        // the failure the CLI used to end on ("querylens: For input string: \"lots\"") is now a usage error, exit 2
        Path lots = Files.writeString(dir.resolve("lots.yaml"), "rules:\n  n-plus-one: { parameters: { minRepeats: lots } }\n");
        assertEquals(2, dev.querylens.cli.QueryLensCommand.execute("analyze", "-q", "--config", lots.toString(), Samples.TASKBOARD.toString()));
        // a text parameter takes text, and numbers where the default is a number
        Path fine = Files.writeString(dir.resolve("fine.yaml"),
                "rules:\n  rls-disabled: { parameters: { exposedSchemas: \"public,api\" } }\n  n-plus-one: { parameters: { minRepeats: 3 } }\n");
        ProjectConfig ok = ProjectConfig.read(fine, catalog);
        assertEquals("public,api", ok.rules().get("rls-disabled").parameters().get("exposedSchemas"));
        assertEquals(3, ((Number) ok.rules().get("n-plus-one").parameters().get("minRepeats")).intValue());
    }

    @Test
    void syntaxErrorsAndRepeatedKeysSayWhere() throws Exception {
        assertEquals("FILE:2:1: YAML syntax error: expected ',' or ']', but got <stream end> (while parsing a flow sequence at line 1, column 8)",
                error("rules: [unclosed\n"));
        assertTrue(error("rules:\n\tn-plus-one: {}\n").startsWith("FILE:2:1: YAML syntax error: found character '\\t(TAB)'"),
                error("rules:\n\tn-plus-one: {}\n"));
        String repeated = error("rules:\n  n-plus-one: { enabled: false }\nrules:\n  n-plus-one: { enabled: true }\n");
        assertTrue(repeated.startsWith("FILE:3:") && repeated.contains("Duplicate field 'rules'"), repeated);
        Path json = Files.writeString(dir.resolve("querylens.json"), "{\"rules\": {\"n-plus-one\": {\"enabled\": false}}, \"ignor\": {}}");
        String jsonError = assertThrows(ProjectConfig.InvalidConfig.class, () -> ProjectConfig.read(json, catalog)).getMessage();
        assertEquals(json + ":1:47: unknown key 'ignor'; did you mean 'ignore'? (known: rules, ignore, supabase, roundTripMs, allowFunctions, logFormats)", jsonError);
    }
}
