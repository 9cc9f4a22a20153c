package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.SchemaRule;
import dev.querylens.schema.Policy;
import dev.querylens.schema.Routine;
import dev.querylens.schema.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A SECURITY DEFINER function in a schema the API exposes that anon or authenticated may execute:
 * PostgREST serves it as /rpc/name, so any client runs it with its owner's privileges, past row
 * level security.
 */
public final class SecurityDefinerExposedRule implements SchemaRule {
    @Override
    public String id() {
        return "security-definer-exposed";
    }

    @Override
    public List<Finding> check(RuleContext context) {
        ExposedSchemas exposed = ExposedSchemas.of(context);
        List<Finding> out = new ArrayList<>();
        for (Routine r : context.catalog().routines()) {
            // a trigger function runs only as a trigger: PostgREST cannot call it, whoever holds EXECUTE
            if (!r.securityDefiner() || r.trigger() || !exposed.schemas().contains(r.schema())
                    || !SecurityObjects.ownSchema(context, r.schema())) {
                continue;
            }
            List<String> callers = SecurityObjects.callers(context, r);
            if (callers.isEmpty()) {
                continue;
            }
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("function", r.signature());
            evidence.put("executableBy", callers);
            evidence.put("exposedBecause", exposed.because());
            List<String> policies = callingPolicies(context, r);
            if (!policies.isEmpty()) {
                evidence.put("calledByPolicies", policies);
            }
            out.add(SecurityObjects.finding(id(), context, r.signature(), (r.procedure() ? "Procedure " : "Function ") + r.signature()
                            + " is SECURITY DEFINER in exposed schema " + r.schema() + " and executable by " + String.join(" and ", callers)
                            + ": any API client can call it with its owner's privileges, bypassing row level security", evidence,
                    policies.isEmpty()
                            ? "REVOKE EXECUTE ON " + SecurityObjects.kind(r) + " " + SecurityObjects.signature(r) + " FROM PUBLIC, anon, authenticated;"
                            + " then GRANT EXECUTE to the roles that need it, or move it to a schema the API does not expose,"
                            + " or make it SECURITY INVOKER"
                            // the policies run it as the querying role, which must keep EXECUTE: move it out of the API's reach instead
                            : "ALTER " + SecurityObjects.kind(r) + " " + SecurityObjects.signature(r) + " SET SCHEMA private;"
                            + " (CREATE SCHEMA private first; the policies that call it keep working, they hold it by oid, but revoking"
                            + " EXECUTE from the client roles would break them)", r.definedAt()));
        }
        return out;
    }

    /** Policies whose expressions call the function (by its qualified name, or bare when it is in public). */
    private static List<String> callingPolicies(RuleContext context, Routine r) {
        String qualified = r.schema() + "." + r.name();
        List<String> out = new ArrayList<>();
        for (Table t : context.catalog().tables()) {
            for (Policy p : t.policies()) {
                if (p.expressions().stream().anyMatch(e -> e.functions().contains(qualified)
                        || r.schema().equals("public") && e.functions().contains(r.name()))) {
                    out.add(p.name() + " on " + t.qualifiedName());
                }
            }
        }
        return out;
    }

    @Override
    public java.util.Optional<String> note(RuleContext context) {
        return SupabaseScope.note(context);
    }
}
