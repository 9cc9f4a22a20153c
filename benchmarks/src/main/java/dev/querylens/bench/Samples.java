package dev.querylens.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's samples/ directory: -Dquerylens.samples, or ./samples, or ../samples. */
final class Samples {
    private Samples() {
    }

    static Path file(String relative) {
        String configured = System.getProperty("querylens.samples");
        for (Path root : configured != null ? new Path[] {Path.of(configured)} : new Path[] {Path.of("samples"), Path.of("../samples")}) {
            Path p = root.resolve(relative);
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new IllegalStateException("samples/" + relative + " not found: run from the repository root or set -Dquerylens.samples");
    }
}
