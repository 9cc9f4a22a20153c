package dev.querylens.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * querylens.jar leaves out OR-Tools, its protobuf runtime, JNA and the package dev.querylens.advisor.cpsat
 * (they are querylens-exact.jar's): so no other class of the analyzer may name any of them, or a run
 * of querylens.jar would meet a NoClassDefFoundError where the compiler saw nothing wrong. The compiled
 * classes are read as they are: a class that names another type holds its binary name (a/b/C) in its
 * constant pool; SolverJar names the solver's class only as a string, by its dotted name.
 */
class SolverBoundaryTest {
    private static final List<String> PIECE_ONLY = List.of("com/google/ortools/", "com/google/protobuf/", "com/sun/jna/",
            "dev/querylens/advisor/cpsat/");

    @Test
    void noClassOutsideTheCpSatPackageNamesOrToolsProtobufJnaOrThatPackage() throws Exception {
        Path classes = Path.of(ExactSelection.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(classes.resolve("dev/querylens/advisor/cpsat")), "the analyzer's classes at " + classes);
        List<String> offenders = new ArrayList<>();
        int read = 0;
        try (Stream<Path> all = Files.walk(classes)) {
            for (Path c : all.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(c).toString().replace('\\', '/');
                if (name.startsWith("dev/querylens/advisor/cpsat/")) {
                    continue;
                }
                read++;
                String pool = new String(Files.readAllBytes(c), StandardCharsets.ISO_8859_1);
                for (String p : PIECE_ONLY) {
                    if (pool.contains(p)) {
                        offenders.add(name + " names " + p);
                    }
                }
            }
        }
        assertTrue(read > 300, "only " + read + " classes read under " + classes);
        assertEquals(List.of(), offenders);
    }

    @Test
    void theCpSatPackageIsWhatTheBoundaryGuards() throws Exception {
        // the check above could pass by looking in the wrong place: the solver's own class does name OR-Tools
        Path classes = Path.of(ExactSelection.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String pool = new String(Files.readAllBytes(classes.resolve("dev/querylens/advisor/cpsat/CpSatSelection.class")),
                StandardCharsets.ISO_8859_1);
        assertTrue(pool.contains("com/google/ortools/sat/CpModel"));
        assertTrue(new String(Files.readAllBytes(classes.resolve("dev/querylens/advisor/SolverJar.class")), StandardCharsets.ISO_8859_1)
                .contains(SolverJar.SOLVER));
    }

    /**
     * querylens-exact.jar's cpsat package is compiled against the analyzer of its own build: a piece
     * left over from another build (an upgrade that copied one jar) is refused with the reason, not
     * loaded to fail later on a changed class.
     */
    @Test
    void theSolverIsTakenOnlyFromAPieceOfTheAnalyzersOwnBuild(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path analyzer = jar(dir.resolve("querylens.jar"), "0.1.0 2026-12-07T23:45:00Z");
        Path same = jar(dir.resolve("same/querylens-exact.jar"), "0.1.0 2026-12-07T23:45:00Z");
        Path older = jar(dir.resolve("older/querylens-exact.jar"), "0.1.0 2026-12-01T10:00:00Z");
        Path unmarked = jar(dir.resolve("unmarked/querylens-exact.jar"), null);
        assertEquals(null, SolverJar.otherBuild(analyzer, same));
        assertEquals(older + " is from another build (0.1.0 2026-12-01T10:00:00Z), querylens.jar is from 0.1.0 2026-12-07T23:45:00Z:"
                + " copy both jars from one build", SolverJar.otherBuild(analyzer, older));
        assertEquals(unmarked + " names no build, querylens.jar is from 0.1.0 2026-12-07T23:45:00Z: copy both jars from one build",
                SolverJar.otherBuild(analyzer, unmarked));
        // the analyzer's classes folder (tests, the benchmarks) or a jar that names no build: nothing to compare
        assertEquals(null, SolverJar.otherBuild(dir, older));
        assertEquals(null, SolverJar.otherBuild(unmarked, older));
    }

    private static Path jar(Path file, String build) throws Exception {
        Files.createDirectories(file.getParent());
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        if (build != null) {
            manifest.getMainAttributes().putValue(SolverJar.BUILD, build);
        }
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(file), manifest)) {
            out.putNextEntry(new java.util.jar.JarEntry("placeholder.txt"));
            out.closeEntry();
        }
        return file;
    }
}
