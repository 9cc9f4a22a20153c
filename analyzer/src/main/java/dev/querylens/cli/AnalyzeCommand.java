package dev.querylens.cli;

import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.analysis.ProjectConfig;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.report.JsonReportWriter;
import dev.querylens.report.Report;
import dev.querylens.report.ReportWriter;
import dev.querylens.report.TextReportWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Analyze SQL files, migrations, PostgreSQL stderr logs and EXPLAIN (FORMAT JSON) files;"
                + " report statement groups, findings and recommended indexes.",
                "Each file's kind is detected from its content; directories are read recursively; '-' reads stdin."
                + " DDL among the inputs (CREATE TABLE, CREATE INDEX, ...) feeds the schema."},
        footer = {"", "Exit codes: 0 report written, 2 usage error or no input could be read."})
final class AnalyzeCommand implements Callable<Integer> {
    enum Format { text, json }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories to analyze.")
    List<Path> paths;

    @Option(names = "--schema", paramLabel = "PATH", split = ",",
            description = "DDL files or directories (CREATE TABLE/INDEX, ALTER TABLE, CREATE POLICY) describing the schema.")
    List<Path> schema = List.of();

    @Option(names = "--format", defaultValue = "text", description = "Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of standard output.")
    Path output;

    @Option(names = "--log-line-prefix", paramLabel = "PREFIX",
            description = "The server's log_line_prefix setting, for stderr logs (default: Debian's '%%m [%%p] %%q%%u@%%d ').")
    String logLinePrefix;

    @Option(names = {"-q", "--quiet"}, description = "No progress messages on stderr.")
    boolean quiet;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Project settings (rules on/off, severities, parameters, ignored paths and tables)."
                    + " Default: querylens.yaml, querylens.yml or querylens.json in the working directory, if present.")
    Path config;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        RuleCatalog catalog = RuleCatalog.load();
        ProjectConfig settings;
        try {
            settings = ProjectConfig.locate(config, Path.of(""), catalog);
        } catch (ProjectConfig.InvalidConfig e) {
            err.println("querylens analyze: " + e.getMessage());
            return 2;
        }
        boolean showProgress = !quiet && System.console() != null;
        Analysis analysis = new Analysis(catalog, QueryLensCommand.version(),
                message -> {
                    if (showProgress) {
                        err.print("\r\033[K" + message);
                        err.flush();
                    }
                });
        Report report = analysis.run(new AnalysisRequest(paths, schema, logLinePrefix, settings));
        if (showProgress) {
            err.print("\r\033[K");
            err.flush();
        }
        boolean nothingRead = report.inputs().stream().noneMatch(i -> !i.kind().equals("skipped") && !i.kind().equals("schema"));
        if (nothingRead) {
            err.println("querylens analyze: no readable input"
                    + (report.diagnostics().isEmpty() ? "" : " (" + report.diagnostics().get(0) + ")"));
            return 2;
        }
        ReportWriter writer = format == Format.json ? new JsonReportWriter() : new TextReportWriter();
        if (output != null) {
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                writer.write(report, w);
            }
            err.println("querylens: report written to " + output);
        } else {
            Writer w = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
            writer.write(report, w);
            w.flush();
        }
        return 0;
    }
}
