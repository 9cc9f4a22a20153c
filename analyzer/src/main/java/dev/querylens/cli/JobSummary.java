package dev.querylens.cli;

import dev.querylens.report.MarkdownReportWriter;
import dev.querylens.report.Report;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The GitHub Actions job summary: the Markdown report appended to the file the runner names in
 * {@code GITHUB_STEP_SUMMARY}. Appended, never replaced: earlier commands of the same step may
 * have written their own part. The Markdown report stays under 60,000 characters, well below the
 * runner's 1 MiB per step.
 */
final class JobSummary {
    static final String VARIABLE = "GITHUB_STEP_SUMMARY";

    private JobSummary() {
    }

    static void append(Path file, Report report) throws IOException {
        StringWriter md = new StringWriter();
        new MarkdownReportWriter().write(report, md);
        String text = md.toString();
        boolean needsBreak = Files.isRegularFile(file) && Files.size(file) > 0 && !endsWithNewline(file);
        // one write call: another process appending at the same time cannot land inside the report
        Files.writeString(file, (needsBreak ? "\n" : "") + text + (text.endsWith("\n") ? "" : "\n"), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.READ)) {
            java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
            ch.read(last, ch.size() - 1);
            return last.get(0) == '\n';
        }
    }
}
