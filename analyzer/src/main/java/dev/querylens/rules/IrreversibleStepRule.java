package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.MigrationRule;
import dev.querylens.engine.RuleContext;
import dev.querylens.migration.MigrationStep;
import dev.querylens.migration.Migrator;
import dev.querylens.migration.WorkloadUse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A step of a forward migration that destroys data (see {@link DataLoss}) where the migrator has no
 * down migration to run: drizzle-kit, Prisma and the Supabase CLI write none, and a migration of a
 * tool that does (sqlx, golang-migrate, diesel, Flyway undo, goose, dbmate) is reported when the
 * project writes down migrations for others but not for this one. Even a down migration re-creates
 * only the shape: the finding asks for the plan that brings the values back (a backup, a copy kept
 * in the database, or expand/contract that keeps the old shape until no code reads it), with that
 * migrator's recipe. Whether code still uses what is dropped is drop-or-rename's question; how long
 * a rewrite locks is column-type-rewrite's: this one is only about getting the data back.
 */
public final class IrreversibleStepRule implements MigrationRule {
    @Override
    public String id() {
        return "irreversible-step";
    }

    @Override
    public List<Finding> check(MigrationStep step, WorkloadUse workload, RuleContext context) {
        Migrator migrator = MigrationFindings.migrator(context, step);
        if (!withoutWayBack(migrator, step.down())) {
            return List.of();
        }
        DataLoss loss = DataLoss.of(step);
        if (loss == null) {
            return List.of();
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("destroys", loss.destroys());
        evidence.put("migrator", migrator.label());
        evidence.put("downMigration", step.down() == MigrationStep.Down.MISSING
                ? "missing or empty for this migration (other migrations of the history have one)" : "none (" + migrator.label() + " writes none)");
        String noDown = step.down() == MigrationStep.Down.MISSING
                ? "this migration's down migration is missing or empty though others of the history have one"
                : migrator.label() + " has no down migrations";
        String message = "Irreversible step without a rollback plan: " + loss.what() + "; once it commits the values are gone, and "
                + noDown + ". Plan how to get them back before deploying";
        String fix = loss.keep() + " " + recipe(migrator, step.down(), step.op().table());
        return List.of(MigrationFindings.of(context, step, message, fix, evidence));
    }

    /**
     * Whether undoing the step is left to the team: the migrator writes no down migrations, or the
     * project writes them but not for this one. A tool whose history has none at all stays silent:
     * such a copy (the corpus keeps only up files) cannot be told from a project that rolls back
     * some other way, and an unknown tool's habits are unknown.
     */
    private static boolean withoutWayBack(Migrator migrator, MigrationStep.Down down) {
        return switch (migrator) {
            // Liquibase writes no rollback for a raw SQL changeset: without a --rollback line, liquibase rollback cannot undo it
            case DRIZZLE_KIT, PRISMA, SUPABASE, GRAPHILE_MIGRATE, LIQUIBASE, ATLAS -> down != MigrationStep.Down.WRITTEN;
            default -> down == MigrationStep.Down.MISSING;
        };
    }

    /** How to make the step undoable with this migrator. */
    static String recipe(Migrator migrator, MigrationStep.Down down, String table) {
        // the table as pg_dump -t reads it, in single quotes for the shell (a quote in the name closed and reopened)
        String t = table == null ? "<table>" : dev.querylens.sql.Quote.qualified(table).replace("'", "'\\''");
        String backup = "Take a backup of what it destroys first (pg_dump --data-only -t '" + t + "' \"$DATABASE_URL\" > before_<migration>.sql,"
                + " or a snapshot of the database), and keep it until the release is known good.";
        return switch (migrator) {
            case DRIZZLE_KIT -> backup + " drizzle-kit has no down migrations: going back is a new forward migration (revert the schema"
                    + " in TypeScript, `npx drizzle-kit generate`) plus the data from that backup. To keep the data in the database instead,"
                    + " split the change into expand and contract: `npx drizzle-kit generate --custom --name=copy_<what>` writes an empty"
                    + " migration to fill with the copy (CREATE TABLE ... AS SELECT, or ADD COLUMN + UPDATE ... SET new = old), released"
                    + " before the schema change that drops the old shape, which goes in a later migration once no code reads it.";
            case PRISMA -> backup + " Prisma Migrate has no down migrations: write one now, while the previous schema is in the database:"
                    + " `npx prisma migrate diff --from-schema-datamodel prisma/schema.prisma --to-schema-datasource prisma/schema.prisma"
                    + " --script > prisma/migrations/<this migration>/down.sql` before `prisma migrate deploy` (Prisma's guide,"
                    + " \"Generating down migrations\"; apply it with `prisma db execute --file` and `prisma migrate resolve --rolled-back`)."
                    + " It restores the shape, not the values: those come from the backup, or from expand and contract"
                    + " (`prisma migrate dev --create-only`, then edit the migration to copy the data and leave the old shape for a later one).";
            case SUPABASE -> "The Supabase CLI has no down migrations: going back is a new forward migration"
                    + " (`supabase migration new revert_<name>`) that re-creates the shape, with the values from a backup taken before"
                    + " `supabase db push`: `supabase db dump --linked --data-only -f supabase/backups/before_<name>.sql`, or the"
                    + " project's daily backup or Point-in-Time Recovery (note the time you deploy). Or keep the data in the database by"
                    + " expand and contract: copy it in this migration and drop the old shape in a later one, once no code reads it.";
            case GRAPHILE_MIGRATE -> backup + " graphile-migrate is up-only (no down migrations): going back is a new forward"
                    + " migration, written in current.sql and committed, that re-creates the shape, with the values from that backup."
                    + " To keep the data in the database instead, copy it in this migration and drop the old shape in a later one,"
                    + " once no code reads it.";
            case ATLAS -> backup + " Atlas writes no down files: `atlas migrate down` plans the reverse of the schema change, but"
                    + " it cannot bring back the values: those come from that backup. To keep the data in the database instead,"
                    + " copy it in this migration and drop the old shape in a later one (atlas migrate new), once no code reads it.";
            default -> backup + " Then write the down migration this one lacks (" + downFile(migrator) + "): it re-creates the shape,"
                    + " and restores the values from that backup or from a copy this migration keeps"
                    + " (CREATE TABLE <table>_before_<migration> AS SELECT ... before the step).";
        };
    }

    private static String downFile(Migrator migrator) {
        return switch (migrator) {
            case SQLX -> "<version>_<name>.down.sql beside its .up.sql";
            case GOLANG_MIGRATE -> "N_<name>.down.sql beside its .up.sql";
            case DIESEL, HASURA -> "the migration's down.sql";
            case FLYWAY -> "U<version>__<name>.sql, which flyway undo runs";
            case GOOSE -> "a -- +goose Down section";
            case DBMATE -> "a -- migrate:down section";
            case TERN -> "the statements below a `---- create above / drop below ----` line";
            case LIQUIBASE -> "a --rollback line under each --changeset, which liquibase rollback runs";
            default -> "a rollback script beside it, as the others have";
        };
    }
}
