package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.MigrationRule;
import dev.querylens.engine.RuleContext;
import dev.querylens.migration.ColumnTypes;
import dev.querylens.migration.MigrationStep;
import dev.querylens.migration.Operation;
import dev.querylens.migration.Operation.Kind;
import dev.querylens.migration.WorkloadUse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ALTER COLUMN ... TYPE on an existing table that PostgreSQL cannot do in the catalog alone: it
 * rewrites the table and rebuilds its indexes under ACCESS EXCLUSIVE. Widening a varchar, varchar
 * to text, raising a numeric's precision at the same scale are binary compatible and stay silent
 * ({@link ColumnTypes#binaryCompatible}); a change from a type the history does not show is
 * reported as one that may rewrite.
 */
public final class ColumnTypeRewriteRule implements MigrationRule {
    @Override
    public String id() {
        return "column-type-rewrite";
    }

    @Override
    public List<Finding> check(MigrationStep step, WorkloadUse workload, RuleContext context) {
        Operation op = step.op();
        if (op.kind() != Kind.ALTER_TYPE || !step.existingTable() || ColumnTypes.binaryCompatible(step.previousType(), op.type())) {
            return List.of();
        }
        String from = step.previousType();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("from", from == null ? "(not in the history)" : from);
        evidence.put("to", op.type());
        String message = "ALTER COLUMN " + op.column() + " TYPE " + op.type() + " on " + op.table()
                + (from == null ? " (its previous type is not in the migration history) may rewrite" : " from " + from + " rewrites")
                + " the whole table and rebuilds its indexes under an ACCESS EXCLUSIVE lock: no query can read or write it meanwhile";
        String fix = "Expand and contract instead: add a new column of type " + op.type() + ", write both columns from the application"
                + " (or a trigger), backfill the new one in batches, switch reads to it, then drop the old column."
                + " Changes PostgreSQL makes without a rewrite: varchar(n) to a longer varchar or to text, numeric(p,s) to a larger p with the same s.";
        return List.of(MigrationFindings.of(context, step, message, fix, evidence));
    }
}
