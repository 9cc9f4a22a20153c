package dev.querylens.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompiledRuleDefinitionsTest {

    @Test
    void theBuildCompiledEveryRuleAndTheCompiledCatalogEqualsTheYamlOne() {
        var compiled = CompiledRuleDefinitions.read(new ObjectMapper(), getClass().getClassLoader());
        List<RuleDefinition> fromYaml = RuleCatalog.loadFromYaml().entries().stream().map(RuleCatalog.Entry::definition).toList();
        assertTrue(fromYaml.size() > 50, "rules found: " + fromYaml.size());
        assertEquals(fromYaml.stream().map(RuleDefinition::id).sorted().toList(), compiled.keySet().stream().sorted().toList(),
                "the build (process-classes) wrote " + CompiledRuleDefinitions.RESOURCE + " with every rule");
        List<RuleDefinition> loaded = RuleCatalog.load().entries().stream().map(RuleCatalog.Entry::definition).toList();
        assertEquals(fromYaml, loaded);
        // parameter values keep their types (a threshold 0.3 is a Double, 100 an Integer, a list a list)
        for (int i = 0; i < loaded.size(); i++) {
            for (var p : loaded.get(i).parameters().entrySet()) {
                Object yamlValue = fromYaml.get(i).parameters().get(p.getKey()).defaultValue();
                Object value = p.getValue().defaultValue();
                assertEquals(yamlValue == null ? null : yamlValue.getClass(), value == null ? null : value.getClass(),
                        loaded.get(i).id() + "." + p.getKey());
            }
        }
    }

    @Test
    void aDamagedOrMissingCompiledFileMeansEachYamlIsRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(CompiledRuleDefinitions.RESOURCE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"n-plus-one\": {\"id\": ");
        try (URLClassLoader damaged = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
                URLClassLoader none = new URLClassLoader(new URL[0], null)) {
            assertNotNull(damaged.getResource(CompiledRuleDefinitions.RESOURCE));
            assertTrue(CompiledRuleDefinitions.read(new ObjectMapper(), damaged).isEmpty());
            assertTrue(CompiledRuleDefinitions.read(new ObjectMapper(), none).isEmpty());
        }
    }

    @Test
    void compilingWritesTheFileAtomicallyWithEveryRule(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sub/rule-definitions.json");
        CompiledRuleDefinitions.main(new String[] {out.toString()});
        var tree = new ObjectMapper().readTree(out.toFile());
        assertEquals(RuleCatalog.loadFromYaml().entries().size(), tree.size());
        assertEquals(List.of(out), Files.list(out.getParent()).toList(), "no partial file left");
    }
}
