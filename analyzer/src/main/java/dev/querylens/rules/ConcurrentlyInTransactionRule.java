package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.MigrationRule;
import dev.querylens.engine.RuleContext;
import dev.querylens.migration.MigrationStep;
import dev.querylens.migration.Migrator;
import dev.querylens.migration.Operation.Kind;
import dev.querylens.migration.WorkloadUse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CREATE/DROP INDEX CONCURRENTLY where it runs inside a transaction: written between BEGIN and
 * COMMIT, or in a file the migrator wraps in one (drizzle-kit's migrate(), Prisma's migrate
 * deploy). PostgreSQL refuses it ("cannot run inside a transaction block"), so the deploy fails.
 */
public final class ConcurrentlyInTransactionRule implements MigrationRule {
    @Override
    public String id() {
        return "concurrently-in-transaction";
    }

    @Override
    public List<Finding> check(MigrationStep step, WorkloadUse workload, RuleContext context) {
        Kind kind = step.op().kind();
        Migrator migrator = MigrationFindings.migrator(context, step);
        if ((kind != Kind.CREATE_INDEX && kind != Kind.DROP_INDEX) || !step.op().concurrently() || !step.inTransaction(migrator)) {
            return List.of();
        }
        String why = step.explicitTransaction() ? "it follows a BEGIN in the same file"
                : migrator.label() + " runs this file inside a transaction";
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("transaction", step.explicitTransaction() ? "BEGIN in the file" : migrator.label());
        String message = (kind == Kind.CREATE_INDEX ? "CREATE INDEX" : "DROP INDEX") + " CONCURRENTLY inside a transaction ("
                + why + "): PostgreSQL refuses it with \"cannot run inside a transaction block\" and the migration fails";
        String fix = step.explicitTransaction()
                ? "Move the statement out of BEGIN ... COMMIT so it runs on its own; " + migrator.concurrentlyRecipe() + "."
                : "Keep CONCURRENTLY and run it outside the migrator's transaction: " + migrator.concurrentlyRecipe() + ".";
        return List.of(MigrationFindings.of(context, step, message, fix, evidence));
    }
}
