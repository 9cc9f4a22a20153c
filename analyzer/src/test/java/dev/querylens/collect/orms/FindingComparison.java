package dev.querylens.collect.orms;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * (b) QueryLens's findings of the exact rules against the expected loops: each expected loop found
 * once, with its parent, its runs, its executions, its loop body, and, where the input carries
 * them, the application's name, the request's route and file:line and (where the ORM is known
 * from its own log) a fix in the ORM's API; no other finding of those
 * rules. Reads the evidence by the names the rules use today ("executions"/"statements",
 * "episodes", "maxRepetitions"/"longestRun", "parentQuery", "loopBody") and, when a rule lists
 * its runs ("runs": sizes, or objects with a size), by those.
 */
final class FindingComparison {
    private final OrmGroundTruth truth;
    private final boolean carriesApplication;
    private final boolean ormKnown;

    /**
     * @param carriesApplication the input holds application_name (csvlog, jsonlog, a prefix with %a)
     * @param ormKnown the input is or holds the ORM's own log, so the ORM is known for certain
     */
    FindingComparison(OrmGroundTruth truth, boolean carriesApplication, boolean ormKnown) {
        this.truth = truth;
        this.carriesApplication = carriesApplication;
        this.ormKnown = ormKnown;
    }

    List<String> compare(JsonNode report) {
        List<JsonNode> judged = new ArrayList<>();
        report.path("findings").forEach(f -> {
            if (truth.exactRules().contains(f.path("rule").asText())) {
                judged.add(f);
            }
        });
        List<String> out = new ArrayList<>();
        List<JsonNode> matched = new ArrayList<>();
        for (OrmGroundTruth.Loop loop : truth.findings()) {
            List<JsonNode> found = judged.stream()
                    .filter(f -> f.path("rule").asText().equals(loop.rule()) && loop.matches(f.path("sql").asText())).toList();
            matched.addAll(found);
            String name = loop.rule() + " '" + loop.pattern().replaceAll(" \\(.*", "") + "'";
            if (found.isEmpty()) {
                out.add("missing " + name + " (" + loop.runs() + " on " + String.join(" ", loop.child()) + ")");
                continue;
            }
            if (found.size() > 1) {
                out.add(name + " found " + found.size() + " times, expected once");
            }
            found.forEach(f -> details(loop, f, name, out));
        }
        for (JsonNode f : judged) {
            if (!matched.contains(f)) {
                String silent = truth.silentPatternOf(f.path("sql").asText());
                out.add("unexpected " + f.path("rule").asText() + " on " + OrmSamplesTest.shorten(f.path("sql").asText())
                        + (silent == null ? "" : " [must stay silent: " + silent.replaceAll("[.:] .*", "") + "]")
                        + " evidence " + brief(f.path("evidence")));
            }
        }
        return out;
    }

    private void details(OrmGroundTruth.Loop loop, JsonNode f, String name, List<String> out) {
        JsonNode ev = f.path("evidence");
        List<String> wrong = new ArrayList<>();
        long executions = ev.has("executions") ? ev.get("executions").asLong() : ev.path("statements").asLong(-1);
        if (executions != loop.executions()) {
            wrong.add("executions " + executions + ", expected " + loop.executions());
        }
        List<Integer> runs = runSizes(ev);
        List<Integer> expectedRuns = expectedRuns(loop, ev);
        if (runs != null) {
            if (!runs.equals(expectedRuns)) {
                wrong.add("runs " + runs + ", expected " + expectedRuns);
            }
        } else {
            int episodes = ev.path("episodes").asInt(-1);
            int longest = ev.has("maxRepetitions") ? ev.get("maxRepetitions").asInt() : ev.path("longestRun").asInt(-1);
            int expectedLongest = expectedRuns.stream().mapToInt(Integer::intValue).max().orElse(0);
            if (episodes != expectedRuns.size() || longest != expectedLongest) {
                wrong.add(episodes + " runs, longest " + longest + ", expected " + expectedRuns.size() + " runs " + expectedRuns);
            }
        }
        if (!loop.parent().isEmpty()) {
            String parent = ev.path("parentQuery").asText(null);
            if (parent == null) {
                wrong.add("no parent named, expected one with " + String.join(" ", loop.parent()));
            } else if (!FoldedSql.of(parent).matches(loop.parent(), loop.parentNot())) {
                wrong.add("parent " + OrmSamplesTest.shorten(parent) + ", expected one with " + String.join(" ", loop.parent()));
            }
        }
        if (!loop.body().isEmpty()) {
            JsonNode body = ev.path("loopBody");
            StringBuilder text = new StringBuilder();
            if (body.isArray()) {
                body.forEach(b -> text.append(b.isTextual() ? b.asText() : b.toString()).append(' '));
            } else {
                text.append(body.asText(""));
            }
            FoldedSql folded = FoldedSql.of(text.toString());
            for (String part : loop.body()) {
                if (!folded.containsAny(List.of(part))) {
                    wrong.add("loop body " + (text.length() == 0 ? "not given" : OrmSamplesTest.shorten(text.toString()))
                            + ", expected it to hold " + part);
                }
            }
        }
        String all = f.toString();
        if (carriesApplication && !all.contains(truth.applicationName())) {
            wrong.add("does not name the application " + truth.applicationName());
        }
        if (truth.requestTags() && loop.route() != null && !all.contains(loop.route())) {
            wrong.add("does not name the route " + loop.route());
        }
        if (truth.requestTags() && loop.file() != null && !all.contains(loop.file())) {
            wrong.add("does not name the call site " + loop.file());
        }
        String fix = f.path("fix").asText("");
        if (ormKnown && !loop.fixMentions().isEmpty() && loop.fixMentions().stream().noneMatch(fix::contains)) {
            wrong.add("the fix does not name the ORM's API (any of " + loop.fixMentions() + "): " + OrmSamplesTest.shorten(fix));
        }
        if (!wrong.isEmpty()) {
            out.add(name + ": " + String.join("; ", wrong));
        }
    }

    /**
     * The runs this input can show. Runs split only by a pause are one run where the finding's
     * evidence says its timing came from statement order without millisecond timestamps (a %t
     * prefix, an ORM log without times): a whole-second clock cannot show a 300 ms pause. Where
     * the log resolves milliseconds, or the evidence does not say, the split is still required.
     */
    static List<Integer> expectedRuns(OrmGroundTruth.Loop loop, JsonNode ev) {
        String timing = ev.path("timing").asText("");
        boolean orderOnly = timing.startsWith("statement order") && !timing.contains("millisecond timestamps");
        if (loop.splitOnlyByPause() && orderOnly && loop.runs().size() > 1) {
            return List.of(loop.runs().stream().mapToInt(Integer::intValue).sum());
        }
        return loop.runs();
    }

    /** The sizes of the runs when the finding lists them, else null. */
    private static List<Integer> runSizes(JsonNode ev) {
        JsonNode runs = ev.get("runs");
        if (runs == null || !runs.isArray()) {
            return null;
        }
        List<Integer> sizes = new ArrayList<>();
        for (JsonNode r : runs) {
            if (r.isNumber()) {
                sizes.add(r.asInt());
            } else {
                for (String key : List.of("size", "iterations", "statements", "executions", "count")) {
                    if (r.has(key)) {
                        sizes.add(r.get(key).asInt());
                        break;
                    }
                }
            }
        }
        return sizes;
    }

    private static String brief(JsonNode ev) {
        List<String> parts = new ArrayList<>();
        for (String key : List.of("executions", "statements", "episodes", "maxRepetitions", "longestRun", "runs")) {
            if (ev.has(key)) {
                parts.add(key + "=" + ev.get(key));
            }
        }
        if (ev.has("parentQuery")) {
            parts.add("parent=" + OrmSamplesTest.shorten(ev.get("parentQuery").asText()));
        }
        return "{" + String.join(", ", parts) + "}";
    }
}
