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
                } else if (onlyNotNullColumnsTested(p.using(), t)) {
                    clauses.add("USING (" + p.using().text() + "), true for every row (the columns are NOT NULL)");
                }
                if (p.withCheck().alwaysTrue()) {
                    clauses.add("WITH CHECK (true)");
                } else if (onlyNotNullColumnsTested(p.withCheck(), t)) {
                    clauses.add("WITH CHECK (" + p.withCheck().text() + "), true for every row (the columns are NOT NULL)");
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

    private static final java.util.regex.Pattern IS_NOT_NULL =
            java.util.regex.Pattern.compile("(?i)\\(*\\s*\"?([a-z_][a-z0-9_$]*)\"?\\s+is\\s+not\\s+null\\s*\\)*");

    /**
     * {@code key IS NOT NULL AND user_id IS NOT NULL} on columns declared NOT NULL is {@code true} in other words: it
     * admits every row (nannany/tryjunie's "Anyone can update by key and user_id", corpus/schemas/supabase-tryjunie).
     */
    static boolean onlyNotNullColumnsTested(dev.querylens.schema.PolicyExpression e, Table t) {
        if (!e.present()) {
            return false;
        }
        String[] conjuncts = e.text().strip().split("(?i)\\s+and\\s+");
        for (String c : conjuncts) {
            java.util.regex.Matcher m = IS_NOT_NULL.matcher(c.strip());
            if (!m.matches() || t.column(m.group(1)).map(col -> !col.notNull()).orElse(true)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public java.util.Optional<String> note(RuleContext context) {
        return SupabaseScope.note(context);
    }
}
