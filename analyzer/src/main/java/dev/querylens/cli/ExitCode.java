package dev.querylens.cli;

/**
 * The exit codes every command shares, and the footer lines that document them in {@code --help}
 * (annotation values must be compile-time constants, hence strings rather than a method).
 */
final class ExitCode {
    /** Success: the report was written and, for check, the gate passed. */
    static final int OK = 0;
    /** check only: new findings at or above --fail-on (beyond --max-new). */
    static final int GATE_FAILED = 1;
    /**
     * The run could not do what was asked: a usage or configuration error, no readable input (advise:
     * its database cannot be reached), or (check) input that was lost without --accept-partial-input.
     */
    static final int USAGE_OR_INPUT = 2;
    /** analyze and advise: the report was written, but some input was lost and it covers only the rest. */
    static final int PARTIAL_REPORT = 3;

    static final String HEADING = "Exit codes:";
    static final String LINE_0 = "  0  success";
    static final String LINE_1 = "  1  check, migrations, health: (new) findings at or above --fail-on";
    // picocli wraps footer lines at 80 columns without indenting the rest: each line stays shorter
    static final String LINE_2 = "  2  usage or configuration error, unreadable baseline, no readable input;";
    static final String LINE_2_MORE = "     check: some input lost (e.g. --db unreachable), no --accept-partial-input";
    static final String LINE_3 = "  3  analyze, advise: report written, but some input was lost";

    private ExitCode() {
    }
}
