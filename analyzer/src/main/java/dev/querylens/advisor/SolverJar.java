package dev.querylens.advisor;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * Where advise --exact's solver comes from. OR-Tools (CP-SAT, its protobuf runtime and its native
 * library for Linux x86-64: 25 MB) is not in querylens.jar, which every run starts from; it ships
 * as querylens-exact.jar beside it ({@value #FILE}), with the package that implements
 * {@link ExactSelection.Solver} over it. This finds that jar next to the jar (or classes folder)
 * this class was loaded from and loads the solver through a class loader of its own whose parent
 * is this class's: the solver sees the analyzer's public types, the analyzer sees the solver only
 * through the interface, and no class of OR-Tools is loaded before {@code --exact} asks for it.
 * Where the solver's class is on the class path already (the analyzer's tests, the benchmarks, a
 * project using the analyzer as a library with OR-Tools) that one is used.
 */
final class SolverJar {
    /** The piece's file name, beside querylens.jar. */
    static final String FILE = "querylens-exact.jar";
    /** The class in it that implements {@link ExactSelection.Solver}. */
    static final String SOLVER = "dev.querylens.advisor.cpsat.CpSatSolver";
    /** The manifest line naming the build that made querylens.jar and querylens-exact.jar (analyzer/pom.xml). */
    static final String BUILD = "QueryLens-Build";

    private SolverJar() {
    }

    /**
     * The solver found beside the jar this class came from; found once per JVM (on first use), since
     * a native library binds to one class loader per JVM: a second loader of the same piece could
     * not load it again.
     */
    static ExactSelection.Solver besideThisJar() {
        return BesideThisJar.SOLVER;
    }

    /** Initialised on first use only, so that a run without --exact does not even look for the piece. */
    private static final class BesideThisJar {
        static final ExactSelection.Solver SOLVER = find(SolverJar.class.getClassLoader(), home());
    }

    /** The folder holding the jar (or the classes folder) this class was loaded from; null when it cannot tell. */
    static Path home() {
        Path own = ownLocation();
        return own == null ? null : own.getParent();
    }

    /** The jar (or the classes folder) this class was loaded from; null when it cannot tell. */
    private static Path ownLocation() {
        try {
            CodeSource source = SolverJar.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI()).toAbsolutePath();
        } catch (Exception e) { // a code source that is no file (a custom class loader's URL): then there is no "beside"
            return null;
        }
    }

    /**
     * Why {@code piece} is not the solver for {@code analyzer}: both jars' manifests name the build that
     * made them ({@value #BUILD}), and a piece of another build may have been compiled against classes
     * this jar no longer has, or has differently. Null when they match, and when {@code analyzer} is no
     * jar or names no build (a classes folder, the analyzer as a library): then there is nothing to
     * compare, and a mismatch shows as the piece failing to load.
     */
    static String otherBuild(Path analyzer, Path piece) {
        String own = build(analyzer);
        if (own == null) {
            return null;
        }
        String theirs = build(piece);
        if (own.equals(theirs)) {
            return null;
        }
        return piece + (theirs == null ? " names no build" : " is from another build (" + theirs + ")") + ", querylens.jar is from "
                + own + ": copy both jars from one build";
    }

    /** The jar's {@value #BUILD} manifest line; null for no jar, no manifest or no such line. */
    private static String build(Path jar) {
        if (jar == null || !Files.isRegularFile(jar)) {
            return null;
        }
        try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
            java.util.jar.Manifest manifest = file.getManifest();
            return manifest == null ? null : manifest.getMainAttributes().getValue(BUILD);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The solver: its class through {@code parent} when that has it, else from {@value #FILE} in
     * {@code directory} through a class loader of its own under {@code parent}; where neither has it,
     * one that says why on {@link ExactSelection.Solver#load}.
     */
    static ExactSelection.Solver find(ClassLoader parent, Path directory) {
        try {
            return instance(Class.forName(SOLVER, false, parent));
        } catch (ClassNotFoundException e) {
            // querylens.jar: the solver is in the piece
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return absent("the solver's class on the class path cannot be loaded (" + e.getClass().getSimpleName() + ")");
        }
        if (directory == null) {
            return absent("cannot tell which folder querylens.jar is in, to find " + FILE + " (the solver, OR-Tools) beside it");
        }
        Path piece = directory.resolve(FILE);
        if (!Files.isRegularFile(piece)) {
            return absent("no " + FILE + " beside querylens.jar in " + directory + " (it holds the solver, OR-Tools, and ships"
                    + " with querylens.jar: copy both)");
        }
        String otherBuild = otherBuild(ownLocation(), piece);
        if (otherBuild != null) {
            return absent(otherBuild);
        }
        try {
            // never closed: the solver's classes and native library stay loaded for the JVM's life, as they would from the class path
            @SuppressWarnings("resource")
            URLClassLoader loader = new URLClassLoader("querylens-exact", new URL[] {piece.toUri().toURL()}, parent);
            return instance(Class.forName(SOLVER, false, loader));
        } catch (Exception | LinkageError e) {
            return absent(piece + " cannot be loaded (" + e.getClass().getSimpleName() + "): it must be a " + FILE
                    + " built with this querylens.jar");
        }
    }

    private static ExactSelection.Solver instance(Class<?> type) throws ReflectiveOperationException {
        return (ExactSelection.Solver) type.getDeclaredConstructor().newInstance();
    }

    /** A solver that is not there: {@code load} says why, and nothing is ever solved. */
    private static ExactSelection.Solver absent(String why) {
        return new ExactSelection.Solver() {
            @Override
            public String load() {
                return why;
            }

            @Override
            public ExactSelection.Result solve(ExactSelection.Program program, double timeLimitSeconds) {
                throw new IllegalStateException("no solver: " + why);
            }
        };
    }
}
