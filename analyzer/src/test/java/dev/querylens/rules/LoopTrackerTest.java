package dev.querylens.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.collect.InputFiles;
import dev.querylens.engine.ApiExposure;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.SequenceRule;
import dev.querylens.engine.SharedPasses;
import dev.querylens.schema.Catalog;
import dev.querylens.workload.Workload;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The loop rules read one {@link LoopTracker} the engine shares between them: on real logs (the
 * sample application's server log with its sqlcommenter requests, the ORM loops of Django and
 * SQLAlchemy, Hibernate's stderr log), the three rules sharing it find exactly what each finds with
 * a tracker of its own, and find something (else the comparison would say nothing).
 */
class LoopTrackerTest {
    private static final List<String> LOOP_RULES = List.of("n-plus-one", "unbatched-writes", "repeated-identical-query");

    /** What a log hands the sequence rules, in order: each execution and each session's end. */
    private static List<Consumer<SequenceRule.Watcher>> stream(Path log) {
        List<Consumer<SequenceRule.Watcher>> out = new ArrayList<>();
        Workload workload = new Workload(e -> out.add(w -> w.accept(e)), s -> out.add(w -> w.sessionEnded(s)),
                dev.querylens.workload.MemoryLimits.DEFAULT);
        new InputFiles(null, new ObjectMapper()).read(log, workload::add, d -> { });
        return out;
    }

    private static Map<String, RuleContext> contexts() {
        Map<String, RuleContext> contexts = new HashMap<>();
        for (RuleCatalog.Entry e : RuleCatalog.load().entries()) {
            if (LOOP_RULES.contains(e.definition().id())) {
                Map<String, Object> params = new HashMap<>();
                e.definition().parameters().forEach((name, p) -> {
                    if (p.defaultValue() != null) {
                        params.put(name, p.defaultValue());
                    }
                });
                contexts.put(e.definition().id(), new RuleContext(Catalog.empty(), e.definition(), e.definition().severity(), params,
                        ApiExposure.none()));
            }
        }
        return contexts;
    }

    private static SequenceRule rule(String id) {
        return switch (id) {
            case "n-plus-one" -> new NPlusOneRule();
            case "unbatched-writes" -> new UnbatchedWritesRule();
            default -> new RepeatedIdenticalQueryRule();
        };
    }

    @Test
    void threeRulesSharingOneTrackerFindWhatEachFindsAlone() {
        Map<String, RuleContext> contexts = contexts();
        assertEquals(3, contexts.size());
        for (String log : List.of("../samples/taskboard/logs/taskboard-stderr.log", "src/test/resources/orm-loops/django-sqlalchemy.log",
                "../samples/hibernate/hibernate-server.log")) {
            List<Consumer<SequenceRule.Watcher>> events = stream(Path.of(log));
            List<Finding> alone = new ArrayList<>();
            for (String id : LOOP_RULES) {
                SequenceRule.Watcher w = rule(id).watch(contexts.get(id));
                events.forEach(ev -> ev.accept(w));
                alone.addAll(w.finish());
            }
            SharedPasses shared = new SharedPasses();
            List<SequenceRule.Watcher> watchers = new ArrayList<>();
            for (String id : LOOP_RULES) {
                watchers.add(rule(id).watch(contexts.get(id), shared));
            }
            LoopTracker tracker = shared.get(LoopTracker.class, () -> {
                throw new AssertionError("the rules made the tracker");
            });
            // as the engine does: the pass is fed each execution once, the rules' own watchers too (they ignore it)
            events.forEach(ev -> {
                ev.accept(tracker);
                watchers.forEach(ev::accept);
            });
            assertEquals(List.of(), tracker.finish());
            List<Finding> together = new ArrayList<>();
            watchers.forEach(w -> together.addAll(w.finish()));
            assertFalse(alone.isEmpty(), log);
            assertEquals(alone, together, log);
        }
    }

    @Test
    void onePassPerKindHoweverManyRulesAskForIt() {
        SharedPasses shared = new SharedPasses();
        Map<String, RuleContext> contexts = contexts();
        rule("n-plus-one").watch(contexts.get("n-plus-one"), shared);
        LoopTracker first = shared.get(LoopTracker.class, LoopTracker::new);
        rule("unbatched-writes").watch(contexts.get("unbatched-writes"), shared);
        assertSame(first, shared.get(LoopTracker.class, LoopTracker::new));
    }
}
