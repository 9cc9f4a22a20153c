package dev.querylens.cli;

import dev.querylens.collect.Diagnostic;
import dev.querylens.report.Report;
import java.io.PrintWriter;
import java.util.List;

/**
 * The diagnostics of a run that say input was not analyzed. A report built from part of the input
 * looks just like a clean one, so the exit code must tell them apart: analyze and advise still
 * write it and exit {@link ExitCode#PARTIAL_REPORT}; check refuses to judge it unless told to.
 */
record LostInput(List<Diagnostic> diagnostics) {
    /** How many lost diagnostics {@link #list} names one by one; a run that lost a million log lines needs no million lines. */
    static final int LISTED = 20;

    LostInput {
        diagnostics = List.copyOf(diagnostics);
    }

    static LostInput of(Report report) {
        return new LostInput(report.diagnostics().stream().filter(Diagnostic::inputLost).toList());
    }

    boolean any() {
        return !diagnostics.isEmpty();
    }

    /** E.g. {@code 2 diagnostics lost input}. */
    String counted() {
        int n = diagnostics.size();
        return n + (n == 1 ? " diagnostic" : " diagnostics") + " lost input";
    }

    /** E.g. {@code 2 diagnostics lost input (first: logs/a.log:17 (byte 1234): truncated gzip stream)}. */
    String summary() {
        return counted() + (diagnostics.isEmpty() ? "" : " (first: " + diagnostics.get(0) + ")");
    }

    /** Each lost diagnostic on its own line, the first {@link #LISTED} of them: the report has them all. */
    void list(PrintWriter err) {
        diagnostics.stream().limit(LISTED).forEach(d -> err.println("  lost " + d));
        if (diagnostics.size() > LISTED) {
            err.println("  ... and " + (diagnostics.size() - LISTED) + " more (all are in the report's diagnostics)");
        }
    }

    /**
     * For analyze and advise, once the report is written: {@link ExitCode#OK} when nothing was lost,
     * else one line on stderr saying how much was, and {@link ExitCode#PARTIAL_REPORT}.
     */
    int afterReportWritten(String command, PrintWriter err) {
        if (!any()) {
            return ExitCode.OK;
        }
        err.println("querylens " + command + ": report written, but " + summary());
        return ExitCode.PARTIAL_REPORT;
    }

    /** One-call form for a command that has just written {@code report}. */
    static int exitCode(Report report, String command, PrintWriter err) {
        return of(report).afterReportWritten(command, err);
    }
}
