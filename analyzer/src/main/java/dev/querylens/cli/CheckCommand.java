package dev.querylens.cli;

import dev.querylens.engine.Finding;
import dev.querylens.engine.Severity;
import dev.querylens.migration.MigrationTrace;
import dev.querylens.report.Baseline;
import dev.querylens.report.Report;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"CI quality gate: analyze like 'analyze', then fail when new findings reach --fail-on.",
                "With --baseline, findings already accepted there do not fail the gate; baseline entries follow"
                + " the finding (rule and statement or table), not its file and line."},
        footer = {"", ExitCode.HEADING,
                "  0  no new finding at or above --fail-on (or no more than --max-new)",
                "  1  new findings at or above --fail-on",
                "  2  usage or configuration error, unreadable baseline, no readable input;",
                "     or some input was lost (unreadable lines or files, unreachable --db)",
                "     without --accept-partial-input: the report is still written, but the",
                "     gate does not judge and --write-baseline writes nothing"})
final class CheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    InputOptions input;

    @Mixin
    OutputOptions output;

    @Mixin
    TraceOption trace;

    @Option(names = "--fail-on", defaultValue = "error", paramLabel = "SEVERITY",
            description = "Lowest severity that fails the gate: error, warning or info (default: ${DEFAULT-VALUE}).")
    String failOn;

    @Option(names = "--baseline", paramLabel = "FILE", description = "Accepted findings; only findings not in it count.")
    Path baseline;

    @Option(names = "--write-baseline", paramLabel = "FILE", description = "Write every current finding to FILE as the new baseline and exit 0.")
    Path writeBaseline;

    @Option(names = "--accept-partial-input",
            description = "Judge what could be read even when some input was lost (unreadable lines or files, unreachable --db),"
                    + " and write --write-baseline from it; what was lost is listed on stderr. Without it such a run exits 2.")
    boolean acceptPartialInput;

    @Option(names = "--max-new", defaultValue = "0", paramLabel = "N",
            description = "New findings at or above --fail-on tolerated before failing (default: ${DEFAULT-VALUE}).")
    int maxNew;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Severity threshold = parseSeverity(failOn);
            Baseline accepted = baseline == null ? Baseline.of(List.of()) : readBaseline(baseline);
            MigrationTrace traced = trace.run("check", input.paths, input.database, err);
            Report report = input.analyze("check", err, false, dev.querylens.engine.RuleCatalog.load(), null, traced);
            output.write(report, err, input.quiet);
            LostInput lost = LostInput.of(report);
            if (lost.any() && !acceptPartialInput) {
                // a gate that passes on half the input, or a baseline missing what could not be read, would be a lie
                err.println("querylens check: " + lost.summary() + "; not judging partial input"
                        + (writeBaseline != null ? " nor writing " + writeBaseline : "") + " (--accept-partial-input judges what was read)");
                return ExitCode.USAGE_OR_INPUT;
            }
            if (lost.any()) {
                err.println("querylens check: --accept-partial-input: judging what was read; " + lost.counted() + ":");
                lost.list(err);
            }
            if (writeBaseline != null) {
                Baseline.of(report.findings()).write(writeBaseline);
                input.say(err,"querylens check: baseline of " + report.findings().size() + " finding(s) written to " + writeBaseline);
                return ExitCode.OK;
            }
            Baseline.Comparison c = accepted.compare(report.findings());
            List<Finding> failing = c.fresh().stream().filter(f -> f.severity().compareTo(threshold) >= 0).toList();
            if (failing.size() > maxNew || !input.quiet) {
                err.println(summary(c));
            }
            for (Finding f : failing) {
                err.println("  new " + f.severity().label() + " " + f.rule() + ": " + OneLine.of((f.sql() != null ? f.sql() : f.table())
                        + (f.locations().isEmpty() ? "" : " (" + f.locations().get(0) + ")")));
            }
            return failing.size() > maxNew ? ExitCode.GATE_FAILED : ExitCode.OK;
        } catch (InputOptions.InputError e) {
            err.println("querylens check: " + e.getMessage());
            return ExitCode.USAGE_OR_INPUT;
        }
    }

    static String summary(Baseline.Comparison c) {
        long errors = c.fresh().stream().filter(f -> f.severity() == Severity.ERROR).count();
        long warnings = c.fresh().stream().filter(f -> f.severity() == Severity.WARNING).count();
        long infos = c.fresh().stream().filter(f -> f.severity() == Severity.INFO).count();
        return String.format(Locale.ROOT, "%d new finding%s (%d error%s, %d warning%s, %d info), %d baselined, %d fixed",
                c.fresh().size(), c.fresh().size() == 1 ? "" : "s", errors, errors == 1 ? "" : "s",
                warnings, warnings == 1 ? "" : "s", infos, c.baselined().size(), c.fixed().size());
    }

    private static Severity parseSeverity(String s) throws InputOptions.InputError {
        try {
            return Severity.parse(s);
        } catch (IllegalArgumentException e) {
            throw new InputOptions.InputError("--fail-on must be error, warning or info, not '" + s + "'");
        }
    }

    /** The accepted findings; a missing file is the usual first-run mistake, so the message says how to make one. */
    static Baseline readBaseline(Path file) throws InputOptions.InputError {
        if (!java.nio.file.Files.exists(file)) {
            throw new InputOptions.InputError("no baseline at " + file + ": create it from the current findings with"
                    + " 'querylens check --write-baseline " + file + " PATH...', then commit it");
        }
        try {
            return Baseline.read(file);
        } catch (IOException e) {
            throw new InputOptions.InputError("cannot read baseline " + file + " (" + QueryLensCommand.problem(e)
                    + "); 'querylens check --write-baseline " + file + " PATH...' writes a new one");
        }
    }
}
