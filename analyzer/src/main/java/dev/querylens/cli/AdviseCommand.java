package dev.querylens.cli;

import picocli.CommandLine.Command;

@Command(name = "advise", mixinStandardHelpOptions = true,
        description = "Recommend indexes verified with what-if planning on a live database (not available yet).")
final class AdviseCommand extends NotBuiltYet {
    @Override
    String whatIsMissing() {
        return "what-if verification against a database is not built; 'analyze' prints offline index advice";
    }
}
