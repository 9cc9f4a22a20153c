package dev.querylens.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.querylens.collect.DescribedLogFormat;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.engine.RuleDefinition;
import dev.querylens.engine.RuleSettings;
import dev.querylens.engine.Severity;
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
 * roundTripMs: 20   # what one query's round trip costs the application, for every rule that counts round trips
 * allowFunctions: ["public.normalize_email", "extension:postgis"]
 * logFormats:          # an application's SQL log QueryLens has no reader for (see DescribedLogFormat)
 *   - name: myapp
 *     pattern: '^(?&lt;time&gt;\S+) SQL (?&lt;duration&gt;[\d.]+)ms (?&lt;sql&gt;.*?)(?: -- (?&lt;params&gt;\[.*\]))?$'
 * </pre>
 * {@code allowFunctions} lists the functions a workload statement may call for it to be planned on
 * a database ({@code dev.querylens.database.AllowedFunctions}; built-in ones need no entry).
 * Unknown keys at any level (rule ids, parameters, {@code rule:} for {@code rules:}), values of the
 * wrong type and YAML syntax errors are errors with file, line and column: a typo must not silently do nothing.
 */
public record ProjectConfig(Map<String, RuleSettings> rules, List<String> ignorePaths, List<String> ignoreTables, Path source,
                            Boolean supabase, List<String> allowFunctions, List<DescribedLogFormat> logFormats) {
    public ProjectConfig(Map<String, RuleSettings> rules, List<String> ignorePaths, List<String> ignoreTables, Path source) {
        this(rules, ignorePaths, ignoreTables, source, null);
    }

    public ProjectConfig(Map<String, RuleSettings> rules, List<String> ignorePaths, List<String> ignoreTables, Path source,
                         Boolean supabase) {
        this(rules, ignorePaths, ignoreTables, source, supabase, List.of());
    }

    public ProjectConfig(Map<String, RuleSettings> rules, List<String> ignorePaths, List<String> ignoreTables, Path source,
                         Boolean supabase, List<String> allowFunctions) {
        this(rules, ignorePaths, ignoreTables, source, supabase, allowFunctions, List.of());
    }

    public static final List<String> DEFAULT_NAMES = List.of("querylens.yaml", "querylens.yml", "querylens.json");

    public ProjectConfig {
        rules = Map.copyOf(rules);
        ignorePaths = List.copyOf(ignorePaths);
        ignoreTables = ignoreTables.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
        allowFunctions = List.copyOf(allowFunctions);
        logFormats = logFormats == null ? List.of() : List.copyOf(logFormats);
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

    private static final List<String> TOP_LEVEL = List.of("rules", "ignore", "supabase", "roundTripMs", "allowFunctions", "logFormats");
    private static final List<String> LOG_FORMAT_KEYS = List.of("name", "pattern", "durationUnit");
    /** The round trip one query costs the application, a parameter of every rule that counts round trips. */
    public static final String ROUND_TRIP = "roundTripMs";
    private static final List<String> RULE_KEYS = List.of("enabled", "severity", "parameters");
    private static final List<String> IGNORE_KEYS = List.of("paths", "tables");

    /**
     * Reads and checks a configuration file. Every mistake (a YAML syntax error, an unknown key at
     * any level, a value of the wrong type) is an {@link InvalidConfig} whose message starts with
     * {@code file:line:column:}.
     */
    public static ProjectConfig read(Path file, RuleCatalog catalog) throws InvalidConfig {
        ConfigDocument doc = ConfigDocument.read(file);
        JsonNode root = doc.root();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new ProjectConfig(Map.of(), List.of(), List.of(), file);
        }
        requireMapping(doc, "", root, "the configuration");
        knownKeys(doc, "", root, TOP_LEVEL, "");
        Map<String, RuleSettings> rules = new LinkedHashMap<>();
        JsonNode ruleNodes = root.path("rules");
        if (!ruleNodes.isMissingNode() && !ruleNodes.isNull()) {
            requireMapping(doc, "/rules", ruleNodes, "rules");
            for (var it = ruleNodes.fields(); it.hasNext(); ) {
                var rule = it.next();
                String id = rule.getKey();
                String at = ConfigDocument.pointer("/rules", id);
                RuleDefinition def = catalog.find(id).map(RuleCatalog.Entry::definition)
                        .orElseThrow(() -> doc.badKey(at, "unknown rule '" + id + "'" + didYouMean(id, ruleIds(catalog))
                                + " ('querylens rules' lists them)"));
                rules.put(id, ruleSettings(doc, at, id, rule.getValue(), def));
            }
        }
        List<String> paths = List.of();
        List<String> tables = List.of();
        JsonNode ignore = root.path("ignore");
        if (!ignore.isMissingNode() && !ignore.isNull()) {
            requireMapping(doc, "/ignore", ignore, "ignore");
            knownKeys(doc, "/ignore", ignore, IGNORE_KEYS, "ignore: ");
            paths = strings(doc, "/ignore/paths", ignore.path("paths"));
            tables = strings(doc, "/ignore/tables", ignore.path("tables"));
        }
        // supabase: true turns the Supabase-only rules on, false off, whatever the SQL shows; absent, the SQL decides
        Boolean supabase = null;
        if (root.has("supabase") && !root.get("supabase").isNull()) {
            if (!root.get("supabase").isBoolean()) {
                throw doc.badValue("/supabase", "supabase must be true or false, not " + shown(root.get("supabase")));
            }
            supabase = root.get("supabase").booleanValue();
        }
        if (root.has(ROUND_TRIP) && !root.get(ROUND_TRIP).isNull()) {
            JsonNode v = root.get(ROUND_TRIP);
            if (!v.isNumber() || v.doubleValue() < 0) {
                throw doc.badValue("/" + ROUND_TRIP, ROUND_TRIP + " must be a number of milliseconds, 0 or more, not " + shown(v));
            }
            rules = withRoundTrip(rules, catalog, v.doubleValue(), false);
        }
        List<String> allow = strings(doc, "/allowFunctions", root.path("allowFunctions"));
        try {
            dev.querylens.database.AllowedFunctions.of(allow);
        } catch (IllegalArgumentException e) {
            throw doc.badValue("/allowFunctions", "allowFunctions: " + e.getMessage());
        }
        return new ProjectConfig(rules, paths, tables, file, supabase, allow, logFormats(doc, root.path("logFormats")));
    }

    /**
     * {@code logFormats:}, a list of line formats of applications QueryLens has no reader for:
     * {@code - { name: myapp, pattern: '<regex with (?<sql>...) and optionally params, duration, time, session>', durationUnit: ms }}
     * (see {@link DescribedLogFormat}).
     */
    private static List<DescribedLogFormat> logFormats(ConfigDocument doc, JsonNode n) throws InvalidConfig {
        if (n.isMissingNode() || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw doc.badValue("/logFormats", "logFormats must be a list of {name, pattern, durationUnit} mappings, not " + shown(n));
        }
        List<DescribedLogFormat> formats = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            String at = "/logFormats/" + i;
            JsonNode f = n.get(i);
            requireMapping(doc, at, f, "logFormats entry " + (i + 1));
            knownKeys(doc, at, f, LOG_FORMAT_KEYS, "logFormats: ");
            for (String key : List.of("name", "pattern")) {
                if (!f.path(key).isTextual() || f.path(key).asText().isBlank()) {
                    throw doc.badValue(f.has(key) ? at + "/" + key : at, "logFormats entry " + (i + 1) + " needs a " + key
                            + (f.has(key) ? ", a string, not " + shown(f.get(key)) : ""));
                }
            }
            if (f.has("durationUnit") && !f.get("durationUnit").isTextual()) {
                throw doc.badValue(at + "/durationUnit", "logFormats: durationUnit must be ms, s or us, not " + shown(f.get("durationUnit")));
            }
            try {
                formats.add(DescribedLogFormat.of(f.get("name").asText(), f.get("pattern").asText(),
                        f.has("durationUnit") ? f.get("durationUnit").asText() : null));
            } catch (IllegalArgumentException e) {
                throw doc.badValue(at + (e.getMessage().startsWith("durationUnit") ? "/durationUnit" : "/pattern"),
                        "logFormats '" + f.get("name").asText() + "': " + e.getMessage());
            }
        }
        return formats;
    }

    /**
     * The same settings with the round trip set for every rule that has a {@value #ROUND_TRIP}
     * parameter: where a rule's own parameters set it, they win unless {@code override} (the command line).
     */
    public static Map<String, RuleSettings> withRoundTrip(Map<String, RuleSettings> rules, RuleCatalog catalog, double ms, boolean override) {
        Map<String, RuleSettings> out = new LinkedHashMap<>(rules);
        for (RuleCatalog.Entry e : catalog.entries()) {
            if (!e.definition().parameters().containsKey(ROUND_TRIP)) {
                continue;
            }
            RuleSettings s = out.getOrDefault(e.definition().id(), RuleSettings.DEFAULT);
            if (!override && s.parameters().containsKey(ROUND_TRIP)) {
                continue;
            }
            Map<String, Object> params = new LinkedHashMap<>(s.parameters());
            params.put(ROUND_TRIP, ms);
            out.put(e.definition().id(), new RuleSettings(s.enabled(), s.severity(), params));
        }
        return out;
    }

    /** These settings with the command line's round trip for every rule that counts round trips. */
    public ProjectConfig withRoundTrip(RuleCatalog catalog, double ms) {
        return new ProjectConfig(withRoundTrip(rules, catalog, ms, true), ignorePaths, ignoreTables, source, supabase);
    }

    private static RuleSettings ruleSettings(ConfigDocument doc, String at, String id, JsonNode n, RuleDefinition def)
            throws InvalidConfig {
        requireMapping(doc, at, n, "rule " + id);
        knownKeys(doc, at, n, RULE_KEYS, "rule " + id + ": ");
        boolean enabled = true;
        if (n.has("enabled")) {
            if (!n.get("enabled").isBoolean()) {
                throw doc.badValue(at + "/enabled", "rule " + id + ": enabled must be true or false, not " + shown(n.get("enabled")));
            }
            enabled = n.get("enabled").booleanValue();
        }
        Severity severity = null;
        if (n.hasNonNull("severity")) {
            try {
                severity = n.get("severity").isTextual() ? Severity.parse(n.get("severity").asText()) : null;
            } catch (IllegalArgumentException e) {
                severity = null;
            }
            if (severity == null) {
                throw doc.badValue(at + "/severity", "rule " + id + ": severity must be error, warning or info, not "
                        + shown(n.get("severity")));
            }
        }
        Map<String, Object> params = new LinkedHashMap<>();
        JsonNode paramNodes = n.path("parameters");
        if (!paramNodes.isMissingNode() && !paramNodes.isNull()) {
            requireMapping(doc, at + "/parameters", paramNodes, "rule " + id + ": parameters");
            for (var p = paramNodes.fields(); p.hasNext(); ) {
                var entry = p.next();
                String name = entry.getKey();
                String where = ConfigDocument.pointer(at + "/parameters", name);
                RuleDefinition.Parameter declared = def.parameters().get(name);
                if (declared == null) {
                    throw doc.badKey(where, "rule " + id + " has no parameter '" + name + "'" + didYouMean(name, def.parameters().keySet()) + " (it has "
                            + (def.parameters().isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(def.parameters().keySet()))) + ")");
                }
                params.put(name, parameter(doc, where, id, name, entry.getValue(), declared.defaultValue()));
            }
        }
        return new RuleSettings(enabled, severity, params);
    }

    /** A parameter's value, of the type its default has: a rule reading "lots" as a number would fail mid-run. */
    private static Object parameter(ConfigDocument doc, String where, String id, String name, JsonNode v, Object defaultValue)
            throws InvalidConfig {
        String what = "rule " + id + ": parameter " + name + " must be ";
        if (defaultValue instanceof Number) {
            if (!v.isNumber()) {
                throw doc.badValue(where, what + "a number (default " + defaultValue + "), not " + shown(v));
            }
            return v.numberValue();
        }
        if (defaultValue instanceof Boolean) {
            if (!v.isBoolean()) {
                throw doc.badValue(where, what + "true or false, not " + shown(v));
            }
            return v.booleanValue();
        }
        if (!v.isValueNode() || v.isNull()) {
            throw doc.badValue(where, what + "a single value, not " + shown(v));
        }
        return v.isNumber() ? v.numberValue() : v.asText();
    }

    private static void requireMapping(ConfigDocument doc, String at, JsonNode n, String what) throws InvalidConfig {
        if (!n.isObject()) {
            throw doc.badValue(at, what + " must be a mapping of keys to values, not " + shown(n));
        }
    }

    private static void knownKeys(ConfigDocument doc, String at, JsonNode n, List<String> known, String prefix) throws InvalidConfig {
        for (var it = n.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw doc.badKey(ConfigDocument.pointer(at, key), prefix + "unknown key '" + key + "'" + didYouMean(key, known)
                        + " (known: " + String.join(", ", known) + ")");
            }
        }
    }

    private static List<String> strings(ConfigDocument doc, String at, JsonNode n) throws InvalidConfig {
        if (n.isMissingNode() || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw doc.badValue(at, at.substring(1).replace('/', '.') + " must be a list, e.g. [\"a\", \"b\"], not " + shown(n));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode x = n.get(i);
            if (!x.isTextual()) {
                throw doc.badValue(at + "/" + i, at.substring(1).replace('/', '.') + " must list strings, not " + shown(x));
            }
            out.add(x.asText());
        }
        return out;
    }

    private static List<String> ruleIds(RuleCatalog catalog) {
        return catalog.entries().stream().map(e -> e.definition().id()).toList();
    }

    /** {@code ; did you mean 'rules'?} when one known name is within two edits of the given one, else nothing. */
    static String didYouMean(String given, java.util.Collection<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : new java.util.TreeSet<>(known)) {
            int d = editDistance(given.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best == null ? "" : "; did you mean '" + best + "'?";
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    /** A value as the user wrote it, cut short: enough to recognise, never a whole section. */
    private static String shown(JsonNode n) {
        if (n.isObject()) {
            return "a mapping";
        }
        if (n.isArray()) {
            return "a list";
        }
        String text = n.isTextual() ? "'" + n.asText() + "'" : n.asText();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
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

    /** A configuration file that cannot be used; the CLI reports it in one line and exits 2. */
    public static final class InvalidConfig extends Exception {
        public InvalidConfig(String message) {
            super(message);
        }
    }
}
