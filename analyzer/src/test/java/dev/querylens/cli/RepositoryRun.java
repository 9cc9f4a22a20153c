package dev.querylens.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A repository's files written under a temporary folder, and the CLI run on them in-process as a
 * newcomer runs it, with what it printed on stderr kept for the test's messages.
 */
final class RepositoryRun {
    final StringWriter err = new StringWriter();

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    int run(String... args) {
        var cli = QueryLensCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }
}
