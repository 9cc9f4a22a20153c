package dev.querylens.analysis;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A configuration file's tree together with where each key and value stands in the file, so that
 * every complaint about it names file, line and column: a tree alone has forgotten its positions.
 * JSON is read with the same YAML parser (JSON is, for configuration purposes, YAML).
 *
 * @param keys   JSON pointer of each key to the position of the key
 * @param values JSON pointer of each value to the position of the value
 */
record ConfigDocument(Path file, JsonNode root, Map<String, JsonLocation> keys, Map<String, JsonLocation> values) {

    ConfigDocument {
        keys = Map.copyOf(keys);
        values = Map.copyOf(values);
    }

    static ConfigDocument read(Path file) throws ProjectConfig.InvalidConfig {
        // a repeated key would otherwise silently win over the first: say so instead
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        Map<String, JsonLocation> keys = new HashMap<>();
        Map<String, JsonLocation> values = new HashMap<>();
        try {
            try (JsonParser p = mapper.getFactory().createParser(file.toFile())) {
                for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                    if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                        continue;
                    }
                    String pointer = p.getParsingContext().pathAsPointer().toString();
                    (t == JsonToken.FIELD_NAME ? keys : values).putIfAbsent(pointer, p.currentTokenLocation());
                }
            }
            return new ConfigDocument(file, mapper.readTree(file.toFile()), keys, values);
        } catch (JsonProcessingException e) {
            throw syntaxError(file, e);
        } catch (IOException e) {
            throw new ProjectConfig.InvalidConfig(file + ": cannot read configuration: " + firstLine(e.getMessage()));
        }
    }

    static String pointer(String parent, String key) {
        return JsonPointer.compile(parent).appendProperty(key).toString();
    }

    /** A complaint about the key at {@code pointer}, e.g. a typo. */
    ProjectConfig.InvalidConfig badKey(String pointer, String message) {
        return error(keys.get(pointer), pointer, message);
    }

    /** A complaint about the value at {@code pointer}, e.g. a wrong type. */
    ProjectConfig.InvalidConfig badValue(String pointer, String message) {
        return error(values.containsKey(pointer) ? values.get(pointer) : keys.get(pointer), pointer, message);
    }

    private ProjectConfig.InvalidConfig error(JsonLocation at, String pointer, String message) {
        if (at == null && !pointer.isEmpty()) {
            String parent = JsonPointer.compile(pointer).head().toString();
            return error(keys.containsKey(parent) ? keys.get(parent) : values.get(parent), parent, message);
        }
        return new ProjectConfig.InvalidConfig(place(file, at == null ? 1 : at.getLineNr(), at == null ? 1 : at.getColumnNr()) + message);
    }

    private static ProjectConfig.InvalidConfig syntaxError(Path file, JsonProcessingException e) {
        // SnakeYAML knows the problem and where it was noticed; Jackson's own location for it is often elsewhere
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException y && y.getProblemMark() != null) {
            String context = y.getContext() == null || y.getContextMark() == null ? ""
                    : " (" + y.getContext() + " at line " + (y.getContextMark().getLine() + 1)
                            + ", column " + (y.getContextMark().getColumn() + 1) + ")";
            return new ProjectConfig.InvalidConfig(place(file, y.getProblemMark().getLine() + 1, y.getProblemMark().getColumn() + 1)
                    + "YAML syntax error: " + firstLine(y.getProblem()) + context);
        }
        JsonLocation at = e.getLocation();
        return new ProjectConfig.InvalidConfig(place(file, at == null ? 1 : at.getLineNr(), at == null ? 1 : at.getColumnNr())
                + "syntax error: " + firstLine(e.getOriginalMessage()));
    }

    private static String place(Path file, int line, int column) {
        return file + ":" + Math.max(1, line) + ":" + Math.max(1, column) + ": ";
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
