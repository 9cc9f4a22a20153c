package dev.querylens.cli;

import dev.querylens.engine.RuleCatalog;
import dev.querylens.engine.RuleDefinition;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "rules", mixinStandardHelpOptions = true,
        description = "List the rule catalog, or print one rule's documentation with its examples.",
        footer = {"", ExitCode.HEADING, "  0  catalog or rule printed", "  2  unknown rule id or usage error"})
final class RulesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "RULE-ID", description = "A rule id, e.g. missing-index.")
    String id;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RuleCatalog catalog = RuleCatalog.load();
        if (id == null) {
            for (RuleCatalog.Entry e : catalog.entries()) {
                RuleDefinition d = e.definition();
                out.printf("%-28s %-8s %-10s %s%n", d.id(), d.severity().label(), d.kind(), d.title());
            }
            return 0;
        }
        var entry = catalog.find(id);
        if (entry.isEmpty()) {
            java.util.List<String> near = NearestNames.of(id, catalog.entries().stream().map(e -> e.definition().id()).toList());
            spec.commandLine().getErr().println("querylens rules: no rule '" + id + "'"
                    + (near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near) + "?") + " ('querylens rules' lists them)");
            return 2;
        }
        RuleDefinition d = entry.get().definition();
        out.printf("%s: %s%n%nseverity: %s   category: %s   kind: %s%n%n", d.id(), d.title(), d.severity().label(), d.category(), d.kind());
        out.printf("Why it matters%n  %s%n%nHow to fix%n  %s%n%nThresholds follow%n  %s%n", d.rationale().strip(), d.fix().strip(), d.source().strip());
        if (!d.parameters().isEmpty()) {
            out.printf("%nParameters%n");
            d.parameters().forEach((name, p) -> out.printf("  %s = %s  %s%n", name, p.defaultValue(), p.description()));
        }
        out.printf("%nExamples%n");
        for (RuleDefinition.Example x : d.examples()) {
            out.printf("%n  [%s] %s%n", x.fires() > 0 ? "fires" : "silent", x.name());
            // where the input lives, the project's config and table sizes change what these rules find: say so
            if (x.config() != null) {
                x.config().lines().forEach(l -> out.println("    # querylens.yaml: " + l));
            }
            if (x.schemaFile() != null) {
                out.println("    # schema in " + x.schemaFile());
            }
            if (x.sqlFile() != null) {
                out.println("    # statements in " + x.sqlFile());
            }
            x.rowEstimates().forEach((table, rows) -> out.println("    # " + table + ": about " + rows + " rows"));
            for (String part : new String[] {x.schema(), x.sql(), x.log()}) {
                if (part != null) {
                    part.lines().forEach(l -> out.println("    " + l));
                }
            }
        }
        return 0;
    }
}
