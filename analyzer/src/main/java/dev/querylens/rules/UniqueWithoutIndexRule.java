package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.MigrationRule;
import dev.querylens.engine.RuleContext;
import dev.querylens.migration.MigrationStep;
import dev.querylens.migration.Operation;
import dev.querylens.migration.Operation.Kind;
import dev.querylens.migration.WorkloadUse;
import java.util.List;

/**
 * ADD UNIQUE or PRIMARY KEY on an existing table without USING INDEX: PostgreSQL builds the index
 * inside the ALTER, under ACCESS EXCLUSIVE, so the table is unreadable for the whole build. Built
 * first with CREATE UNIQUE INDEX CONCURRENTLY, the constraint then only attaches it.
 */
public final class UniqueWithoutIndexRule implements MigrationRule {
    @Override
    public String id() {
        return "unique-without-index";
    }

    @Override
    public List<Finding> check(MigrationStep step, WorkloadUse workload, RuleContext context) {
        Operation op = step.op();
        boolean unique = "UNIQUE".equals(op.constraint()) || "PRIMARY KEY".equals(op.constraint());
        if (op.kind() != Kind.ADD_CONSTRAINT || !unique || op.usingIndex() || !step.existingTable()) {
            return List.of();
        }
        String columns = op.detail() == null ? "<columns>" : op.detail();
        String name = op.column() == null ? Operation.bare(op.table()) + "_" + columns.replaceAll("[^A-Za-z0-9_]+", "_") + "_key" : op.column();
        String index = name.length() > 59 ? name.substring(0, 59) + "_idx" : name + "_idx";
        String message = "ADD " + op.constraint() + " on " + op.table() + " builds its index inside the ALTER TABLE, holding an"
                + " ACCESS EXCLUSIVE lock for the whole build: no query can read or write the table meanwhile";
        String fix = "CREATE UNIQUE INDEX CONCURRENTLY " + index + " ON " + op.table() + " (" + columns + ");\n"
                + "ALTER TABLE " + op.table() + " ADD CONSTRAINT " + name + " " + op.constraint() + " USING INDEX " + index + ";\n"
                + "-- the CONCURRENTLY build cannot run in a transaction: " + MigrationFindings.migrator(context, step).concurrentlyRecipe()
                + ("PRIMARY KEY".equals(op.constraint()) ? "; a primary key also needs its columns NOT NULL first (see set-not-null-without-check)" : "");
        return List.of(MigrationFindings.of(context, step, message, fix));
    }
}
