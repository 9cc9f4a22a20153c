package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.SchemaRule;
import dev.querylens.schema.Table;
import dev.querylens.sql.Quote;
import java.util.List;
import java.util.Map;

/** Row level security on, but no policy: PostgreSQL then denies every row to roles that do not bypass RLS. */
public final class RlsNoPolicyRule implements SchemaRule {
    @Override
    public String id() {
        return "rls-no-policy";
    }

    @Override
    public List<Finding> check(RuleContext context) {
        return context.catalog().tables().stream()
                .filter(t -> t.rowLevelSecurity() && t.policies().isEmpty())
                .map(t -> new Finding(id(), context.severity(),
                        "Table " + t.qualifiedName() + " has row level security enabled but no policy, so queries by"
                                + " non-owner roles see no rows and their writes fail",
                        null, t.qualifiedName(), List.of(), t.definedAt() == null ? List.of() : List.of(t.definedAt()),
                        Map.<String, Object>of("rowLevelSecurity", true, "policies", 0),
                        "CREATE POLICY ... ON " + Quote.qualified(t.schema(), t.name()) + " FOR SELECT TO <role> USING (<which rows>); one per command and role that needs access."))
                .toList();
    }
}
