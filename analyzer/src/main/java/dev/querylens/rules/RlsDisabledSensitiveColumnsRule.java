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

/**
 * An exposed table without row level security whose columns look like secrets or personal data
 * (password, token, api_key, iban, ...). It is rls-disabled at its worst, so in a Supabase project
 * the table is reported here, with the columns as evidence, and rls-disabled leaves it out.
 */
public final class RlsDisabledSensitiveColumnsRule implements SchemaRule {
    @Override
    public String id() {
        return "rls-disabled-sensitive-columns";
    }

    /** The tables this rule reports, which rls-disabled then leaves to it: only where the project shows an API. */
    static boolean reports(RuleContext context, ExposedSchemas exposed, Table t) {
        return context.api().exposed() && exposed.exposes(t) && !t.rowLevelSecurity() && !SensitiveColumns.of(t).isEmpty();
    }

    @Override
    public List<Finding> check(RuleContext context) {
        ExposedSchemas exposed = ExposedSchemas.of(context);
        List<Finding> out = new ArrayList<>();
        for (Table t : SupabaseScope.tables(context)) {
            if (!reports(context, exposed, t)) {
                continue;
            }
            List<String> columns = SensitiveColumns.of(t);
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("sensitiveColumns", columns);
            evidence.put("exposedBecause", exposed.because());
            out.add(SupabaseScope.finding(id(), context, t, "Table " + t.qualifiedName() + " is exposed through the API without row level"
                            + " security and has columns that look sensitive (" + String.join(", ", columns) + "): any client role with"
                            + " table privileges can read them", columns, evidence,
                    "ALTER TABLE " + Quote.qualified(t.schema(), t.name()) + " ENABLE ROW LEVEL SECURITY;"
                            + " then add policies, and keep secrets in a schema the API does not expose (or in Vault)"));
        }
        return out;
    }

    @Override
    public java.util.Optional<String> note(RuleContext context) {
        return SupabaseScope.note(context);
    }
}
