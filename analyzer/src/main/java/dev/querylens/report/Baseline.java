package dev.querylens.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.querylens.engine.Finding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Findings a team has accepted: the CI gate fails only on findings not in it. Entries are keyed
 * by {@link FindingKey}, so they survive code moving between files and lines.
 */
public record Baseline(Map<String, Entry> entries) {
    public static final int VERSION = 1;

    /** One accepted finding: its key, and rule and subject for a human reading the file. */
    public record Entry(String key, String rule, String subject) {
    }

    /** How the current findings relate to the baseline. */
    public record Comparison(List<Finding> fresh, List<Finding> baselined, List<Entry> fixed) {
    }

    public static Baseline of(List<Finding> findings) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Finding f : findings) {
            String key = FindingKey.of(f);
            entries.putIfAbsent(key, new Entry(key, f.rule(), FindingKey.subject(f)));
        }
        return new Baseline(entries);
    }

    public static Baseline read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root == null || root.path("version").asInt(-1) != VERSION || !root.path("findings").isArray()) {
            throw new IOException(file + " is not a QueryLens baseline (version " + VERSION + ")");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (JsonNode n : root.get("findings")) {
            String key = n.path("key").asText();
            entries.put(key, new Entry(key, n.path("rule").asText(), n.path("subject").asText()));
        }
        return new Baseline(entries);
    }

    public void write(Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("version", VERSION);
        root.put("tool", "querylens");
        ArrayNode list = root.putArray("findings");
        entries.values().stream()
                .sorted(java.util.Comparator.comparing(Entry::rule).thenComparing(Entry::subject))
                .forEach(e -> list.addObject().put("key", e.key()).put("rule", e.rule()).put("subject", e.subject()));
        // a truncated baseline would read as an error or, worse, as fewer accepted findings
        AtomicFile.write(file, w -> mapper.writeValue(w, root));
    }

    public Comparison compare(List<Finding> findings) {
        List<Finding> fresh = new ArrayList<>();
        List<Finding> baselined = new ArrayList<>();
        for (Finding f : findings) {
            (entries.containsKey(FindingKey.of(f)) ? baselined : fresh).add(f);
        }
        Set<String> seen = findings.stream().map(FindingKey::of).collect(Collectors.toSet());
        List<Entry> fixed = entries.values().stream().filter(e -> !seen.contains(e.key())).toList();
        return new Comparison(fresh, baselined, fixed);
    }
}
