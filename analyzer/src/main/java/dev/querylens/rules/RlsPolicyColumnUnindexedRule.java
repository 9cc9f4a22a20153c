package dev.querylens.rules;

import dev.querylens.advisor.IndexCandidate;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.SchemaRule;
import dev.querylens.schema.Policy;
import dev.querylens.schema.PolicyExpression;
import dev.querylens.schema.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A column a policy compares ({@code user_id = auth.uid()}) with no index leading with it. The
 * policy's condition is added to every statement on the table, so without such an index each
 * query by a client role reads the whole table to find the user's rows.
 */
public final class RlsPolicyColumnUnindexedRule implements SchemaRule {
    @Override
    public String id() {
        return "rls-policy-column-unindexed";
    }

    @Override
    public List<Finding> check(RuleContext context) {
        List<Finding> out = new ArrayList<>();
        for (Table t : SupabaseScope.tables(context)) {
            Map<String, List<String>> policiesByColumn = new TreeMap<>();
            for (Policy p : t.policies()) {
                // WITH CHECK is checked against the new row only; USING filters the rows read
                PolicyExpression using = p.using();
                for (String column : using.comparedColumns()) {
                    if (t.column(column).isPresent() && !t.hasIndexLeadingWith(column)) {
                        List<String> names = policiesByColumn.computeIfAbsent(column, k -> new ArrayList<>());
                        if (!names.contains(p.name())) {
                            names.add(p.name());
                        }
                    }
                }
            }
            policiesByColumn.forEach((column, policies) -> {
                IndexCandidate candidate = new IndexCandidate(t.qualifiedName(), List.of(column), null);
                Map<String, Object> evidence = new LinkedHashMap<>();
                evidence.put("policies", policies);
                out.add(SupabaseScope.finding(id(), context, t, SupabaseScope.policyLines(t, policies), "Column " + t.qualifiedName() + "." + column
                        + " is compared in the policies " + String.join(", ", policies.stream().map(n -> "\"" + n + "\"").toList())
                        + " but no index leads with it: every statement a client role runs on " + t.name()
                        + " scans the table to apply them", List.of(column), evidence, candidate.ddl()));
            });
        }
        return out;
    }

    @Override
    public java.util.Optional<String> note(RuleContext context) {
        return SupabaseScope.note(context);
    }
}
