package dev.querylens.collect.orms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One sample application's EXPECTED.yaml (samples/orms/<app>/EXPECTED.yaml): the loops its code
 * runs, the patterns that must stay silent, and what its ORM's own log leaves out. Written from
 * the application, never from QueryLens's output. {@code ormKnownFromSql}: the ORM's SQL has a
 * shape of its own (Hibernate's a1_0 aliases), so every input, not only its own log, must give
 * the fix in the ORM's API. {@code pgssMiscounts}: whole statements whose calls pg_stat_statements
 * itself gets wrong (the server's own logs show more), left out of the count comparison; the
 * EXPECTED file says why.
 */
record OrmGroundTruth(String app, String applicationName, List<String> exactRules, List<Loop> findings,
        List<Silent> silent, List<String> ormLogOmits, boolean requestTags, boolean ormKnownFromSql,
        List<String> pgssMiscounts) {

    /**
     * A finding the application's code must produce, once. {@code splitOnlyByPause}: its runs are
     * told apart only by a pause (no other statement between them), which only a log whose
     * timestamps resolve milliseconds can show.
     */
    record Loop(String pattern, String rule, List<String> child, List<String> childNot, List<String> parent,
            List<String> parentNot, List<String> body, List<Integer> runs, int executions, String route, String file,
            List<String> fixMentions, boolean splitOnlyByPause) {
        boolean matches(String sql) {
            return FoldedSql.of(sql).matches(child, childNot);
        }
    }

    /** A pattern of the application that must give none of the exact rules' findings. */
    record Silent(String pattern, List<String> sql) {
    }

    static OrmGroundTruth read(Path file) throws IOException {
        JsonNode y = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        List<Loop> loops = new ArrayList<>();
        y.get("findings").forEach(f -> loops.add(new Loop(f.get("pattern").asText(), f.get("rule").asText(), strings(f, "child"),
                strings(f, "child_not"), strings(f, "parent"), strings(f, "parent_not"), strings(f, "body"), ints(f, "runs"),
                f.get("executions").asInt(), text(f, "route"), text(f, "file"), strings(f, "fix_mentions"),
                f.path("split_only_by_pause").asBoolean(false))));
        List<Silent> silent = new ArrayList<>();
        y.get("silent").forEach(s -> silent.add(new Silent(s.get("pattern").asText(), strings(s, "sql"))));
        return new OrmGroundTruth(y.get("app").asText(), y.get("application_name").asText(), strings(y, "exact_rules"), loops,
                silent, strings(y, "orm_log_omits"), y.path("request_tags").asBoolean(false),
                y.path("orm_known_from_sql").asBoolean(false), strings(y, "pgss_miscounts"));
    }

    /** The silent pattern a statement belongs to, for naming it in a mismatch. */
    String silentPatternOf(String sql) {
        FoldedSql folded = FoldedSql.of(sql);
        return silent.stream().filter(s -> folded.containsAny(s.sql())).map(Silent::pattern).findFirst().orElse(null);
    }

    private static List<String> strings(JsonNode n, String key) {
        List<String> out = new ArrayList<>();
        n.path(key).forEach(v -> out.add(v.asText()));
        return List.copyOf(out);
    }

    private static List<Integer> ints(JsonNode n, String key) {
        List<Integer> out = new ArrayList<>();
        n.path(key).forEach(v -> out.add(v.asInt()));
        return List.copyOf(out);
    }

    private static String text(JsonNode n, String key) {
        return n.hasNonNull(key) ? n.get(key).asText() : null;
    }
}
