package dev.querylens.cli;

import dev.querylens.report.AtomicFile;
import dev.querylens.report.RenderOptions;
import dev.querylens.report.Report;
import dev.querylens.report.ReportFormat;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** How to write the report, shared by analyze and check. */
final class OutputOptions {
    enum ColorMode { auto, always, never }

    @Option(names = {"--format", "--reporter"}, split = ",", paramLabel = "FORMAT",
            description = {"Report format(s): ${COMPLETION-CANDIDATES} (default: text). Repeat the option or separate by commas;"
                    + " several need --output-dir.",
                    "github: workflow-command annotations at each finding's file and line, and the Markdown report appended"
                    + " to the job summary ($GITHUB_STEP_SUMMARY, when set); gitlab: GitLab Code Quality JSON."})
    List<ReportFormat> formats = List.of(ReportFormat.text);

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of standard output.")
    Path output;

    @Option(names = "--output-dir", paramLabel = "DIR",
            description = "Write each format to its own file in DIR (querylens-report.txt/.json/.md/.html, querylens.sarif,"
                    + " querylens-github.txt, gl-code-quality-report.json).")
    Path outputDir;

    @Option(names = "--color", defaultValue = "auto", paramLabel = "WHEN",
            description = "Colour in the text report: ${COMPLETION-CANDIDATES} (default: auto = when stdout is a terminal and NO_COLOR is unset).")
    ColorMode color;

    @Option(names = "--show-literals", description = "Also show each statement's SQL as first seen, literals included (normalized SQL only by default).")
    boolean showLiterals;

    @Option(names = "--repo-root", paramLabel = "DIR", description = "Root that SARIF file locations are relative to (default: the working directory).")
    Path repoRoot = Path.of("");

    @Option(names = "--emit-bench", paramLabel = "DIR",
            description = "Write the recommended indexes and the statements they serve, with parameter values seen, to"
                    + " DIR/querylens-bench.json for the benchmarks jar's UserAdviceBenchmark (contains literal values).")
    Path emitBench;

    /** advise's reports open on the index plan, its answer; the other commands' on their findings. */
    boolean indexPlanFirst;

    /** Writes the report; with {@code quiet} the "written to" lines are left out (errors still go to stderr). */
    void write(Report report, PrintWriter err, boolean quiet) throws IOException, InputOptions.InputError {
        if (emitBench != null) {
            int skipped = dev.querylens.report.BenchmarkSpec.write(report, emitBench);
            if (!quiet) err.println("querylens: benchmark input written to " + emitBench.resolve(dev.querylens.report.BenchmarkSpec.FILE)
                    + (skipped > 0 ? " (" + skipped + " statement(s) left out: no parameter values seen)" : ""));
        }
        List<ReportFormat> formats = this.formats.stream().distinct().toList();
        if (formats.size() > 1 && outputDir == null) {
            throw new InputOptions.InputError("several formats need --output-dir");
        }
        if (output != null && outputDir != null) {
            throw new InputOptions.InputError("use --output or --output-dir, not both");
        }
        boolean toTerminal = output == null && outputDir == null && System.console() != null;
        boolean useColor = color == ColorMode.always
                || (color == ColorMode.auto && toTerminal && System.getenv("NO_COLOR") == null);
        RenderOptions options = new RenderOptions(showLiterals, useColor, repoRoot, indexPlanFirst);
        if (outputDir != null) {
            Files.createDirectories(outputDir);
            for (ReportFormat f : formats) {
                writeFile(report, f, options, outputDir.resolve(f.fileName()), quiet ? null : err);
            }
        } else if (output != null) {
            writeFile(report, formats.get(0), options, output, quiet ? null : err);
        } else {
            Writer w = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
            formats.get(0).writer(options).write(report, w);
            w.flush();
        }
        String summary = System.getenv(JobSummary.VARIABLE);
        if (formats.contains(ReportFormat.github) && summary != null && !summary.isBlank()) {
            JobSummary.append(Path.of(summary), report);
        }
    }

    private static void writeFile(Report report, ReportFormat format, RenderOptions options, Path file, PrintWriter err) throws IOException {
        // never a half-written report over the previous one, even when killed or raced by another run
        // with --show-literals a report holds the values statements ran with: readable by its owner only
        AtomicFile.write(file, options.showLiterals() ? AtomicFile.Readers.OWNER_ONLY : AtomicFile.Readers.UMASK,
                w -> format.writer(options).write(report, w));
        if (err != null) {
            err.println("querylens: " + format + " report written to " + file);
        }
    }
}
