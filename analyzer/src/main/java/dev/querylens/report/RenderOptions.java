package dev.querylens.report;

import java.nio.file.Path;

/**
 * How to render: whether to show raw SQL with its literals next to the normalized form, whether
 * the text report may use ANSI colours, the repository root that SARIF locations are relative to,
 * and whether the index plan comes first (advise's report, whose point it is) or after the findings.
 */
public record RenderOptions(boolean showLiterals, boolean color, Path repositoryRoot, boolean indexPlanFirst) {
    public static final RenderOptions DEFAULT = new RenderOptions(false, false, Path.of(""));

    public RenderOptions(boolean showLiterals, boolean color, Path repositoryRoot) {
        this(showLiterals, color, repositoryRoot, false);
    }
}
