package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.SchemaRule;
import dev.querylens.schema.Table;
import dev.querylens.sql.Quote;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A table in a schema the API exposes, without row level security: every row is readable by any
 * client role. Tables with sensitive-looking columns in a Supabase project are left to
 * {@link RlsDisabledSensitiveColumnsRule}, so a table is reported once.
 */
public final class RlsDisabledRule implements SchemaRule {
    @Override
    public String id() {
        return "rls-disabled";
    }

    @Override
    public List<Finding> check(RuleContext context) {
        ExposedSchemas exposed = ExposedSchemas.of(context);
        List<Finding> out = new ArrayList<>();
        for (Table t : context.catalog().tables()) {
            // a Supabase table whose columns look sensitive is rls-disabled-sensitive-columns' to report, once
            if (exposed.exposes(t) && !t.rowLevelSecurity() && !RlsDisabledSensitiveColumnsRule.reports(context, exposed, t)) {
                Map<String, Object> evidence = new LinkedHashMap<>();
                evidence.put("schema", t.schema());
                evidence.put("policies", t.policies().size());
                evidence.put("exposedBecause", exposed.because());
                out.add(new Finding(id(), context.severity(),
                        "Table " + t.qualifiedName() + " is in an exposed schema and has row level security disabled:"
                                + " any role with table privileges reads and writes every row",
                        null, t.qualifiedName(), List.of(), t.definedAt() == null ? List.of() : List.of(t.definedAt()),
                        evidence,
                        "ALTER TABLE " + Quote.qualified(t.schema(), t.name()) + " ENABLE ROW LEVEL SECURITY; then CREATE POLICY for each role and command that needs access."));
            }
        }
        return out;
    }

    @Override
    public Optional<String> note(RuleContext context) {
        return ExposedSchemas.note(context, t -> !t.rowLevelSecurity());
    }
}
