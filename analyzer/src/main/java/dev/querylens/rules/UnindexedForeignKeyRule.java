package dev.querylens.rules;

import dev.querylens.advisor.IndexCandidate;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.engine.SchemaRule;
import dev.querylens.schema.ForeignKey;
import dev.querylens.schema.Index;
import dev.querylens.schema.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A foreign key whose referencing columns lead no index: joins on it and cascades from the parent scan the child. */
public final class UnindexedForeignKeyRule implements SchemaRule {
    @Override
    public String id() {
        return "unindexed-foreign-key";
    }

    @Override
    public List<Finding> check(RuleContext context) {
        List<Finding> out = new ArrayList<>();
        for (Table table : context.catalog().tables()) {
            for (ForeignKey fk : table.foreignKeys()) {
                // a partial index WHERE fk IS NOT NULL serves the check too: its fk = $1 implies the predicate
                if (table.indexes().stream().anyMatch(ix -> ix.predicateImpliedByEqualityOn(fk.columns()) && leadsWith(ix, fk.columns()))) {
                    continue;
                }
                IndexCandidate candidate = new IndexCandidate(table.qualifiedName(), fk.columns(), null);
                Map<String, Object> evidence = new LinkedHashMap<>();
                evidence.put("foreignKey", fk.name() == null ? "(unnamed)" : fk.name());
                evidence.put("references", fk.referencedTable() + (fk.referencedColumns().isEmpty() ? "" : "(" + String.join(", ", fk.referencedColumns()) + ")"));
                String message = "Foreign key " + table.qualifiedName() + "(" + String.join(", ", fk.columns()) + ") -> "
                        + fk.referencedTable() + " has no index on its referencing columns: joins from the parent and"
                        + " every DELETE or key UPDATE on " + fk.referencedTable() + " scan " + table.name();
                out.add(new Finding(id(), context.severity(), message, null, table.qualifiedName(), fk.columns(),
                        WhereToChange.of(fk.definedAt(), table.definedAt()), evidence, candidate.ddl()));
            }
        }
        return out;
    }

    private static boolean leadsWith(Index ix, List<String> columns) {
        return ix.keys().size() >= columns.size()
                && new java.util.HashSet<>(ix.keys().subList(0, columns.size())).equals(new java.util.HashSet<>(columns));
    }
}
