package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.SchemaRule;
import dev.querylens.schema.Policy;
import dev.querylens.schema.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A permissive policy for INSERT, UPDATE, DELETE (or ALL) whose USING or WITH CHECK is just
 * {@code true}: every role it applies to may write every row. Public reads (FOR SELECT USING (true))
 * are a common, deliberate choice and are not judged.
 */
public final class RlsWriteAlwaysTrueRule implements SchemaRule {
    @Override
    public String id() {
        return "rls-write-always-true";
    }

    @Override
    public List<Finding> check(RuleContext context) {
        List<Finding> out = new ArrayList<>();
        for (Table t : SupabaseScope.tables(context)) {
            for (Policy p : t.policies()) {
                if (!p.permissive() || p.command().equals("SELECT")) {
                    continue;
                }
                List<String> clauses = new ArrayList<>();
                if (p.using().alwaysTrue()) {
                    clauses.add("USING (true)");
                }
                if (p.withCheck().alwaysTrue()) {
                    clauses.add("WITH CHECK (true)");
                }
                if (clauses.isEmpty()) {
                    continue;
                }
                Map<String, Object> evidence = new LinkedHashMap<>();
                evidence.put("policy", p.name());
                evidence.put("command", p.command());
                evidence.put("roles", p.roles());
                out.add(SupabaseScope.finding(id(), context, t, java.util.Collections.singletonList(p.definedAt()), "Policy \"" + p.name() + "\" on " + t.qualifiedName() + " lets "
                        + String.join(", ", p.roles()) + " " + p.command() + " any row: " + String.join(" and ", clauses),
                        List.of(), evidence, SupabaseScope.alterPolicy(t, p)
                                + " USING (<condition on the row, e.g. owner_id = (select auth.uid())>); or drop the policy if the role must not write."));
            }
        }
        return out;
    }

    @Override
    public java.util.Optional<String> note(RuleContext context) {
        return SupabaseScope.note(context);
    }
}
