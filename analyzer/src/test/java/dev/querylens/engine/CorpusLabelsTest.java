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
                    // verdict, rule, subject[, reason]: a migration label's fourth field is the reviewer's reason
                    String[] parts = line.split("\t");
                    String subject = String.join("\t", java.util.Arrays.copyOfRange(parts, 1, migrationLabel(parts) ? 4 : parts.length));
                    labels.put(subject, Boolean.parseBoolean(parts[0]));
                }
            }
            Report report = new Analysis(rules, "test", m -> { }).run(new AnalysisRequest(List.of(project), List.of(), null, null));
            TreeSet<String> actual = new TreeSet<>();
            report.findings().forEach(f -> actual.add(label(f, rules, project)));
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

    /**
     * A migration finding is about one statement of one file: labelled by where it is (file:line
     * below the project, then the table), so a reviewer reads the statement there; other findings
     * as the taskboard labels them.
     */
    static String label(dev.querylens.engine.Finding f, RuleCatalog rules, Path project) {
        boolean migration = rules.find(f.rule()).map(e -> "migration".equals(e.definition().kind())).orElse(false);
        if (!migration || f.locations().isEmpty()) {
            return CorpusPrecisionRecallTest.label(f);
        }
        var at = f.locations().get(0);
        String file = project.toAbsolutePath().normalize().relativize(Path.of(at.file()).toAbsolutePath().normalize()).toString();
        return f.rule() + "\t" + file + ":" + at.line() + "\t" + f.table() + "(" + String.join(", ", f.columns()) + ")";
    }

    private static String rule(String label) {
        return label.substring(0, label.indexOf('\t'));
    }

    /** A migration label: verdict, rule, file:line, table(columns), then the reason. */
    private static boolean migrationLabel(String[] parts) {
        return parts.length >= 4 && parts[2].matches(".+:[0-9]+");
    }

    private static double pct(int part, int whole) {
        return whole == 0 ? 100.0 : 100.0 * part / whole;
    }
}
