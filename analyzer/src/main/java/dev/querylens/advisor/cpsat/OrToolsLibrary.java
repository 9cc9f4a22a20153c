package dev.querylens.advisor.cpsat;

/**
 * Loads OR-Tools' native library, saying why when it cannot: querylens-exact.jar carries it for
 * Linux x86-64 only, OR-Tools unpacks it into the temporary folder to load it (so a folder mounted
 * noexec, or none writable, stops it too), and a project using the analyzer as a library may not
 * have OR-Tools at all (the dependency is optional).
 */
final class OrToolsLibrary {
    private OrToolsLibrary() {
    }

    /** Null when loaded (or loaded before in this JVM), else why not in a few words. */
    static String load() {
        try {
            com.google.ortools.Loader.loadNativeLibraries();
            // on Linux the Loader swallows a failed unpack or load and returns as if loaded; the first native
            // call is what tells (a one-value domain: the cheapest object the solver's library makes)
            new com.google.ortools.util.Domain(0, 0).delete();
            return null;
        } catch (NoClassDefFoundError e) {
            return "OR-Tools is not on the class path";
        } catch (java.nio.file.ProviderNotFoundException e) {
            // the Loader opens its jar as a zip file system to unpack the library: a runtime made by jlink needs jdk.zipfs
            return "the solver's native library (OR-Tools) cannot be unpacked: this Java runtime has no zip file system"
                    + " (module jdk.zipfs)";
        } catch (LinkageError | RuntimeException e) {
            String os = System.getProperty("os.name", "");
            String arch = System.getProperty("os.arch", "");
            if (!os.toLowerCase(java.util.Locale.ROOT).startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
                return "querylens-exact.jar carries the solver's native library (OR-Tools) for Linux x86-64 only, not for " + os + " " + arch;
            }
            // here the library is in the jar: what fails is unpacking it into the temporary folder, or running it from there
            return "the solver's native library (OR-Tools) did not load from the temporary folder " + System.getProperty("java.io.tmpdir")
                    + ", where it is unpacked: it must be writable and not mounted noexec (another one: QUERYLENS_JAVA_OPTS=-Djava.io.tmpdir=DIR)";
        }
    }
}
