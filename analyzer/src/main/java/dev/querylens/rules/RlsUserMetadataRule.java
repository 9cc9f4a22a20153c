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
 * A policy that reads the JWT's user_metadata: a signed-in user can set their own user_metadata
 * (supabase.auth.updateUser), so a policy that trusts it lets users grant themselves access.
 * app_metadata is set only by the server.
 */
public final class RlsUserMetadataRule implements SchemaRule {
    @Override
    public String id() {
        return "rls-user-metadata";
    }

    @Override
    public List<Finding> check(RuleContext context) {
        List<Finding> out = new ArrayList<>();
        for (Table t : SupabaseScope.tables(context)) {
            for (Policy p : t.policies()) {
                if (p.expressions().stream().noneMatch(e -> e.readsUserMetadata())) {
                    continue;
                }
                Map<String, Object> evidence = new LinkedHashMap<>();
                evidence.put("policy", p.name());
                out.add(SupabaseScope.finding(id(), context, t, java.util.Collections.singletonList(p.definedAt()), "Policy \"" + p.name() + "\" on " + t.qualifiedName()
                        + " reads user_metadata, which every signed-in user can change for themselves", List.of(), evidence,
                        "Read the claim from app_metadata (auth.jwt() -> 'app_metadata'), which only the server sets, or from a table the user cannot write."));
            }
        }
        return out;
    }

    @Override
    public java.util.Optional<String> note(RuleContext context) {
        return SupabaseScope.note(context);
    }
}
