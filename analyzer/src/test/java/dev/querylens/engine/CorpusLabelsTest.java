package dev.querylens.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public corpus as a labelled regression set: each project's EXPECTED.labels lists every
 * finding QueryLens gives on its migrations, each reviewed as a real problem (true) or a false
 * alarm (false). A finding nobody reviewed fails the test, so a change in judgement is looked at;
 * a true label no longer found is a lost finding. Prints precision and recall per rule, and holds
 * every rule with five or more labelled findings to 95% precision, duplicate-index to 100%.
 */
class CorpusLabelsTest {
    private static final Path CORPUS = Path.of("src/test/resources/corpus/schemas");

    @Test
    void everyFindingOnThePublicCorpusIsReviewedAndPrecise() throws Exception {
        Map<String, int[]> perRule = new TreeMap<>(); // true positives, false positives, true labels not found
        List<String> unreviewed = new ArrayList<>();
        List<Path> projects;
        try (Stream<Path> dirs = Files.list(CORPUS)) {
            projects = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(projects.size() >= 12, "the corpus has its projects: " + projects.size());
        RuleCatalog rules = RuleCatalog.load();
        for (Path project : projects) {
            Map<String, Boolean> labels = new TreeMap<>();
            for (String line : Files.readAllLines(project.resolve("EXPECTED.labels"))) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] parts = line.split("\t", 2);
                    labels.put(parts[1], Boolean.parseBoolean(parts[0]));
                }
            }
            Report report = new Analysis(rules, "test", m -> { }).run(new AnalysisRequest(List.of(project), List.of(), null, null));
            TreeSet<String> actual = new TreeSet<>();
            report.findings().forEach(f -> actual.add(CorpusPrecisionRecallTest.label(f)));
            for (String found : actual) {
                Boolean verdict = labels.get(found);
                if (verdict == null) {
                    unreviewed.add(project.getFileName() + ": " + found);
                } else {
                    perRule.computeIfAbsent(rule(found), k -> new int[3])[verdict ? 0 : 1]++;
                }
            }
            labels.forEach((label, verdict) -> {
                if (verdict && !actual.contains(label)) {
                    perRule.computeIfAbsent(rule(label), k -> new int[3])[2]++;
                }
            });
        }
        StringBuilder table = new StringBuilder("\nPublic corpus (" + projects.size() + " projects): precision and recall per rule\n");
        table.append(String.format(Locale.ROOT, "%-26s %4s %4s %4s %10s %8s%n", "rule", "tp", "fp", "fn", "precision", "recall"));
        perRule.forEach((rule, c) -> table.append(String.format(Locale.ROOT, "%-26s %4d %4d %4d %9.1f%% %7.1f%%%n",
                rule, c[0], c[1], c[2], pct(c[0], c[0] + c[1]), pct(c[0], c[0] + c[2]))));
        System.out.println(table);

        assertEquals(List.of(), unreviewed, "findings not in any EXPECTED.labels: review them and add a verdict");
        perRule.forEach((rule, c) -> {
            assertEquals(0, c[2], rule + " lost findings labelled true");
            if (c[0] + c[1] >= 5) {
                assertTrue(pct(c[0], c[0] + c[1]) >= 95.0, rule + " precision " + pct(c[0], c[0] + c[1]) + "%");
            }
        });
        assertEquals(0, perRule.getOrDefault("duplicate-index", new int[3])[1], "a duplicate-index finding that is not a duplicate");
    }

    private static String rule(String label) {
        return label.substring(0, label.indexOf('\t'));
    }

    private static double pct(int part, int whole) {
        return whole == 0 ? 100.0 : 100.0 * part / whole;
    }
}
