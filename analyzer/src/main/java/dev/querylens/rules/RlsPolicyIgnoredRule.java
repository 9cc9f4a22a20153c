package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.SchemaRule;
import dev.querylens.schema.Policy;
import dev.querylens.schema.Table;
import dev.querylens.sql.Quote;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Policies on a table whose row level security is off: PostgreSQL ignores them, so the table is
 * open although its DDL reads as if it were guarded (usually a forgotten ENABLE ROW LEVEL SECURITY).
 */
public final class RlsPolicyIgnoredRule implements SchemaRule {
    @Override
    public String id() {
        return "rls-policy-ignored";
    }

    @Override
    public List<Finding> check(RuleContext context) {
        List<Finding> out = new ArrayList<>();
        for (Table t : SupabaseScope.tables(context)) {
            if (t.rowLevelSecurity() || t.policies().isEmpty()) {
                continue;
            }
            List<String> names = t.policies().stream().map(Policy::name).toList();
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("policies", names);
            out.add(SupabaseScope.finding(id(), context, t, "Table " + t.qualifiedName() + " has " + names.size()
                    + (names.size() == 1 ? " policy" : " policies") + " but row level security is disabled, so PostgreSQL ignores them",
                    List.of(), evidence, "ALTER TABLE " + Quote.qualified(t.schema(), t.name()) + " ENABLE ROW LEVEL SECURITY;"));
        }
        return out;
    }

    @Override
    public java.util.Optional<String> note(RuleContext context) {
        return SupabaseScope.note(context);
    }
}
