package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.SchemaRule;
import dev.querylens.schema.Routine;
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
            if (!r.securityDefiner() || !exposed.schemas().contains(r.schema()) || !SecurityObjects.ownSchema(context, r.schema())) {
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
            out.add(SecurityObjects.finding(id(), context, r.signature(), (r.procedure() ? "Procedure " : "Function ") + r.signature()
                            + " is SECURITY DEFINER in exposed schema " + r.schema() + " and executable by " + String.join(" and ", callers)
                            + ": any API client can call it with its owner's privileges, bypassing row level security", evidence,
                    "REVOKE EXECUTE ON " + SecurityObjects.kind(r) + " " + SecurityObjects.signature(r) + " FROM PUBLIC, anon, authenticated;"
                            + " then GRANT EXECUTE to the roles that need it, or move it to a schema the API does not expose,"
                            + " or make it SECURITY INVOKER", r.definedAt()));
        }
        return out;
    }

    @Override
    public java.util.Optional<String> note(RuleContext context) {
        return SupabaseScope.note(context);
    }
}
