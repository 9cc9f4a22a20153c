package dev.querylens.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every rule's YAML definition, compiled at build time into one JSON object (rule id to the
 * definition's tree) on the classpath. The YAML parser is the largest single cost of starting a
 * run (the catalog is read by every command that judges anything); JSON of the same trees reads
 * in a fraction of that time and without the YAML parser's classes. The build runs {@link #main}
 * after compiling (analyzer/pom.xml, phase process-classes), so the file always matches the YAML
 * it came from; {@code CompiledRuleDefinitionsTest} holds the two catalogs equal.
 */
public final class CompiledRuleDefinitions {
    static final String RESOURCE = "querylens/rule-definitions.json";

    private CompiledRuleDefinitions() {
    }

    /** The compiled trees by rule id; empty when the build wrote none or it does not read (each rule's YAML is then read instead). */
    static Map<String, JsonNode> read(ObjectMapper json, ClassLoader loader) {
        Map<String, JsonNode> trees = new LinkedHashMap<>();
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return trees;
            }
            JsonNode all = json.readTree(in);
            all.fieldNames().forEachRemaining(id -> trees.put(id, all.get(id)));
            return trees;
        } catch (IOException | RuntimeException e) {
            return new LinkedHashMap<>();
        }
    }

    /** Writes the compiled file to {@code args[0]}, after checking that every definition reads (a build error otherwise). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: CompiledRuleDefinitions OUTPUT.json");
        }
        RuleCatalog checked = RuleCatalog.loadFromYaml();
        ObjectMapper yaml = RuleCatalog.yamlMapper();
        ObjectNode all = new ObjectMapper().createObjectNode();
        for (RuleCatalog.Entry e : checked.entries()) {
            all.set(e.definition().id(), RuleCatalog.tree(e.definition().id(), yaml));
        }
        Path out = Path.of(args[0]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Path partial = out.resolveSibling(out.getFileName() + ".partial");
        new ObjectMapper().writeValue(partial.toFile(), all);
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
