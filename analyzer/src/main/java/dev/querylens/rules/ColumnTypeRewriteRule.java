package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.MigrationRule;
import dev.querylens.engine.RuleContext;
import dev.querylens.migration.ColumnTypes;
import dev.querylens.migration.Migrator;
import dev.querylens.migration.SessionTimeZone;
import dev.querylens.migration.MigrationStep;
import dev.querylens.migration.Operation;
import dev.querylens.migration.Operation.Kind;
import dev.querylens.migration.WorkloadUse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** The rule's parameter naming the TimeZone the migrations run under when the history does not set it. */
    static final String TIME_ZONE = "sessionTimeZone";

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
        String unlessUtc = "";
        if (ColumnTypes.timeZoneSwap(from, op.type()) && (op.detail() == null || op.detail().replace("\"", "").equalsIgnoreCase(op.column()))) {
            Zone zone = zone(step, context);
            evidence.put("timeZone", zone.says());
            if (zone.utc().orElse(false)) {
                return List.of(); // PostgreSQL 12+ keeps the data: only the column's indexes are rebuilt
            }
            if (zone.utc().isEmpty()) {
                unlessUtc = " unless the session's TimeZone is UTC (not set in the migration history; the server's default decides)";
            }
        }
        String message = "ALTER COLUMN " + op.column() + " TYPE " + op.type() + " on " + op.table()
                + (from == null ? " (its previous type is not in the migration history) may rewrite" : " from " + from + " rewrites")
                + " the whole table and rebuilds its indexes under an ACCESS EXCLUSIVE lock" + unlessUtc
                + ": no query can read or write it meanwhile";
        String fix = "Expand and contract instead: add a new column of type " + op.type() + ", write both columns from the application"
                + " (or a trigger), backfill the new one in batches, switch reads to it, then drop the old column."
                + " Changes PostgreSQL makes without a rewrite: varchar(n) to a longer varchar or to text, numeric(p,s) to a larger p with the same s"
                + (unlessUtc.isEmpty() ? "." : "; timestamp to timestamptz (and back) under TimeZone UTC: put SET timezone = 'UTC'; before it"
                + " in the migration (or set the rule's parameter " + TIME_ZONE + " to the server's TimeZone).");
        return List.of(MigrationFindings.of(context, step, message, fix, evidence));
    }

    /** The TimeZone the statement ran under and what says so. */
    private record Zone(Optional<Boolean> utc, String says) {
    }

    /**
     * What the history shows (SET TimeZone in the file, ALTER DATABASE earlier), else the rule's
     * parameter, else the platform's documented default (a Supabase project's database runs in
     * UTC), else unknown: a plain server's TimeZone is its postgresql.conf's, which no file shows.
     */
    private static Zone zone(MigrationStep step, RuleContext context) {
        if (step.timeZone().known()) {
            return new Zone(step.timeZone().fixedZeroOffset(), step.timeZone().written() + " (set in the migration history)");
        }
        String configured = context.text(TIME_ZONE);
        if (configured != null && !configured.isBlank() && !configured.strip().equalsIgnoreCase("unknown")) {
            SessionTimeZone z = SessionTimeZone.of("'" + configured.strip() + "'");
            return new Zone(z.fixedZeroOffset(), configured.strip() + " (" + TIME_ZONE + ")");
        }
        if (step.migrator() == Migrator.SUPABASE) {
            return new Zone(Optional.of(true), "UTC (a Supabase database's default)");
        }
        return new Zone(Optional.empty(), "unknown");
    }
}
