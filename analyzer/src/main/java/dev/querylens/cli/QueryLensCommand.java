package dev.querylens.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code querylens} command: wires subcommands, nothing else. */
@Command(name = "querylens",
        mixinStandardHelpOptions = true,
        versionProvider = QueryLensCommand.Version.class,
        description = "Finds PostgreSQL query performance problems in SQL files, server logs and EXPLAIN plans,"
                + " and recommends indexes.",
        subcommands = {AnalyzeCommand.class, CheckCommand.class, AdviseCommand.class, ExplainCommand.class,
                RulesCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 findings at or above the failure threshold (check), 2 usage or input error."})
public final class QueryLensCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line, for callers (tests, embedding) that set their own output streams. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new QueryLensCommand());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("querylens: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 2;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static String version() {
        try (InputStream in = QueryLensCommand.class.getResourceAsStream("/querylens-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Reads the version Maven wrote into the jar. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"querylens " + version()};
        }
    }
}
