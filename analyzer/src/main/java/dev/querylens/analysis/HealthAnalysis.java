package dev.querylens.analysis;

import dev.querylens.collect.Diagnostic;
import dev.querylens.database.ConnectionSettings;
import dev.querylens.database.DatabaseUnavailable;
import dev.querylens.database.LiveHealth;
import dev.querylens.database.UserDatabase;
import dev.querylens.engine.ApiExposure;
import dev.querylens.engine.ConnectionFacts;
import dev.querylens.engine.Finding;
import dev.querylens.engine.HealthFacts;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.engine.RuleEngine;
import dev.querylens.report.Report;
import dev.querylens.schema.Catalog;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Wires the health stages alone ({@code querylens health}): one live database's statistics, the health rules, the report. */
public final class HealthAnalysis {
    private final RuleCatalog rules;
    private final String toolVersion;
    private final Consumer<String> progress;

    public HealthAnalysis(RuleCatalog rules, String toolVersion, Consumer<String> progress) {
        this.rules = rules;
        this.toolVersion = toolVersion;
        this.progress = progress;
    }

    /**
     * The health report of one live database alone ({@code querylens health}): its health statistics
     * judged by the enabled health rules, no workload read (pg_stat_statements is analyze's). A
     * database that cannot be read is lost input, never a healthy report.
     */
    public Report run(ConnectionSettings database, ProjectConfig config) {
        return run(database, config, null).report();
    }

    /**
     * The report, and the history with this run's snapshot added when one was given and the database
     * could be read ({@code next} is null otherwise: nothing new to keep).
     */
    public record Run(Report report, HealthHistory next) {
    }

    /**
     * The health report judged with {@code history}'s earlier sequence readings (null: none), so
     * sequence-near-limit can say the rate and the days left.
     */
    public Run run(ConnectionSettings database, ProjectConfig config, HealthHistory history) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        RuleEngine engine = new RuleEngine(rules, config.rules());
        String label = "db " + database.shown();
        LiveHealth live = null;
        if (engine.judgesHealth()) {
            progress.accept("reading the statistics, catalog state and sessions of " + database.shown());
            try (UserDatabase db = UserDatabase.open(database, UserDatabase.Access.READ_ONLY)) {
                live = db.health();
            } catch (DatabaseUnavailable | java.sql.SQLException e) {
                diagnostics.add(Diagnostic.lost(label, 0, -1, "cannot read its health statistics: " + e.getMessage()));
            }
        } else {
            diagnostics.add(new Diagnostic(label, 0, "no health rule is enabled (--only, --exclude or the configuration): nothing judged"));
        }
        // the client's clock: the earlier snapshots' times were taken by it too
        java.time.Instant now = java.time.Instant.now();
        HealthFacts facts = new HealthFacts(live, live == null ? null : label,
                history == null ? dev.querylens.engine.SequenceHistory.NONE : history.sequences(now));
        List<Finding> judged = live == null ? List.of() : engine.judge(List.of(), List.of(), Catalog.empty(), ApiExposure.none(),
                List.of(), ConnectionFacts.NONE, facts);
        engine.notes().forEach(note -> diagnostics.add(new Diagnostic("rules", 0, note)));
        List<Finding> findings = judged.stream().filter(f -> !config.ignoresTable(f.table())).toList();
        Report report = new Report(toolVersion, List.of(new Report.Input(label, live == null ? "skipped" : "health")), 0, List.of(), findings,
                List.of(), List.of(), diagnostics, engine.suppressedCount() + judged.size() - findings.size(), 0,
                rules.entries().stream().map(RuleCatalog.Entry::definition).toList());
        return new Run(report, history == null || live == null ? null : history.with(now, live));
    }
}
