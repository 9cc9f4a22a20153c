package dev.querylens.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
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

    private void run(RuleCatalog catalog, RuleDefinition rule, RuleDefinition.Example x) throws IOException {
        Path root = Files.createTempDirectory(dir, "example");
        List<Path> schema = new ArrayList<>();
        List<Path> inputs = new ArrayList<>();
        if (x.schema() != null) {
            schema.add(Files.writeString(root.resolve("schema.sql"), x.schema()));
        }
        if (x.sql() != null) {
            inputs.add(Files.writeString(root.resolve("app.sql"), x.sql()));
        }
        if (x.plan() != null) {
            inputs.add(Files.writeString(root.resolve("plan.json"), x.plan()));
        }
        if (x.log() != null) {
            inputs.add(Files.writeString(root.resolve("postgresql.log"), x.log()));
        }
        Report report = new Analysis(catalog, "test", m -> { }).run(new AnalysisRequest(inputs, schema, null, null));
        List<Finding> mine = report.findings().stream().filter(f -> f.rule().equals(rule.id())).toList();
        assertEquals(x.fires(), mine.size(), "findings of " + rule.id() + ": " + mine + "; diagnostics: " + report.diagnostics());
        if (x.contains() != null) {
            assertTrue(mine.stream().anyMatch(f -> (f.message() + " " + f.fix() + " " + f.sql()).contains(x.contains())),
                    "expected '" + x.contains() + "' in " + mine);
        }
    }
}
