package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.SchemaRule;
import dev.querylens.schema.Index;
import dev.querylens.schema.Table;
import dev.querylens.sql.Quote;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A table without a primary key in a Supabase project: the API and its clients address rows by key,
 * Realtime and logical replication need a replica identity to send UPDATEs and DELETEs, and
 * without a key duplicate rows cannot be told apart.
 */
public final class NoPrimaryKeyRule implements SchemaRule {
    @Override
    public String id() {
        return "no-primary-key";
    }

    @Override
    public List<Finding> check(RuleContext context) {
        List<Finding> out = new ArrayList<>();
        for (Table t : SupabaseScope.tables(context)) {
            if (t.indexes().stream().anyMatch(Index::primary)) {
                continue;
            }
            out.add(SupabaseScope.finding(id(), context, t, "Table " + t.qualifiedName() + " has no primary key", List.of(),
                    Map.of("columns", t.columns().size()),
                    "ALTER TABLE " + Quote.qualified(t.schema(), t.name()) + " ADD PRIMARY KEY (<key columns>);"
                            + " or add an identity column: ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY;"));
        }
        return out;
    }

    @Override
    public java.util.Optional<String> note(RuleContext context) {
        return SupabaseScope.note(context);
    }
}
