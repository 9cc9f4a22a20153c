package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.SchemaRule;
import dev.querylens.schema.Table;
import dev.querylens.sql.Quote;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Row level security on, but no policy, in a schema an API exposes: PostgreSQL then denies every
 * row to the API's client roles. Without such an API the owner role (which RLS does not bind)
 * is usually the only one that reads the table, so the default-deny is as likely meant as not.
 */
public final class RlsNoPolicyRule implements SchemaRule {
    @Override
    public String id() {
        return "rls-no-policy";
    }

    @Override
    public List<Finding> check(RuleContext context) {
        ExposedSchemas exposed = ExposedSchemas.of(context);
        return context.catalog().tables().stream()
                .filter(t -> exposed.exposes(t) && t.rowLevelSecurity() && t.policies().isEmpty())
                .map(t -> {
                    Map<String, Object> evidence = new LinkedHashMap<>();
                    evidence.put("rowLevelSecurity", true);
                    evidence.put("policies", 0);
                    evidence.put("exposedBecause", exposed.because());
                    return new Finding(id(), context.severity(),
                            "Table " + t.qualifiedName() + " has row level security enabled but no policy, so queries by"
                                    + " non-owner roles see no rows and their writes fail",
                            null, t.qualifiedName(), List.of(), t.definedAt() == null ? List.of() : List.of(t.definedAt()),
                            evidence,
                            "CREATE POLICY ... ON " + Quote.qualified(t.schema(), t.name()) + " FOR SELECT TO <role> USING (<which rows>); one per command and role that needs access.");
                })
                .toList();
    }

    @Override
    public Optional<String> note(RuleContext context) {
        return ExposedSchemas.note(context, t -> t.rowLevelSecurity() && t.policies().isEmpty());
    }
}
