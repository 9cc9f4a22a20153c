package dev.querylens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.report.Report;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The corpus's Supabase projects as a labelled regression set: every finding QueryLens reports on a
 * project's migrations alone, exactly (corpus/supabase.labels, reviewed by hand against the SQL).
 * A finding not labelled is a false positive, a label not reported a false negative.
 */
class SupabaseCorpusFindingsTest {
    @ParameterizedTest
    @ValueSource(strings = {"supabase-slack-clone", "supabase-subscription-payments", "supabase-storage"})
    void exactlyTheLabelledFindings(String project) throws Exception {
        Path dir = Path.of(getClass().getResource("/corpus/schemas/" + project).toURI());
        List<Path> files;
        // the migrations sit in their migrator's layout (supabase/migrations/, migrations/tenant/) below the setup file
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().endsWith(".sql"))
                    .sorted((a, b) -> dev.querylens.migration.MigrationPaths.ORDER.compare(a.toString(), b.toString())).toList();
        }
        Report report = new Analysis(RuleCatalog.load(), "test", m -> { }).run(new AnalysisRequest(List.of(), files, null, null));
        TreeSet<String> actual = report.findings().stream().map(SupabaseCorpusFindingsTest::label)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected(project), actual, project + ": reported findings (rule<TAB>table(columns)<TAB>detail)");
    }

    static String label(Finding f) {
        Object policies = f.evidence().containsKey("policy") ? f.evidence().get("policy") : f.evidence().get("policies");
        Object command = f.evidence().get("command");
        return f.rule() + "\t" + f.table() + "(" + String.join(", ", f.columns()) + ")"
                + (command == null ? "" : "\t" + command) + (policies == null || f.rule().equals("rls-disabled") || f.rule().equals("rls-no-policy") ? "" : "\t" + policies);
    }

    private static TreeSet<String> expected(String project) throws IOException, URISyntaxException {
        try (InputStream in = SupabaseCorpusFindingsTest.class.getResourceAsStream("/corpus/supabase.labels")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> l.startsWith(project + "\t"))
                    .map(l -> l.substring(project.length() + 1))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
