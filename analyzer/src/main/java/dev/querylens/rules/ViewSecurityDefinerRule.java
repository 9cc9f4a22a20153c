package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.SchemaRule;
import dev.querylens.schema.View;
import dev.querylens.sql.Quote;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A view in an exposed schema without security_invoker: it reads its tables as its owner (usually
 * postgres, who bypasses row level security), so the API's clients see every row through it.
 */
public final class ViewSecurityDefinerRule implements SchemaRule {
    @Override
    public String id() {
        return "view-security-definer";
    }

    @Override
    public List<Finding> check(RuleContext context) {
        ExposedSchemas exposed = ExposedSchemas.of(context);
        List<Finding> out = new ArrayList<>();
        for (View v : context.catalog().views()) {
            if (v.securityInvoker() || !exposed.schemas().contains(v.schema()) || !SecurityObjects.ownSchema(context, v.schema())) {
                continue;
            }
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("view", v.qualifiedName());
            evidence.put("exposedBecause", exposed.because());
            out.add(SecurityObjects.finding(id(), context, v.qualifiedName(), "View " + v.qualifiedName() + " is in exposed schema "
                            + v.schema() + " without security_invoker: it reads its tables with its owner's privileges, past their"
                            + " row level security", evidence,
                    // a live server older than 15 has no security_invoker: the view can only be taken from the clients
                    context.catalog().serverVersion() > 0 && context.catalog().serverVersion() < 150000
                            ? "REVOKE ALL ON " + Quote.qualified(v.schema(), v.name()) + " FROM anon, authenticated;"
                            + " (PostgreSQL before 15 has no security_invoker), or move the view to a schema the API does not expose"
                            : "ALTER VIEW " + Quote.qualified(v.schema(), v.name()) + " SET (security_invoker = on);"
                            + " (PostgreSQL 15 or later; the querying role then needs privileges on the tables it reads)", v.definedAt()));
        }
        return out;
    }

    @Override
    public java.util.Optional<String> note(RuleContext context) {
        return SupabaseScope.note(context);
    }
}
