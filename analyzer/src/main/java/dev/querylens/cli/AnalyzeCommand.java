package dev.querylens.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Analyze SQL files, migrations, PostgreSQL stderr logs and EXPLAIN (FORMAT JSON) files;"
                + " report statement groups, findings and recommended indexes.",
                "Each file's kind is detected from its content; directories are read recursively; '-' reads stdin."
                + " DDL among the inputs (CREATE TABLE, CREATE INDEX, ...) feeds the schema."},
        footer = {"", "Exit codes: 0 report written, 2 usage error or no input could be read."})
final class AnalyzeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    InputOptions input;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        try {
            output.write(input.analyze("analyze", spec.commandLine().getErr(), true), spec.commandLine().getErr());
            return 0;
        } catch (InputOptions.InputError e) {
            spec.commandLine().getErr().println("querylens analyze: " + e.getMessage());
            return 2;
        }
    }
}
