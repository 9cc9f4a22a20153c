package dev.querylens.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;

/** A subcommand whose stage does not exist yet: it says so in one line and exits 2, never pretends. */
abstract class NotBuiltYet implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Unmatched
    java.util.List<String> ignored;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("querylens " + spec.name() + ": not available yet in this version ("
                + whatIsMissing() + "); use 'querylens analyze'.");
        return 2;
    }

    abstract String whatIsMissing();
}
