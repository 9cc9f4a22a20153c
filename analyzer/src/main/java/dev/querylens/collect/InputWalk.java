package dev.querylens.collect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Which files the given paths stand for: a file as named, a directory walked (skipping what
 * {@link CompanionFiles} says is plainly no input) and its files in the order a migrator applies
 * them, because the DDL read from them builds the schema in that order.
 */
final class InputWalk {
    private InputWalk() {
    }

    /**
     * The files under the given paths, directories expanded in a stable order. A walk skips what is
     * plainly no input ({@link CompanionFiles}: documentation, source, images, tool configuration,
     * migrator bookkeeping, seed data, hidden and dependency directories) and says how much in one
     * info line; a file named on the command line is always kept.
     */
    static List<Path> expand(List<Path> paths, Consumer<Diagnostic> diagnostics) {
        List<Path> files = new ArrayList<>();
        Map<CompanionFiles.Kind, Integer> skipped = new EnumMap<>(CompanionFiles.Kind.class);
        String firstWalked = null;
        for (Path p : paths) {
            if (p.toString().equals("-")) {
                files.add(p);
            } else if (Files.isDirectory(p)) {
                firstWalked = firstWalked == null ? p.toString() : firstWalked;
                try {
                    List<Path> found = walk(p, skipped, diagnostics);
                    // in the order a migrator applies them (numbers as numbers, diesel's dashed versions), because
                    // the DDL read from them builds the schema in that order
                    java.util.Comparator<String> order = dev.querylens.migration.MigrationPaths.order(found.stream().map(Path::toString).toList());
                    found.sort((a, b) -> order.compare(a.toString(), b.toString()));
                    files.addAll(found);
                } catch (IOException | java.io.UncheckedIOException e) {
                    diagnostics.accept(new Diagnostic(p.toString(), 0, "cannot list directory: " + e.getMessage()));
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                diagnostics.accept(new Diagnostic(p.toString(), 0, "no such file or directory"));
            }
        }
        if (!skipped.isEmpty()) {
            diagnostics.accept(CompanionFiles.summary(firstWalked, skipped));
        }
        return files;
    }

    /** The regular files under {@code root} that may be inputs; what is not is counted in {@code skipped}. */
    private static List<Path> walk(Path root, Map<CompanionFiles.Kind, Integer> skipped, Consumer<Diagnostic> diagnostics)
            throws IOException {
        List<Path> found = new ArrayList<>();
        Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path dir, java.nio.file.attribute.BasicFileAttributes attrs) {
                CompanionFiles.Kind kind = CompanionFiles.ofDirectory(root, dir);
                if (kind != null) {
                    skipped.merge(kind, 1, Integer::sum);
                    return java.nio.file.FileVisitResult.SKIP_SUBTREE;
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                if (Files.isRegularFile(file)) {
                    CompanionFiles.Kind kind = CompanionFiles.of(root, file);
                    if (kind == null) {
                        found.add(file);
                    } else {
                        skipped.merge(kind, 1, Integer::sum);
                    }
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                // what could not be listed or opened may have been input: said as lost, and the walk goes on
                diagnostics.accept(Diagnostic.lost(file.toString(), 0, 0, "cannot read: " + ReadFailure.describe(e)));
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
        return found;
    }
}
