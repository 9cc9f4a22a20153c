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
import java.util.TreeSet;

/**
 * Two or more permissive policies for the same role and command on one table: PostgreSQL ORs them,
 * so every row is checked against each of them, and the one that admits most decides. One policy
 * with the conditions OR-ed says the same once and is read by whoever audits access.
 */
public final class RlsMultiplePermissiveRule implements SchemaRule {
    private static final List<String> COMMANDS = List.of("SELECT", "INSERT", "UPDATE", "DELETE");
    /**
     * The roles the API's requests run as (a policy for PUBLIC applies to them as well): the cost of
     * overlapping policies is paid on every client request; a service or admin role's is not.
     */
    private static final List<String> CLIENT_ROLES = List.of("anon", "authenticated");

    @Override
    public String id() {
        return "rls-multiple-permissive";
    }

    @Override
    public List<Finding> check(RuleContext context) {
        List<Finding> out = new ArrayList<>();
        for (Table t : SupabaseScope.tables(context)) {
            TreeSet<String> roles = new TreeSet<>(CLIENT_ROLES);
            for (String command : COMMANDS) {
                // one finding per set of overlapping policies, naming every role they overlap for
                Map<List<String>, List<String>> rolesByPolicies = new LinkedHashMap<>();
                for (String role : roles) {
                    List<String> overlapping = t.policies().stream()
                            .filter(p -> p.permissive() && p.governs(command) && p.appliesTo(role)).map(Policy::name).sorted().toList();
                    if (overlapping.size() > 1) {
                        rolesByPolicies.computeIfAbsent(overlapping, k -> new ArrayList<>()).add(role);
                    }
                }
                rolesByPolicies.forEach((policies, forRoles) -> {
                    Map<String, Object> evidence = new LinkedHashMap<>();
                    evidence.put("command", command);
                    evidence.put("roles", forRoles);
                    evidence.put("policies", policies);
                    out.add(SupabaseScope.finding(id(), context, t, SupabaseScope.policyLines(t, policies), "Table " + t.qualifiedName() + " has " + policies.size()
                            + " permissive policies for " + command + " by " + String.join(", ", forRoles) + " ("
                            + String.join(", ", policies.stream().map(n -> "\"" + n + "\"").toList())
                            + "): each row is checked against every one of them", List.of(), evidence,
                            "Merge them into one policy for " + command + " whose USING / WITH CHECK ORs their conditions,"
                                    + " or make the extra ones AS RESTRICTIVE if they must all hold."));
                });
            }
        }
        return out;
    }

    @Override
    public java.util.Optional<String> note(RuleContext context) {
        return SupabaseScope.note(context);
    }
}
