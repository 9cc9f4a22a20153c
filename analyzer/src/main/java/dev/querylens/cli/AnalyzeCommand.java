package dev.querylens.cli;

import dev.querylens.report.Report;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Analyze SQL files, migrations, PostgreSQL stderr logs and EXPLAIN (FORMAT JSON) files;"
                + " report statement groups, findings and recommended indexes.",
                "Each file's kind is detected from its content; directories are read recursively; '-' reads stdin."
                + " DDL among the inputs (CREATE TABLE, CREATE INDEX, ...) feeds the schema."},
        footer = {"", ExitCode.HEADING,
                "  0  report written",
                "  2  usage or configuration error, no readable input, --db that cannot be used",
                "     (unless --accept-partial-input)",
                "  3  report written, but some input was lost: one stderr line says how much,",
                "     the report's diagnostics say what"})
final class AnalyzeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    InputOptions input;

    @Mixin
    OutputOptions output;

    @CommandLine.Option(names = "--rls-role", paramLabel = "ROLE", description = "With --db: cost statements on tables with row level"
            + " security as this role runs them, with its policies applied (Supabase: authenticated), as advise --rls-role does.")
    String rlsRole;

    @CommandLine.Option(names = "--planner-sessions", paramLabel = "N", description = "With --db: sessions to plan what-if costs on"
            + " at once, as advise --planner-sessions (default: this machine's cores, at most "
            + dev.querylens.advisor.HypoPgPlanner.MAX_DEFAULT_SESSIONS + "; at most " + dev.querylens.advisor.HypoPgPlanner.MAX_SESSIONS
            + "; the advice is the same, only faster).")
    Integer plannerSessions;

    @CommandLine.Option(names = "--accept-partial-input", description = "When --db cannot be used, write the report"
            + " without it (exit 3) instead of stopping with exit 2.")
    boolean acceptPartialInput;

    @Override
    public Integer call() throws Exception {
        try {
            if (rlsRole != null && input.database == null) {
                throw new InputOptions.InputError("--rls-role needs --db: policies are applied when statements are costed on the database");
            }
            InputOptions.checkPlannerSessions(plannerSessions);
            if (plannerSessions != null && input.database == null) {
                throw new InputOptions.InputError("--planner-sessions needs --db: what-if costs are planned on the database");
            }
            input.rlsRole = rlsRole;
            input.plannerSessions = plannerSessions != null ? plannerSessions : dev.querylens.advisor.HypoPgPlanner.defaultSessions();
            input.acceptPartialInput = acceptPartialInput;
            Report report = input.analyze("analyze", spec.commandLine().getErr(), true);
            output.write(report, spec.commandLine().getErr(), input.quiet);
            return LostInput.exitCode(report, "analyze", spec.commandLine().getErr());
        } catch (InputOptions.InputError e) {
            spec.commandLine().getErr().println("querylens analyze: " + e.getMessage());
            return ExitCode.USAGE_OR_INPUT;
        }
    }
}
