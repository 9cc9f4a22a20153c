package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.SchemaRule;
import dev.querylens.schema.Routine;
import dev.querylens.sql.Quote;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A SECURITY DEFINER function without its own search_path: it runs with its owner's privileges but
 * resolves unqualified names through the caller's search_path, so a caller who can create objects
 * in a schema on that path (or in pg_temp) makes it call theirs.
 */
public final class SecurityDefinerSearchPathRule implements SchemaRule {
    @Override
    public String id() {
        return "security-definer-search-path";
    }

    @Override
    public List<Finding> check(RuleContext context) {
        List<Finding> out = new ArrayList<>();
        for (Routine r : context.catalog().routines()) {
            if (!r.securityDefiner() || r.searchPath() != null || !SecurityObjects.ownSchema(context, r.schema())) {
                continue;
            }
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("function", r.signature());
            evidence.put("language", r.language() == null ? "sql" : r.language());
            out.add(SecurityObjects.finding(id(), context, r.signature(), (r.procedure() ? "Procedure " : "Function ") + r.signature()
                            + " is SECURITY DEFINER without SET search_path: it runs with its owner's privileges and finds unqualified"
                            + " names on the caller's search_path", evidence,
                    "ALTER " + SecurityObjects.kind(r) + " " + SecurityObjects.signature(r) + " SET search_path = " + Quote.literal("")
                            + "; then qualify every name its body uses (public.t, auth.uid())", r.definedAt()));
        }
        return out;
    }
}
