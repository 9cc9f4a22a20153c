package dev.querylens.cli;

import picocli.CommandLine.Command;

@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explain one statement's plan and findings in depth (not available yet).")
final class ExplainCommand extends NotBuiltYet {
    @Override
    String whatIsMissing() {
        return "the per-statement explanation is not built; 'analyze' reads EXPLAIN JSON files";
    }
}
