package dev.querylens.report;

import java.nio.file.Path;

/**
 * How to render: whether to show raw SQL with its literals next to the normalized form, whether
 * the text report may use ANSI colours, and the repository root that SARIF locations are relative to.
 */
public record RenderOptions(boolean showLiterals, boolean color, Path repositoryRoot) {
    public static final RenderOptions DEFAULT = new RenderOptions(false, false, Path.of(""));
}
