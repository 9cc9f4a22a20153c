package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.MigrationRule;
import dev.querylens.engine.RuleContext;
import dev.querylens.migration.MigrationStep;
import dev.querylens.migration.WorkloadUse;
import dev.querylens.workload.StatementGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DROP or RENAME of a table or column that the analyzed workload (logs, traces, .sql queries,
 * pg_stat_statements) still reads or writes: those statements fail the moment the migration
 * commits. The statements are the evidence.
 */
public final class DropOrRenameInUseRule implements MigrationRule {
    @Override
    public String id() {
        return "drop-or-rename-in-use";
    }

    @Override
    public List<Finding> check(MigrationStep step, WorkloadUse workload, RuleContext context) {
        Destructive d = Destructive.of(step);
        if (d == null) {
            return List.of();
        }
        List<StatementGroup> users = DropOrRenameRule.users(d, workload);
        if (users.isEmpty()) {
            return List.of();
        }
        int shown = (int) context.number("maxStatements");
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("statementsUsingIt", users.size());
        evidence.put("statements", users.stream().limit(shown).map(g -> g.text() + " (" + g.calls() + " call" + (g.calls() == 1 ? "" : "s")
                + (g.locations().isEmpty() ? "" : ", " + g.locations().get(0)) + ")").toList());
        long calls = users.stream().mapToLong(StatementGroup::calls).sum();
        String message = d.what() + " while the workload still uses it: " + users.size() + " statement" + (users.size() == 1 ? "" : "s")
                + " (" + calls + " call" + (calls == 1 ? "" : "s") + ") fail once this migration commits, e.g. " + users.get(0).text();
        return List.of(MigrationFindings.of(context, step, message, d.recipe(), evidence));
    }
}
