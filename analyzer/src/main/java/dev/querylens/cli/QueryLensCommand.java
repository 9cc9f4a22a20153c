package dev.querylens.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code querylens} command: wires subcommands, nothing else. */
@Command(name = "querylens",
        mixinStandardHelpOptions = true,
        versionProvider = QueryLensCommand.Version.class,
        description = "Finds PostgreSQL query performance problems in SQL files, server logs and EXPLAIN plans,"
                + " and recommends indexes.",
        subcommands = {AnalyzeCommand.class, CheckCommand.class, MigrationsCommand.class, HealthCommand.class, AdviseCommand.class, ExplainCommand.class,
                RulesCommand.class, CommandLine.HelpCommand.class},
        footer = {"", ExitCode.HEADING, ExitCode.LINE_0, ExitCode.LINE_1, ExitCode.LINE_2, ExitCode.LINE_2_MORE, ExitCode.LINE_3})
public final class QueryLensCommand implements java.util.concurrent.Callable<Integer> {
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
        CommandLine cli = new CommandLine(new QueryLensCommand()) {
            // every command's stderr, and any a caller sets later (tests do), goes through the escaping
            @Override
            public CommandLine setErr(PrintWriter err) {
                return super.setErr(VisibleErr.of(err));
            }
        };
        cli.setErr(cli.getErr()); // now, so the subcommands get it before any asks for its own
        // one line naming the problem, not picocli's full usage text: in a CI log the usage hides the error
        cli.setParameterExceptionHandler((e, given) -> {
            CommandLine cmd = e.getCommandLine();
            String hint = suggestions(e).isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions(e)) + "?";
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + firstLine(e.getMessage()) + hint
                    + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
            return ExitCode.USAGE_OR_INPUT;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + problem(e));
            return ExitCode.USAGE_OR_INPUT;
        });
        return cli;
    }

    /**
     * What a mistyped word was likely meant to be: picocli's own suggestions for options, and for a
     * word where a command was expected, the nearest subcommand names (picocli offers none there).
     */
    private static java.util.List<String> suggestions(CommandLine.ParameterException e) {
        if (!(e instanceof CommandLine.UnmatchedArgumentException u)) {
            return java.util.List.of();
        }
        java.util.List<String> unmatched = u.getUnmatched();
        if (unmatched.isEmpty() || unmatched.get(0).startsWith("-")) {
            return u.getSuggestions();
        }
        // picocli's similarity suggests some command for any word ('frobnicate': migrations); an edit distance does not
        java.util.Set<String> commands = e.getCommandLine().getSubcommands().keySet();
        return NearestNames.of(unmatched.get(0), java.util.List.copyOf(commands));
    }

    /** One line for an exception nobody handled; a file system error's message is only the path, so it is named. */
    static String problem(Exception e) {
        String message = firstLine(e.getMessage());
        if (e instanceof java.nio.file.FileSystemException || message.isEmpty()) {
            return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
        }
        return message;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /** No command given: the usage, on stderr since it is not what was asked for, and a usage error's exit code. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE_OR_INPUT;
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
