package dev.querylens.cli;

import dev.querylens.analysis.ProjectConfig;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.engine.RuleSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules switched on or off on the command line ({@code --only}, {@code --exclude}), laid over
 * the project's settings: a rule left out is disabled as {@code enabled: false} in querylens.yaml
 * would disable it, and a rule kept keeps its configured severity and parameters.
 */
record RuleChoice(List<String> only, List<String> exclude) {
    RuleChoice {
        only = only == null ? List.of() : List.copyOf(only);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }

    /**
     * The settings with this choice applied. Every id must name a rule (a typo that silently kept
     * a rule on, or ran none, would be worse than stopping), and {@code --only} must name one the
     * command runs: {@code migrations} runs the migration rules alone.
     */
    ProjectConfig applyTo(ProjectConfig config, RuleCatalog catalog, String command) throws InputOptions.InputError {
        if (only.isEmpty() && exclude.isEmpty()) {
            return config;
        }
        List<String> known = new ArrayList<>(new java.util.TreeSet<>(catalog.knownIds()));
        check("--only", only, known);
        check("--exclude", exclude, known);
        for (String id : only) {
            if (catalog.find(id).isEmpty()) {
                throw new InputOptions.InputError("--only " + id + ": '" + command + "' does not run that rule (it runs "
                        + String.join(", ", catalog.entries().stream().map(e -> e.definition().id()).toList()) + ")");
            }
        }
        Map<String, RuleSettings> rules = new LinkedHashMap<>(config.rules());
        for (RuleCatalog.Entry e : catalog.entries()) {
            String id = e.definition().id();
            boolean off = exclude.contains(id) || (!only.isEmpty() && !only.contains(id));
            if (off) {
                RuleSettings s = rules.getOrDefault(id, RuleSettings.DEFAULT);
                rules.put(id, new RuleSettings(false, s.severity(), s.parameters()));
            }
        }
        return new ProjectConfig(rules, config.ignorePaths(), config.ignoreTables(), config.source(), config.supabase(),
                config.allowFunctions(), config.logFormats());
    }

    private static void check(String option, List<String> ids, List<String> known) throws InputOptions.InputError {
        for (String id : ids) {
            if (!known.contains(id)) {
                List<String> near = NearestNames.of(id, known);
                throw new InputOptions.InputError(option + ": unknown rule '" + id + "'"
                        + (near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near.stream().map(n -> "'" + n + "'").toList()) + "?")
                        + " ('querylens rules' lists them)");
            }
        }
    }
}
