package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.SchemaRule;
import dev.querylens.schema.Extension;
import dev.querylens.sql.Quote;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An extension installed in public in a Supabase project: its functions, types and operators land
 * in the schema the API exposes (PostgREST serves its functions as /rpc), and they crowd the
 * project's own objects there.
 */
public final class ExtensionInPublicRule implements SchemaRule {
    @Override
    public String id() {
        return "extension-in-public";
    }

    @Override
    public List<Finding> check(RuleContext context) {
        if (!context.api().exposed()) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        for (Extension e : context.catalog().extensions()) {
            if (!e.schema().equals("public")) {
                continue;
            }
            out.add(SecurityObjects.finding(id(), context, e.name(), "Extension " + e.name() + " is installed in schema public,"
                            + " which the API exposes", Map.of("extension", e.name(), "schema", e.schema()),
                    "ALTER EXTENSION " + Quote.ident(e.name()) + " SET SCHEMA extensions;"
                            + " (CREATE SCHEMA extensions first where there is none; an extension that is not relocatable"
                            + " is dropped and created again WITH SCHEMA extensions)", e.definedAt()));
        }
        return out;
    }

    @Override
    public java.util.Optional<String> note(RuleContext context) {
        return SupabaseScope.note(context);
    }
}
