package dev.querylens.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The rules on the classpath, each paired with its definition file. A rule without a definition,
 * or a definition that does not read, is a build error: it fails here, at load, with the file named.
 */
public final class RuleCatalog {
    private final List<Entry> entries;
    /** Every rule id on the classpath, also those a filtered catalog leaves out: a suppression naming one is no typo. */
    private final java.util.Set<String> known;

    /** A rule and its definition. */
    public record Entry(Rule rule, RuleDefinition definition) {
    }

    private RuleCatalog(List<Entry> entries, java.util.Set<String> known) {
        this.entries = List.copyOf(entries);
        this.known = java.util.Set.copyOf(known);
    }

    private RuleCatalog(List<Entry> entries) {
        this(entries, entries.stream().map(e -> e.definition().id()).collect(java.util.stream.Collectors.toSet()));
    }

    /** The ids of every rule on the classpath, including those this catalog was filtered to leave out. */
    public java.util.Set<String> knownIds() {
        return known;
    }

    /**
     * The rules on the classpath with their definitions. The build compiles the YAML definitions
     * into one JSON file ({@link CompiledRuleDefinitions}): reading it takes a fraction of what the
     * YAML parser and its classes cost at start-up, which every run pays. A definition the compiled
     * file lacks (a build that did not write it, as an IDE's may not) is read from its YAML file.
     */
    public static RuleCatalog load() {
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> compiled = CompiledRuleDefinitions.read(json, RuleCatalog.class.getClassLoader());
        ObjectMapper yaml = null;
        List<Entry> entries = new ArrayList<>();
        for (Rule rule : ServiceLoader.load(Rule.class, RuleCatalog.class.getClassLoader())) {
            JsonNode tree = compiled.get(rule.id());
            if (tree == null) {
                yaml = yaml == null ? yamlMapper() : yaml;
                tree = tree(rule.id(), yaml);
            }
            entries.add(new Entry(rule, definition(rule.id(), tree, json)));
        }
        entries.sort(Comparator.comparing(e -> e.definition().id()));
        return new RuleCatalog(entries);
    }

    /** Every rule's definition read from its YAML file, never from the compiled one: what the build compiles, and what a test compares against. */
    static RuleCatalog loadFromYaml() {
        ObjectMapper yaml = yamlMapper();
        List<Entry> entries = new ArrayList<>();
        for (Rule rule : ServiceLoader.load(Rule.class, RuleCatalog.class.getClassLoader())) {
            entries.add(new Entry(rule, definition(rule.id(), tree(rule.id(), yaml), yaml)));
        }
        entries.sort(Comparator.comparing(e -> e.definition().id()));
        return new RuleCatalog(entries);
    }

    static ObjectMapper yamlMapper() {
        return new ObjectMapper(new YAMLFactory());
    }

    static String resourceOf(String id) {
        return "querylens/rules/" + id + ".yaml";
    }

    /** A rule's YAML definition as a tree, or an error naming the file. */
    static JsonNode tree(String id, ObjectMapper yaml) {
        String resource = resourceOf(id);
        try (InputStream in = RuleCatalog.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("rule " + id + " has no definition file " + resource);
            }
            return yaml.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    /** Only the rules of one kind (as their definitions declare it): {@code querylens migrations} runs the migration rules alone. */
    public RuleCatalog only(String kind) {
        return new RuleCatalog(entries.stream().filter(e -> e.definition().kind().equals(kind)).toList(), known);
    }

    public List<Entry> entries() {
        return entries;
    }

    public java.util.Optional<Entry> find(String id) {
        return entries.stream().filter(e -> e.definition().id().equals(id)).findFirst();
    }

    /** The definition a rule's tree (from its YAML file or the compiled file) says; {@code yaml} converts values. */
    static RuleDefinition definition(String id, JsonNode n, ObjectMapper yaml) {
        String resource = resourceOf(id);
        try {
            Map<String, RuleDefinition.Parameter> parameters = new LinkedHashMap<>();
            JsonNode params = n.path("parameters");
            params.fieldNames().forEachRemaining(name -> {
                JsonNode p = params.get(name);
                Object value = yaml.convertValue(p.get("default"), Object.class);
                parameters.put(name, new RuleDefinition.Parameter(value, p.path("description").asText("")));
            });
            List<RuleDefinition.Example> examples = new ArrayList<>();
            for (JsonNode x : n.path("examples")) {
                String planFile = text(x, "planFile");
                String logFile = text(x, "logFile");
                examples.add(new RuleDefinition.Example(x.path("name").asText(), x.path("fires").asInt(0),
                        text(x, "schema"), text(x, "sql"), logFile == null ? text(x, "log") : resource("querylens/rules/" + logFile),
                        planFile == null ? null : resource("querylens/rules/" + planFile), text(x, "contains"),
                        text(x, "sqlFile"), text(x, "schemaFile"), text(x, "config"), rowEstimates(x.path("rowEstimates")),
                        files(x.path("files")), x.path("trace").asBoolean(false), activity(x.path("activity")),
                        health(yaml, x.path("health"))));
            }
            String declared = n.path("id").asText();
            if (!id.equals(declared)) {
                throw new IllegalStateException(resource + " declares id '" + declared + "'");
            }
            return new RuleDefinition(id, n.path("title").asText(), Severity.parse(n.path("severity").asText("warning")),
                    n.path("category").asText(), n.path("kind").asText(), n.path("rationale").asText(),
                    n.path("fix").asText(), n.path("source").asText(), parameters, examples);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = RuleCatalog.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("missing example file " + path);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static Map<String, Long> rowEstimates(JsonNode n) {
        Map<String, Long> rows = new LinkedHashMap<>();
        n.fieldNames().forEachRemaining(table -> rows.put(table, n.get(table).asLong()));
        return rows;
    }

    /** An example's further input files, path to text, in the order written (a migration history). */
    private static Map<String, String> files(JsonNode n) {
        Map<String, String> files = new LinkedHashMap<>();
        n.fieldNames().forEachRemaining(path -> files.put(path, n.get(path).asText()));
        return files;
    }

    /** An example's stand-in for a live pg_stat_activity: limits, client backends by state, the oldest idle transaction's age. */
    private static dev.querylens.database.BackendActivity activity(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        Map<String, Long> byState = new LinkedHashMap<>();
        JsonNode states = n.path("byState");
        states.fieldNames().forEachRemaining(state -> byState.put(state, states.get(state).asLong()));
        return new dev.querylens.database.BackendActivity(n.path("maxConnections").asInt(100), n.path("reservedConnections").asInt(3),
                byState, n.path("oldestIdleInTransactionSeconds").asDouble(0));
    }

    /** An example's stand-in for a live database's health, written as the record's fields (absent ones are zero, false, empty). */
    private static dev.querylens.database.LiveHealth health(ObjectMapper yaml, JsonNode n) throws IOException {
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        return yaml.readerFor(dev.querylens.database.LiveHealth.class)
                .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(n);
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }
}
