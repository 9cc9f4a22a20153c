package dev.querylens.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A querylens.jar for tests that run the CLI as a user's script would ({@code java -jar}): no
 * classes of its own, this build's classes and dependencies on its manifest's Class-Path. The
 * shaded jar is made in the package phase, after the tests.
 */
final class ClasspathJar {
    private ClasspathJar() {
    }

    static Path write(Path dir) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String classPath = Stream.of(cp.split(File.pathSeparator)).filter(s -> !s.isBlank())
                .map(s -> Path.of(s).toAbsolutePath().toUri().toString()).collect(Collectors.joining(" "));
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.querylens.cli.QueryLensCommand");
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        Path jar = dir.resolve("querylens.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            out.flush();
        }
        return jar;
    }

    /** The directory of the java running this test, to put first on a child's PATH. */
    static String javaBin() {
        return Path.of(ProcessHandle.current().info().command().orElseThrow()).getParent().toString();
    }
}
