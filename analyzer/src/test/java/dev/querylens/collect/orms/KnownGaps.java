package dev.querylens.collect.orms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The reviewed list of what QueryLens still gets wrong on a sample application
 * (samples/orms/&lt;app&gt;/KNOWN-GAPS.yaml): per gap, the inputs ("run/input") it occurs on, the
 * fragments of the mismatch lines it shows as (each must occur on each input), why, and the issue item. A ratchet: a mismatch no gap names fails
 * the test, and so does a gap that no longer occurs on one of its inputs, so the list only shrinks.
 */
record KnownGaps(List<Gap> gaps) {
    record Gap(List<String> inputs, List<String> mismatches, String why, String item) {
        boolean covers(String input, String line) {
            return inputs.contains(input) && mismatches.stream().anyMatch(line::contains);
        }
    }

    static KnownGaps read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new KnownGaps(List.of());
        }
        JsonNode y = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        List<Gap> gaps = new ArrayList<>();
        y.path("gaps").forEach(g -> {
            List<String> inputs = new ArrayList<>();
            g.path("inputs").forEach(i -> inputs.add(i.asText()));
            List<String> fragments = new ArrayList<>();
            g.path("mismatches").forEach(i -> fragments.add(i.asText()));
            gaps.add(new Gap(List.copyOf(inputs), List.copyOf(fragments), g.path("why").asText(), g.path("item").asText()));
        });
        return new KnownGaps(List.copyOf(gaps));
    }

    /** A mismatch line: the input it occurred on ("run/input") and its text. */
    record Mismatch(String input, String line) {
    }

    /** What is left once the listed gaps are taken out: unlisted mismatches, and listed gaps that did not occur. */
    List<String> unexpected(List<Mismatch> mismatches) {
        List<String> out = new ArrayList<>();
        for (Mismatch m : mismatches) {
            if (gaps.stream().noneMatch(g -> g.covers(m.input(), m.line()))) {
                out.add("[" + m.input() + "] " + m.line());
            }
        }
        for (Gap g : gaps) {
            if (g.inputs().isEmpty() || g.mismatches().isEmpty() || g.why().isBlank() || g.item().isBlank()) {
                out.add("KNOWN-GAPS.yaml: a gap needs inputs, mismatches, why and item: " + g);
            }
            for (String input : g.inputs()) {
                for (String fragment : g.mismatches()) {
                    if (mismatches.stream().noneMatch(m -> m.input().equals(input) && m.line().contains(fragment))) {
                        out.add("KNOWN-GAPS.yaml lists '" + fragment + "' on " + input + " but it no longer occurs: take it off the list");
                    }
                }
            }
        }
        return out;
    }
}
