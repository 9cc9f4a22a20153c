package dev.querylens.engine;

import dev.querylens.collect.SourceLocation;
import dev.querylens.migration.MigrationStep;
import dev.querylens.migration.WorkloadUse;
import dev.querylens.plan.PlanNode;
import dev.querylens.schema.Catalog;
import dev.querylens.sql.StatementFacts;
import dev.querylens.workload.SessionEvent;
import dev.querylens.workload.StatementGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Runs the enabled rules of a catalog. Sequence rules watch executions while they are collected;
 * the others run once collection is over, when the catalog and the parsed facts are known.
 * Findings on a statement whose source suppressed that rule inline are dropped and counted.
 */
public final class RuleEngine {
    private final RuleCatalog rules;
    private final Map<String, RuleSettings> settings;
    private final List<SequenceRule.Watcher> watchers = new ArrayList<>();
    private final List<Finding> sequenceFindings = new ArrayList<>();
    private final SortedSet<String> notes = new TreeSet<>();
    private int suppressed;

    public RuleEngine(RuleCatalog rules, Map<String, RuleSettings> settings) {
        this.rules = rules;
        this.settings = Map.copyOf(settings);
        SharedPasses shared = new SharedPasses();
        for (RuleCatalog.Entry e : enabled()) {
            if (e.rule() instanceof SequenceRule sequence) {
                watchers.add(sequence.watch(context(e, Catalog.empty(), ApiExposure.none()), shared));
            }
        }
        // the shared passes first: the rules read what a pass made of an execution, and a pass's
        // finish closes what was still open before the rules report
        watchers.addAll(0, shared.all());
    }

    /** Feeds one execution, in session order, to every sequence rule. */
    public void observe(SessionEvent event) {
        // by index: the JIT bin/querylens runs (C1) allocates an iterator per for-each, here per execution
        for (int i = 0; i < watchers.size(); i++) {
            watchers.get(i).accept(event);
        }
    }

    /** A session ended: the sequence rules close what they had open for it and let go of its state. */
    public void endSession(String session) {
        for (int i = 0; i < watchers.size(); i++) {
            watchers.get(i).sessionEnded(session);
        }
    }

    /** A statement shape with its facts, for the statement rules. */
    public record AnalyzedStatement(StatementGroup group, StatementFacts facts) {
    }

    /** A plan to judge, with the statement it belongs to when known. */
    public record PlanInput(PlanNode root, String sql, SourceLocation location) {
    }

    public List<Finding> judge(List<AnalyzedStatement> statements, List<PlanInput> plans, Catalog catalog) {
        return judge(statements, plans, catalog, ApiExposure.none());
    }

    /** Judges with what is known about the API that exposes the catalog's schemas (read by the RLS rules). */
    public List<Finding> judge(List<AnalyzedStatement> statements, List<PlanInput> plans, Catalog catalog, ApiExposure api) {
        return judge(statements, plans, catalog, api, List.of());
    }

    /** Judges, with the migration history's steps in the order the migrator applies them for the migration rules. */
    public List<Finding> judge(List<AnalyzedStatement> statements, List<PlanInput> plans, Catalog catalog, ApiExposure api,
                               List<MigrationStep> migrations) {
        return judge(statements, plans, catalog, api, migrations, ConnectionFacts.NONE);
    }

    /** Whether an enabled rule reads connection facts: only then is a live database's pg_stat_activity read. */
    public boolean judgesConnections() {
        return enabled().stream().anyMatch(e -> e.rule() instanceof ConnectionRule);
    }

    /** Whether an enabled rule reads a live database's health: only then are its index statistics, sequences and ages read. */
    public boolean judgesHealth() {
        return enabled().stream().anyMatch(e -> e.rule() instanceof HealthRule);
    }

    /** Judges, also with what the logs and a live database say about connections for the connection rules. */
    public List<Finding> judge(List<AnalyzedStatement> statements, List<PlanInput> plans, Catalog catalog, ApiExposure api,
                               List<MigrationStep> migrations, ConnectionFacts connections) {
        return judge(statements, plans, catalog, api, migrations, connections, HealthFacts.NONE);
    }

    /** Judges, also with a live database's health for the health rules. */
    public List<Finding> judge(List<AnalyzedStatement> statements, List<PlanInput> plans, Catalog catalog, ApiExposure api,
                               List<MigrationStep> migrations, ConnectionFacts connections, HealthFacts health) {
        List<Finding> findings = new ArrayList<>();
        WorkloadUse workload = new WorkloadUse(statements.stream().map(s -> new WorkloadUse.Use(s.group(), s.facts())).toList());
        for (SequenceRule.Watcher w : watchers) {
            sequenceFindings.addAll(w.finish());
        }
        watchers.clear();
        findings.addAll(sequenceFindings);
        Map<String, StatementGroup> bySql = new HashMap<>();
        statements.forEach(s -> bySql.putIfAbsent(s.group().sql(), s.group()));
        for (RuleCatalog.Entry e : enabled()) {
            RuleContext ctx = context(e, catalog, api);
            if (e.rule() instanceof StatementRule rule) {
                for (AnalyzedStatement s : statements) {
                    if (s.group().suppressed().contains(e.definition().id())) {
                        suppressed += rule.check(s.group(), s.facts(), ctx).size();
                    } else {
                        rule.check(s.group(), s.facts(), ctx).forEach(f -> findings.add(timed(f, s.group())));
                    }
                }
            } else if (e.rule() instanceof SchemaRule rule) {
                findings.addAll(rule.check(ctx));
                rule.note(ctx).ifPresent(notes::add);
            } else if (e.rule() instanceof MigrationRule rule) {
                for (MigrationStep step : migrations) {
                    List<Finding> found = rule.check(step, workload, ctx);
                    if (step.suppressed().contains(e.definition().id())) {
                        suppressed += found.size();
                    } else {
                        findings.addAll(found);
                    }
                }
            } else if (e.rule() instanceof ConnectionRule rule) {
                findings.addAll(rule.check(connections, ctx));
                rule.note(connections, ctx).ifPresent(notes::add);
            } else if (e.rule() instanceof HealthRule rule) {
                findings.addAll(rule.check(health, ctx));
                rule.note(health, ctx).ifPresent(notes::add);
            } else if (e.rule() instanceof PlanRule rule) {
                for (PlanInput p : plans) {
                    StatementGroup group = p.sql() == null ? null : bySql.get(p.sql());
                    for (Finding f : rule.check(p.root(), p.sql(), p.location(), ctx)) {
                        findings.add(group != null && group.timedCalls() > 0 ? timed(f, group) : timed(f, p.root()));
                    }
                }
            }
        }
        findings.sort(ORDER);
        return findings;
    }

    /**
     * The report's order: what decides first, the findings at or above {@code failOn} that fail
     * {@code check}; then what costs the most time (a 2-second N+1 before a leading wildcard run
     * twice), findings without a known time after those with one, then the worse severity; the
     * rest only makes the order total, so identical input gives an identical report.
     */
    public static Comparator<Finding> order(Severity failOn) {
        return Comparator.comparing((Finding f) -> f.severity().compareTo(failOn) < 0).thenComparing(BY_TIME);
    }

    private static final Comparator<Finding> BY_TIME = Comparator
            .comparing((Finding f) -> !f.hasTimeAtStake())
            .thenComparing(Comparator.comparingDouble((Finding f) -> f.hasTimeAtStake() ? f.timeAtStakeMs() : 0).reversed())
            .thenComparing(Comparator.comparing(Finding::severity).reversed())
            .thenComparing(Finding::rule)
            .thenComparing(f -> f.table() == null ? "" : f.table())
            .thenComparing(f -> f.sql() == null ? "" : f.sql())
            .thenComparing(Finding::message)
            .thenComparing(f -> f.locations().isEmpty() ? "" : f.locations().get(0).toString());

    /** The report's order for the default gate ({@code check --fail-on error}): see {@link #order}. Declared after BY_TIME, which it uses. */
    public static final Comparator<Finding> ORDER = order(Severity.ERROR);

    /** A statement finding's time at stake is its statement group's total time, when the input timed it. */
    private static Finding timed(Finding f, StatementGroup group) {
        return f.hasTimeAtStake() || group.timedCalls() == 0 ? f : f.withTimeAtStake(group.totalTimeMs());
    }

    /** A plan finding without a timed statement: the plan's own execution time, when it was run with ANALYZE. */
    private static Finding timed(Finding f, PlanNode root) {
        boolean ran = root.analyzed() && !Double.isNaN(root.actualTotalTimeMs());
        return f.hasTimeAtStake() || !ran ? f : f.withTimeAtStake(root.weight());
    }

    /** Lines for the report from rules that chose not to look (how to switch them on), sorted, each once. */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    public int suppressedCount() {
        return suppressed;
    }

    private List<RuleCatalog.Entry> enabled() {
        return rules.entries().stream()
                .filter(e -> settings.getOrDefault(e.definition().id(), RuleSettings.DEFAULT).enabled())
                .toList();
    }

    private RuleContext context(RuleCatalog.Entry e, Catalog catalog, ApiExposure api) {
        RuleSettings s = settings.getOrDefault(e.definition().id(), RuleSettings.DEFAULT);
        Map<String, Object> params = new HashMap<>();
        e.definition().parameters().forEach((name, p) -> {
            if (p.defaultValue() != null) {
                params.put(name, p.defaultValue());
            }
        });
        params.putAll(s.parameters());
        Severity severity = s.severity() != null ? s.severity() : e.definition().severity();
        return new RuleContext(catalog, e.definition(), severity, params, api);
    }
}
