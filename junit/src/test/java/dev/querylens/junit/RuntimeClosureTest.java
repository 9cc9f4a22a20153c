package dev.querylens.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The classes the extension can reach use only what querylens-junit brings at runtime. JunitArtifactIT
 * runs the paths a user's test takes on a real classpath; this follows every reference statically
 * (jdeps), from the extension's classes and from what is found by ServiceLoader (every rule, the
 * capturing JDBC driver), so a rule or capture class that starts using a CLI-only library (picocli,
 * the embedded server, a codec) fails here, with the chain of classes that reaches it.
 */
class RuntimeClosureTest {
    /** Packages of querylens-junit's runtime dependencies (README, "In your Java tests"), and the JDK's. */
    private static final List<String> RUNTIME = List.of(
            "java.", "javax.", "dev.querylens.", "org.junit.", "org.opentest4j.", "org.apiguardian.",
            "com.fasterxml.jackson.", "org.yaml.snakeyaml.", "net.sf.jsqlparser.", "net.ttddyy.dsproxy.", "org.postgresql.");

    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s+.*$");

    @Test
    void everythingTheExtensionAndItsServicesReachIsOnItsRuntimeClasspath() throws Exception {
        Path junit = location(QueryLensExtension.class);
        Path analyzer = location(dev.querylens.capture.QueryLens.class);
        Map<String, Set<String>> edges = references(junit, analyzer);

        Deque<String> todo = new ArrayDeque<>();
        for (String type : edges.keySet()) {
            if (type.startsWith("dev.querylens.junit.")) {
                todo.add(type);
            }
        }
        todo.addAll(services("META-INF/services/dev.querylens.engine.Rule"));
        todo.addAll(services("META-INF/services/java.sql.Driver"));
        int roots = todo.size();
        Map<String, String> reachedFrom = new HashMap<>();
        Set<String> seen = new HashSet<>(todo);
        Set<String> outside = new TreeSet<>();
        while (!todo.isEmpty()) {
            String type = todo.poll();
            for (String target : edges.getOrDefault(type, Set.of())) {
                if (RUNTIME.stream().noneMatch(target::startsWith)) {
                    outside.add(target + " <- " + chain(type, reachedFrom));
                } else if (target.startsWith("dev.querylens.") && seen.add(target)) {
                    reachedFrom.put(target, type);
                    todo.add(target);
                }
            }
        }
        // not vacuous: the roots were found, and the walk went from the extension through capture and the engine to the rules
        assertTrue(roots > 60, "roots: " + roots);
        for (String expected : List.of("dev.querylens.capture.QueryLens", "dev.querylens.engine.RuleCatalog",
                "dev.querylens.sql.FactExtractor", "dev.querylens.rules.NPlusOneRule", "dev.querylens.capture.QueryLensDriver")) {
            assertTrue(seen.contains(expected), expected + " reached");
        }
        assertEquals(Set.of(), outside);
    }

    private static Path location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** Class-to-class references in the given class folders or jars, as jdeps reads them from the bytecode. */
    private static Map<String, Set<String>> references(Path... roots) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = new String[roots.length + 1];
        args[0] = "-verbose:class";
        for (int i = 0; i < roots.length; i++) {
            args[i + 1] = roots[i].toString();
        }
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(err), args);
        assertEquals(0, exit, err.toString());
        Map<String, Set<String>> edges = new HashMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (m.matches()) {
                edges.computeIfAbsent(m.group(1), k -> new HashSet<>()).add(m.group(2));
            }
        }
        return edges;
    }

    private static Set<String> services(String resource) throws Exception {
        Set<String> types = new TreeSet<>();
        Enumeration<URL> files = RuntimeClosureTest.class.getClassLoader().getResources(resource);
        while (files.hasMoreElements()) {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(files.nextElement().openStream(), StandardCharsets.UTF_8))) {
                in.lines().map(l -> l.replaceAll("#.*", "").trim()).filter(l -> l.startsWith("dev.querylens.")).forEach(types::add);
            }
        }
        return types;
    }

    private static String chain(String type, Map<String, String> reachedFrom) {
        StringBuilder path = new StringBuilder(type);
        for (String from = reachedFrom.get(type); from != null; from = reachedFrom.get(from)) {
            path.append(" <- ").append(from);
        }
        return path.toString();
    }
}
