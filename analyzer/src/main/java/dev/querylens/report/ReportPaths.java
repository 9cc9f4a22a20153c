package dev.querylens.report;

import java.nio.file.Path;

/** Where a location points, for the CI formats that want repository-relative file paths. */
final class ReportPaths {
    private ReportPaths() {
    }

    /** Locations that name a file, not a database ("db ..."), the live catalog, the advisor or standard input. */
    static boolean isFile(String file) {
        return file != null && !file.isEmpty() && !file.equals("-") && !file.startsWith("db ") && !file.equals("live catalog")
                && !file.equals("index advisor");
    }

    /**
     * Whether a location can be shown at a file in the repository: a file the report read, or one
     * on disk. Diagnostics about the run itself name a subject ("rules"), not a file.
     */
    static boolean isFile(Report report, String file) {
        if (!isFile(file)) {
            return false;
        }
        if (report.inputs().stream().anyMatch(i -> i.file().equals(file))) {
            return true;
        }
        try {
            return java.nio.file.Files.isRegularFile(Path.of(file));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** The file relative to the repository root, with '/' separators; absolute when outside the root. */
    static String relative(Path repositoryRoot, String file) {
        Path root = repositoryRoot.toAbsolutePath().normalize();
        Path abs;
        try {
            abs = Path.of(file).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            return file;
        }
        return (abs.startsWith(root) ? root.relativize(abs) : abs).toString().replace('\\', '/');
    }
}
