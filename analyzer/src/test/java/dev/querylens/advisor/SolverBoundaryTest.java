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
}
