package dev.querylens.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.engine.RuleDefinition;
import dev.querylens.engine.RuleSettings;
import dev.querylens.engine.Severity;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A project's QueryLens settings, from {@code querylens.yaml} (or {@code .yml}/{@code .json}):
 * <pre>
 * rules:
 *   n-plus-one: { severity: error, parameters: { minRepeats: 3 } }
 *   select-star-large: { enabled: false }
 * ignore:
 *   paths: ["db/seeds/**"]
 *   tables: ["public.audit_log"]
 * </pre>
 * Unknown rule ids, parameters or severities are errors: a typo must not silently do nothing.
 */
public record ProjectConfig(Map<String, RuleSettings> rules, List<String> ignorePaths, List<String> ignoreTables, Path source) {
    public static final List<String> DEFAULT_NAMES = List.of("querylens.yaml", "querylens.yml", "querylens.json");

    public ProjectConfig {
        rules = Map.copyOf(rules);
        ignorePaths = List.copyOf(ignorePaths);
        ignoreTables = ignoreTables.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
    }

    public static ProjectConfig none() {
        return new ProjectConfig(Map.of(), List.of(), List.of(), null);
    }

    /** The config named on the command line, else one of the default names in {@code directory}, else none. */
    public static ProjectConfig locate(Path explicit, Path directory, RuleCatalog catalog) throws InvalidConfig {
        if (explicit != null) {
            return read(explicit, catalog);
        }
        Optional<Path> found = DEFAULT_NAMES.stream().map(directory::resolve).filter(Files::isRegularFile).findFirst();
        return found.isPresent() ? read(found.get(), catalog) : none();
    }

    public static ProjectConfig read(Path file, RuleCatalog catalog) throws InvalidConfig {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidConfig(file + ": cannot read configuration: " + firstLine(e.getMessage()));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new ProjectConfig(Map.of(), List.of(), List.of(), file);
        }
        Map<String, RuleSettings> rules = new LinkedHashMap<>();
        JsonNode ruleNodes = root.path("rules");
        var names = ruleNodes.fieldNames();
        while (names.hasNext()) {
            String id = names.next();
            RuleDefinition def = catalog.find(id).map(RuleCatalog.Entry::definition)
                    .orElseThrow(() -> new InvalidConfig(file + ": unknown rule '" + id + "' ('querylens rules' lists them)"));
            JsonNode n = ruleNodes.get(id);
            boolean enabled = !n.has("enabled") || n.get("enabled").asBoolean(true);
            Severity severity = null;
            if (n.hasNonNull("severity")) {
                try {
                    severity = Severity.parse(n.get("severity").asText());
                } catch (IllegalArgumentException e) {
                    throw new InvalidConfig(file + ": rule " + id + ": severity must be error, warning or info");
                }
            }
            Map<String, Object> params = new LinkedHashMap<>();
            var p = n.path("parameters").fields();
            while (p.hasNext()) {
                var entry = p.next();
                if (!def.parameters().containsKey(entry.getKey())) {
                    throw new InvalidConfig(file + ": rule " + id + " has no parameter '" + entry.getKey() + "' (it has "
                            + (def.parameters().isEmpty() ? "none" : String.join(", ", def.parameters().keySet())) + ")");
                }
                params.put(entry.getKey(), entry.getValue().isNumber() ? entry.getValue().numberValue() : entry.getValue().asText());
            }
            rules.put(id, new RuleSettings(enabled, severity, params));
        }
        return new ProjectConfig(rules, strings(root.path("ignore").path("paths")), strings(root.path("ignore").path("tables")), file);
    }

    /** Whether a file is excluded by {@code ignore.paths} (globs, matched against the path as given and its file name). */
    public boolean ignoresPath(Path p) {
        for (String glob : ignorePaths) {
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            Path normal = p.normalize();
            if (m.matches(normal) || (normal.getFileName() != null && m.matches(normal.getFileName()))) {
                return true;
            }
        }
        return false;
    }

    /** Whether findings about this table are excluded by {@code ignore.tables} (qualified or bare names). */
    public boolean ignoresTable(String table) {
        if (table == null) {
            return false;
        }
        String t = table.toLowerCase(Locale.ROOT);
        String qualified = t.contains(".") ? t : "public." + t;
        String bare = qualified.substring(qualified.indexOf('.') + 1);
        return ignoreTables.stream().anyMatch(x -> x.contains(".") ? x.equals(qualified) : x.equals(bare));
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /** A configuration file that cannot be used; the CLI reports it in one line and exits 2. */
    public static final class InvalidConfig extends Exception {
        public InvalidConfig(String message) {
            super(message);
        }
    }
}
