package dev.querylens;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the bundled samples are, from the analyzer module's working directory. */
public final class Samples {
    public static final Path ROOT = Path.of("..", "samples");
    public static final Path TASKBOARD = ROOT.resolve("taskboard");
    public static final Path STDERR_LOG = TASKBOARD.resolve("logs/taskboard-stderr.log");
    public static final Path STATEMENT_ALL_LOG = ROOT.resolve("formats/taskboard-log-statement-all.log");
    public static final Path MIGRATIONS = TASKBOARD.resolve("migrations");
    public static final Path PLANS = TASKBOARD.resolve("plans");

    private Samples() {
    }

    public static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
