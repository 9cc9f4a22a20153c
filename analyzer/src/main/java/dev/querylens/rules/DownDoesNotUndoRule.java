package dev.querylens.rules;

import dev.querylens.collect.SourceLocation;
import dev.querylens.engine.Finding;
import dev.querylens.engine.MigrationRule;
import dev.querylens.engine.RuleContext;
import dev.querylens.migration.MigrationRollback;
import dev.querylens.migration.MigrationStep;
import dev.querylens.migration.Migrator;
import dev.querylens.migration.WorkloadUse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A down migration that does not undo its migration, as a real PostgreSQL showed it: the trace
 * applied the migration, its down, and the migration again, and compared the catalogs. The down
 * failed; or it left a catalog other than the one the migration found (each difference said); or
 * the migration could not be applied again after it. The finding is at the down: the statement that
 * failed, else its first statement. Silent without a trace (migrations --trace) and for migrations
 * without a down among the inputs.
 */
public final class DownDoesNotUndoRule implements MigrationRule {
    /** Differences written into the message; the evidence holds them all. */
    private static final int SHOWN = 6;

    @Override
    public String id() {
        return "down-does-not-undo";
    }

    @Override
    public List<Finding> check(MigrationStep step, WorkloadUse workload, RuleContext context) {
        MigrationRollback r = step.rollback();
        if (r == null || r.restored() || r.notChecked() != null) {
            return List.of();
        }
        String id = context.definition().id();
        SourceLocation at = r.failedDown() != null ? r.failedDown().at() : r.down();
        if ((r.failedDown() != null ? r.failedDown().suppressed() : r.suppressed()).contains(id)) {
            return List.of();
        }
        String revert = revert(r.migrator());
        String traced = " (traced on " + r.tracedOn() + ")";
        String message;
        if (r.failedDown() != null) {
            message = "the down migration fails" + traced + ": " + r.failure() + "; " + revert + " stops here and leaves the migration applied";
        } else if (!r.notRestored().isEmpty()) {
            message = (r.downStatements() == 0 ? "the down migration holds no statement and does not restore the catalog the migration found"
                    : "the down migration does not restore the catalog the migration found") + traced + ": " + shown(r.notRestored())
                    + (r.failedUpAgain() == null ? "" : "; and the migration cannot be applied again after it: " + r.failedUpAgain().at()
                    + " fails with: " + r.upAgainFailure());
        } else if (r.failedUpAgain() != null) {
            message = "after the down migration, the migration cannot be applied again" + traced + ": " + r.failedUpAgain().at()
                    + " fails with: " + r.upAgainFailure();
        } else {
            message = "after the down migration, the migration applied again leaves another catalog than its first run" + traced + ": "
                    + shown(r.upAgainDiffers());
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("migration", step.at().toString());
        evidence.put("down", r.down().toString());
        if (r.failure() != null) {
            evidence.put("downFailure", r.failure());
        }
        if (!r.notRestored().isEmpty()) {
            evidence.put("notRestored", r.notRestored());
        }
        if (r.failedUpAgain() != null) {
            evidence.put("upAgainFailedAt", r.failedUpAgain().at().toString());
            evidence.put("upAgainFailure", r.upAgainFailure());
        }
        if (!r.upAgainDiffers().isEmpty()) {
            evidence.put("upAgainDiffers", r.upAgainDiffers());
        }
        evidence.put("tracedOn", r.tracedOn());
        String fix = "Make the down the inverse of " + step.at().file() + ": drop what it creates (tables, columns, indexes, constraints,"
                + " types, sequences, functions, triggers, views), create again what it drops, and put back types, defaults and NOT NULL"
                + " as they were, in the reverse order. Where the migration destroys what no down can bring back (a dropped column's"
                + " data), make the down fail on purpose with a message saying so, and keep a backup or an expand and contract plan"
                + " instead. Check it with " + revert + " and a second run of the migration on a scratch database.";
        return List.of(new Finding(id, context.severity(), message, step.normalizedSql(), step.op().table(), List.of(), List.of(at),
                evidence, fix));
    }

    private static String shown(List<String> differences) {
        String head = String.join("; ", differences.subList(0, Math.min(SHOWN, differences.size())));
        return differences.size() > SHOWN ? head + "; and " + (differences.size() - SHOWN) + " more" : head;
    }

    /** The command that runs the down, by migrator. */
    private static String revert(Migrator migrator) {
        return switch (migrator) {
            case DIESEL -> "diesel migration revert";
            case HASURA -> "hasura migrate apply --down 1";
            case SQLX -> "sqlx migrate revert";
            case GOLANG_MIGRATE -> "migrate down 1";
            case FLYWAY -> "flyway undo";
            case GOOSE -> "goose down";
            case DBMATE -> "dbmate rollback";
            default -> "the rollback";
        };
    }
}
