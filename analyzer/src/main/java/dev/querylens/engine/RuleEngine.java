package dev.querylens.engine;

import dev.querylens.collect.SourceLocation;
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
    private final java.util.SortedSet<String> notes = new java.util.TreeSet<>();
    private int suppressed;

    public RuleEngine(RuleCatalog rules, Map<String, RuleSettings> settings) {
        this.rules = rules;
        this.settings = Map.copyOf(settings);
        for (RuleCatalog.Entry e : enabled()) {
            if (e.rule() instanceof SequenceRule sequence) {
                watchers.add(sequence.watch(context(e, Catalog.empty(), ApiExposure.none())));
            }
        }
    }

    /** Feeds one execution, in session order, to every sequence rule. */
    public void observe(SessionEvent event) {
        for (SequenceRule.Watcher w : watchers) {
            w.accept(event);
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
        List<Finding> findings = new ArrayList<>();
        for (SequenceRule.Watcher w : watchers) {
            sequenceFindings.addAll(w.finish());
        }
        watchers.clear();
        findings.addAll(sequenceFindings);
        for (RuleCatalog.Entry e : enabled()) {
            RuleContext ctx = context(e, catalog, api);
            if (e.rule() instanceof StatementRule rule) {
                for (AnalyzedStatement s : statements) {
                    if (s.group().suppressed().contains(e.definition().id())) {
                        suppressed += rule.check(s.group(), s.facts(), ctx).size();
                    } else {
                        findings.addAll(rule.check(s.group(), s.facts(), ctx));
                    }
                }
            } else if (e.rule() instanceof SchemaRule rule) {
                findings.addAll(rule.check(ctx));
                rule.note(ctx).ifPresent(notes::add);
            } else if (e.rule() instanceof PlanRule rule) {
                for (PlanInput p : plans) {
                    findings.addAll(rule.check(p.root(), p.sql(), p.location(), ctx));
                }
            }
        }
        findings.sort(Comparator.comparing(Finding::severity).reversed()
                .thenComparing(Finding::rule)
                .thenComparing(f -> f.table() == null ? "" : f.table())
                .thenComparing(f -> f.sql() == null ? "" : f.sql()));
        return findings;
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
