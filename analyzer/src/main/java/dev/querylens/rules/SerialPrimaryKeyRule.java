package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.MigrationRule;
import dev.querylens.engine.RuleContext;
import dev.querylens.migration.MigrationStep;
import dev.querylens.migration.Operation;
import dev.querylens.migration.Operation.ColumnDef;
import dev.querylens.migration.Operation.Kind;
import dev.querylens.migration.WorkloadUse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A primary key of a 4-byte (or 2-byte) integer type: serial, integer, smallint. It runs out at
 * 2^31 - 1 and the fix then is ALTER COLUMN TYPE bigint, which rewrites the table and every
 * table referencing it. Cheapest to choose bigint when the table is created.
 */
public final class SerialPrimaryKeyRule implements MigrationRule {
    private static final Set<String> NARROW = Set.of("serial", "integer", "smallint", "smallserial", "serial2");

    @Override
    public String id() {
        return "serial-primary-key";
    }

    @Override
    public List<Finding> check(MigrationStep step, WorkloadUse workload, RuleContext context) {
        Operation op = step.op();
        List<ColumnDef> narrow = new ArrayList<>();
        // a composite key's integer columns are references to other tables' keys: they run out when those do, flagged there
        if (op.kind() == Kind.CREATE_TABLE && op.columns().stream().filter(ColumnDef::primaryKey).count() == 1) {
            // a key the history widens later (ALTER ... TYPE bigint) or drops is not the schema's key any more
            op.columns().stream().filter(c -> c.primaryKey() && c.type() != null && NARROW.contains(c.type()) && !step.replacedLater(c.name()))
                    .forEach(narrow::add);
        }
        List<Finding> out = new ArrayList<>();
        for (ColumnDef c : narrow) {
            boolean serial = c.type().contains("serial");
            String message = "Primary key " + op.table() + "." + c.name() + " is " + c.type() + ", a 4-byte integer that runs out at"
                    + " 2,147,483,647; widening it later rewrites the table and every table referencing it";
            String fix = serial ? "Declare it " + c.name() + " bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY (or bigserial)."
                    : "Declare it " + c.name() + " bigint.";
            out.add(new Finding(context.definition().id(), context.severity(), message, step.normalizedSql(), op.table(),
                    List.of(c.name()), List.of(step.at()), java.util.Map.of("type", c.type()), fix));
        }
        return out;
    }
}
