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

    private static final String EXPECT = "-- expect: ";

    /**
     * Lines marked {@code -- expect: rule-id} (the marker on the line before the statement, as Error
     * Prone's "BUG: Diagnostic contains"): the rule must fire at each of them, and at no other line.
     */
    static java.util.Set<Long> expectedLines(String sql, String rule) {
        java.util.Set<Long> out = new java.util.TreeSet<>();
        String[] lines = sql.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int mark = lines[i].indexOf(EXPECT);
            if (mark >= 0 && java.util.Arrays.asList(lines[i].substring(mark + EXPECT.length()).trim().split("[ ,]+")).contains(rule)) {
                out.add((long) i + 2);
            }
        }
        return out;
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

    private void run(RuleCatalog catalog, RuleDefinition rule, RuleDefinition.Example x) throws Exception {
        Path root = Files.createTempDirectory(dir, "example");
        List<Path> schema = new ArrayList<>();
        List<Path> inputs = new ArrayList<>();
        if (x.schema() != null) {
            schema.add(write(root, x.schemaFile() == null ? "schema.sql" : x.schemaFile(), x.schema()));
        }
        for (Map.Entry<String, String> file : x.files().entrySet()) {
            inputs.add(write(root, file.getKey(), file.getValue()));
        }
        if (x.sql() != null) {
            inputs.add(write(root, x.sqlFile() == null ? "app.sql" : x.sqlFile(), x.sql()));
        }
        if (x.plan() != null) {
            inputs.add(Files.writeString(root.resolve("plan.json"), x.plan()));
        }
        if (x.log() != null) {
            inputs.add(Files.writeString(root.resolve("postgresql.log"), x.log()));
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
        assertEquals(x.fires(), mine.size(), "findings of " + rule.id() + ": " + mine + "; diagnostics: " + report.diagnostics());
        if (x.sql() != null && x.sql().contains(EXPECT)) {
            String file = root.resolve(x.sqlFile() == null ? "app.sql" : x.sqlFile()).toString();
            java.util.Set<Long> at = new java.util.TreeSet<>();
            mine.forEach(f -> f.locations().stream().filter(l -> l.file().equals(file)).forEach(l -> at.add(l.line())));
            assertEquals(expectedLines(x.sql(), rule.id()), at, "lines where " + rule.id() + " must fire (and only there): " + mine);
        }
        if (x.contains() != null) {
            assertTrue(mine.stream().anyMatch(f -> (f.message() + " " + f.fix() + " " + f.sql()).contains(x.contains())),
                    "expected '" + x.contains() + "' in " + mine);
        }
    }
}
