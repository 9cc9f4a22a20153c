package dev.querylens.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.analysis.Analysis;
import dev.querylens.advisor.OfflineAdvisor;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.analysis.ProjectConfig;
import dev.querylens.migration.MigrationTrace;
import dev.querylens.migration.TraceScript;
import dev.querylens.schema.Catalog;
import dev.querylens.schema.SchemaReader;
import java.util.Map;
import dev.querylens.report.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Every example in every rule's definition file runs here: those that must fire, and those that must not. */
class RuleExamplesTest {
    @TempDir
    Path dir;

    @Test
    void everyRuleHasADefinitionWithExamplesOfBothKinds() {
        RuleCatalog catalog = RuleCatalog.load();
        assertFalse(catalog.entries().isEmpty());
        for (RuleCatalog.Entry e : catalog.entries()) {
            RuleDefinition d = e.definition();
            assertFalse(d.title().isBlank(), d.id());
            assertFalse(d.rationale().isBlank(), d.id());
            assertFalse(d.fix().isBlank(), d.id());
            assertFalse(d.source().isBlank(), d.id() + " must name the published source of its thresholds");
            assertTrue(d.examples().stream().anyMatch(x -> x.fires() > 0), d.id() + " needs an example that fires");
            assertTrue(d.examples().stream().anyMatch(x -> x.fires() == 0), d.id() + " needs an example that must not fire");
        }
    }

    /** A definition's kind is what its class implements: the engine dispatches on the class, `querylens migrations` on the kind. */
    @Test
    void everyDefinitionsKindIsTheInterfaceItsClassImplements() {
        Map<String, Class<?>> kinds = Map.of("statement", StatementRule.class, "sequence", SequenceRule.class, "schema", SchemaRule.class,
                "plan", PlanRule.class, "migration", MigrationRule.class, "connection", ConnectionRule.class);
        for (RuleCatalog.Entry e : RuleCatalog.load().entries()) {
            Class<?> kind = kinds.get(e.definition().kind());
            assertTrue(kind != null && kind.isInstance(e.rule()),
                    e.definition().id() + " declares kind '" + e.definition().kind() + "' but " + e.rule().getClass().getSimpleName() + " is not one");
        }
    }

    @TestFactory
    Stream<DynamicTest> examples() {
        RuleCatalog catalog = RuleCatalog.load();
        List<DynamicTest> tests = new ArrayList<>();
        for (RuleCatalog.Entry e : catalog.entries()) {
            for (RuleDefinition.Example x : e.definition().examples()) {
                tests.add(DynamicTest.dynamicTest(e.definition().id() + ": " + x.name(), () -> run(catalog, e.definition(), x)));
            }
        }
        return tests.stream();
    }

    private static Path write(Path root, String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    /** The example's schema with row estimates, standing in for what a live catalog reads from pg_class. */
    private static Catalog statisticsOf(List<Path> schema, Map<String, Long> rows) throws IOException {
        SchemaReader reader = new SchemaReader();
        for (Path p : schema) {
            reader.read(Files.readString(p), p.toString(), d -> { });
        }
        return reader.catalog().withRowEstimates(rows);
    }

    /** Where the example's inputs were written, each with the expectations its markers hold. */
    private record Written(Map<Path, ExampleMarkers> files, Map<Path, String> inputNames) {
        Path add(Path root, String relative, String text, String inputName) throws IOException {
            ExampleMarkers marked = ExampleMarkers.of(text);
            Path file = write(root, relative, marked.text());
            files.put(file, marked);
            inputNames.put(file, inputName);
            return file;
        }
    }

    private record Outcome(Written written, List<Finding> findings, Report report) {
    }

    private void run(RuleCatalog catalog, RuleDefinition rule, RuleDefinition.Example x) throws Exception {
        Outcome o = analyze(catalog, rule, x);
        List<Finding> mine = o.findings();
        String dump = System.getProperty("querylens.examples.dump");
        if (dump != null) {
            dump(Path.of(dump), rule, x, o.written(), mine);
        }
        assertEquals(x.fires(), mine.size(), "findings of " + rule.id() + ": " + mine + "; diagnostics: " + o.report().diagnostics());
        if (x.contains() != null) {
            assertTrue(mine.stream().anyMatch(f -> text(f).contains(x.contains())), "expected '" + x.contains() + "' in " + mine);
        }
        assertFindingsAtMarkedLines(rule.id(), x, o.written(), mine);
    }

    /**
     * What count-and-substring examples let through: rls-auth-per-row's findings where they used to
     * point, at the table's CREATE TABLE, with the right count and text, fail the marked example;
     * so does a finding at a statement nobody marked.
     */
    @Test
    void aFindingAtAnyLineButTheMarkedOneFailsItsExample() throws Exception {
        RuleCatalog catalog = RuleCatalog.load();
        RuleDefinition rule = catalog.find("rls-auth-per-row").orElseThrow().definition();
        RuleDefinition.Example x = rule.examples().get(0);
        Outcome o = analyze(catalog, rule, x);
        assertEquals(2, o.findings().size());
        assertFindingsAtMarkedLines(rule.id(), x, o.written(), o.findings());
        Path schema = o.written().files().keySet().iterator().next();
        List<Finding> atTheTable = o.findings().stream().map(f -> new Finding(f.rule(), f.severity(), f.message(), f.sql(), f.table(),
                f.columns(), List.of(new dev.querylens.collect.SourceLocation(schema.toString(), 1)), f.evidence(), f.fix())).toList();
        org.opentest4j.AssertionFailedError wrongLine = org.junit.jupiter.api.Assertions.assertThrows(org.opentest4j.AssertionFailedError.class,
                () -> assertFindingsAtMarkedLines(rule.id(), x, o.written(), atTheTable));
        assertTrue(wrongLine.getMessage().contains(schema + ":1=2"), wrongLine.getMessage());
        List<Finding> oneMore = new ArrayList<>(o.findings());
        oneMore.add(atTheTable.get(0));
        org.junit.jupiter.api.Assertions.assertThrows(org.opentest4j.AssertionFailedError.class,
                () -> assertFindingsAtMarkedLines(rule.id(), x, o.written(), oneMore));
    }

    private Outcome analyze(RuleCatalog catalog, RuleDefinition rule, RuleDefinition.Example x) throws Exception {
        Path root = Files.createTempDirectory(dir, "example");
        Written written = new Written(new java.util.LinkedHashMap<>(), new java.util.LinkedHashMap<>());
        List<Path> schema = new ArrayList<>();
        List<Path> inputs = new ArrayList<>();
        if (x.schema() != null) {
            schema.add(written.add(root, x.schemaFile() == null ? "schema.sql" : x.schemaFile(), x.schema(), "schema"));
        }
        for (Map.Entry<String, String> file : x.files().entrySet()) {
            inputs.add(written.add(root, file.getKey(), file.getValue(), "files/" + file.getKey()));
        }
        if (x.sql() != null) {
            inputs.add(written.add(root, x.sqlFile() == null ? "app.sql" : x.sqlFile(), x.sql(), "sql"));
        }
        if (x.plan() != null) {
            inputs.add(Files.writeString(root.resolve("plan.json"), x.plan()));
        }
        if (x.log() != null) {
            inputs.add(written.add(root, "postgresql.log", x.log(), "log"));
        }
        ProjectConfig config = ProjectConfig.none();
        if (x.config() != null) {
            config = ProjectConfig.read(Files.writeString(root.resolve("querylens.yaml"), x.config()), catalog);
        }
        AnalysisRequest request = new AnalysisRequest(inputs, schema, null, config);
        // a trace-backed example is traced as migrations --trace does without --db: on a throwaway PostgreSQL, for real
        MigrationTrace trace = x.trace() ? MigrationTrace.onThrowawayServer(TraceScript.of(inputs), java.util.Set.of()) : MigrationTrace.none();
        if (x.trace()) {
            assertFalse(trace.entries().isEmpty(), "the example's migrations were traced");
            trace.entries().forEach(e -> assertTrue(e.traced().error() == null, "traced without failing: " + e));
        }
        Report report = new Analysis(catalog, "test", m -> { }).run(request,
                x.rowEstimates().isEmpty() ? null : statisticsOf(schema, x.rowEstimates()), new OfflineAdvisor(), trace, x.activity());
        List<Finding> mine = report.findings().stream().filter(f -> f.rule().equals(rule.id())).toList();
        return new Outcome(written, mine, report);
    }

    private static String text(Finding f) {
        return f.message() + " " + f.fix() + " " + f.sql();
    }

    /**
     * Every finding points at a line marked for it, and every marked line has its findings: the
     * first location of each (the one reports and SARIF show) is compared, as a multiset, with the
     * markers. An example that fires must mark its lines, unless it has no statement text to mark
     * (a plan's JSON alone, a live database's activity alone).
     */
    static void assertFindingsAtMarkedLines(String rule, RuleDefinition.Example x, Written written, List<Finding> mine) {
        Map<String, Integer> expected = new java.util.TreeMap<>();
        List<String[]> substrings = new ArrayList<>();
        written.files().forEach((file, marked) -> marked.forRule(rule).forEach(e -> {
            String at = file + ":" + e.line();
            expected.merge(at, 1, Integer::sum);
            if (e.contains() != null) {
                substrings.add(new String[] {at, e.contains()});
            }
        }));
        if (x.fires() > 0 && expected.isEmpty()) {
            assertTrue(written.files().isEmpty(), rule + ": the example fires but marks no line with -- expect: " + rule);
            return;
        }
        Map<String, Integer> actual = new java.util.TreeMap<>();
        Map<String, List<Finding>> byLine = new java.util.HashMap<>();
        for (Finding f : mine) {
            String at = f.locations().isEmpty() ? "(no location)" : f.locations().get(0).toString();
            actual.merge(at, 1, Integer::sum);
            byLine.computeIfAbsent(at, k -> new ArrayList<>()).add(f);
        }
        assertEquals(expected, actual, "where " + rule + " must point (-- expect: markers) and where it pointed: " + mine);
        for (String[] s : substrings) {
            assertTrue(byLine.getOrDefault(s[0], List.of()).stream().anyMatch(f -> text(f).contains(s[1])),
                    "expected '" + s[1] + "' in the finding at " + s[0] + ": " + byLine.get(s[0]));
        }
    }

    /** One JSON line per finding: which input and line it points at, for bin/mark-rule-examples.py. */
    private static void dump(Path to, RuleDefinition rule, RuleDefinition.Example x, Written written, List<Finding> mine) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        StringBuilder out = new StringBuilder();
        for (Finding f : mine) {
            var o = json.createObjectNode().put("rule", rule.id()).put("example", x.name()).put("fires", x.fires());
            if (!f.locations().isEmpty()) {
                var l = f.locations().get(0);
                written.inputNames().forEach((file, name) -> {
                    if (file.toString().equals(l.file())) {
                        o.put("input", name).put("line", l.line());
                    }
                });
            }
            o.put("containsExampleSubstring", x.contains() != null && text(f).contains(x.contains()));
            out.append(json.writeValueAsString(o)).append('\n');
        }
        synchronized (RuleExamplesTest.class) {
            Files.writeString(to, out, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
    }
}
