package dev.querylens.cli;

import picocli.CommandLine.Command;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "CI quality gate: analyze and exit 1 on findings at or above a severity (not available yet).")
final class CheckCommand extends NotBuiltYet {
    @Override
    String whatIsMissing() {
        return "the CI gate with baselines and SARIF is not built";
    }
}
