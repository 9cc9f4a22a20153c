package dev.querylens.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.querylens.Samples;
import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.report.Report;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall of the whole catalog on the labelled capture of the sample workload
 * (corpus/taskboard.labels). Prints a per-rule table into the test output; both must stay 100%.
 */
class CorpusPrecisionRecallTest {
    @Test
    void everyLabelledFindingAndNothingElse() throws IOException {
        Set<String> expected;
        try (InputStream in = getClass().getResourceAsStream("/corpus/taskboard.labels")) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Report report = new Analysis(RuleCatalog.load(), "test", m -> { })
                .run(new AnalysisRequest(List.of(Samples.TASKBOARD), List.of(), null, null));
        Set<String> actual = report.findings().stream().map(CorpusPrecisionRecallTest::label)
                .collect(Collectors.toCollection(TreeSet::new));

        Set<String> truePositives = new HashSet<>(actual);
        truePositives.retainAll(expected);
        Set<String> falsePositives = new TreeSet<>(actual);
        falsePositives.removeAll(expected);
        Set<String> falseNegatives = new TreeSet<>(expected);
        falseNegatives.removeAll(actual);

        TreeMap<String, int[]> perRule = new TreeMap<>(); // tp, fp, fn
        truePositives.forEach(l -> perRule.computeIfAbsent(rule(l), k -> new int[3])[0]++);
        falsePositives.forEach(l -> perRule.computeIfAbsent(rule(l), k -> new int[3])[1]++);
        falseNegatives.forEach(l -> perRule.computeIfAbsent(rule(l), k -> new int[3])[2]++);
        StringBuilder table = new StringBuilder("\nCorpus samples/taskboard: precision and recall per rule\n");
        table.append(String.format(Locale.ROOT, "%-26s %4s %4s %4s %10s %8s%n", "rule", "tp", "fp", "fn", "precision", "recall"));
        perRule.forEach((rule, c) -> table.append(String.format(Locale.ROOT, "%-26s %4d %4d %4d %9.1f%% %7.1f%%%n",
                rule, c[0], c[1], c[2], pct(c[0], c[0] + c[1]), pct(c[0], c[0] + c[2]))));
        table.append(String.format(Locale.ROOT, "%-26s %4d %4d %4d %9.1f%% %7.1f%%%n", "ALL", truePositives.size(),
                falsePositives.size(), falseNegatives.size(),
                pct(truePositives.size(), actual.size()), pct(truePositives.size(), expected.size())));
        System.out.println(table);

        assertEquals(Set.of(), falsePositives, "false positives");
        assertEquals(Set.of(), falseNegatives, "false negatives");
    }

    private static double pct(int part, int whole) {
        return whole == 0 ? 100.0 : 100.0 * part / whole;
    }

    private static String rule(String label) {
        return label.substring(0, label.indexOf('\t'));
    }

    static String label(Finding f) {
        String subject;
        if (f.rule().startsWith("plan-")) {
            String file = f.locations().isEmpty() ? "" : f.locations().get(0).file();
            subject = f.table() + " @ " + file.substring(file.lastIndexOf('/') + 1);
        } else if (f.sql() != null) {
            subject = f.sql();
        } else {
            subject = f.table() + "(" + String.join(", ", f.columns()) + ")";
        }
        return f.rule() + "\t" + subject;
    }
}
