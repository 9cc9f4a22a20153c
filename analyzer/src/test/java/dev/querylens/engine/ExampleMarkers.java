package dev.querylens.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The expectations a rule example writes into its own input, as Error Prone's
 * {@code // BUG: Diagnostic contains:} and sonar-java's {@code // Noncompliant} do: a line
 * {@code -- expect: rule-id "substring"} says that one finding of {@code rule-id} points at the
 * statement on the next line that is neither blank nor a marker (several markers stacked above one
 * statement: that many findings there); written after a statement on its line, it means that
 * line. The substring (optional, in double quotes, which it may itself contain) must be in that
 * finding's message, fix or SQL. Several rule ids may share one marker, separated by commas.
 *
 * <p>Markers are taken out of the text before it is written where the rules read it, so the
 * same form works in SQL, in DDL and in server logs, whose lines a comment would otherwise
 * change; the lines they point at are lines of the text as written.
 */
record ExampleMarkers(String text, List<Expectation> expectations) {
    /** {@code line} is 1-based in {@link #text()}. */
    record Expectation(long line, List<String> rules, String contains) {
        boolean names(String rule) {
            return rules.contains(rule);
        }
    }

    private static final Pattern MARKER = Pattern.compile("--\\s*expect:\\s*([a-z0-9-]+(?:\\s*,\\s*[a-z0-9-]+)*)\\s*(\".*\")?\\s*$");

    static ExampleMarkers of(String input) {
        if (input == null) {
            return new ExampleMarkers(null, List.of());
        }
        List<String> kept = new ArrayList<>();
        List<Expectation> out = new ArrayList<>();
        List<Expectation> waiting = new ArrayList<>();
        String[] lines = input.split("\n", -1);
        for (String line : lines) {
            Matcher m = MARKER.matcher(line);
            if (!m.find()) {
                kept.add(line);
                if (!line.isBlank()) { // a marker points at the next statement line, past blank ones
                    long at = kept.size();
                    waiting.forEach(w -> out.add(new Expectation(at, w.rules(), w.contains())));
                    waiting.clear();
                }
                continue;
            }
            List<String> rules = List.of(m.group(1).split("\\s*,\\s*"));
            String contains = m.group(2) == null ? null : m.group(2).substring(1, m.group(2).length() - 1);
            String before = line.substring(0, m.start()).stripTrailing();
            if (before.isBlank()) {
                waiting.add(new Expectation(0, rules, contains));
            } else {
                kept.add(before);
                out.add(new Expectation(kept.size(), rules, contains));
            }
        }
        if (!waiting.isEmpty()) {
            throw new IllegalArgumentException("a marker at the end of the input points at no statement: " + waiting);
        }
        return new ExampleMarkers(String.join("\n", kept), List.copyOf(out));
    }

    List<Expectation> forRule(String rule) {
        return expectations.stream().filter(e -> e.names(rule)).toList();
    }
}
