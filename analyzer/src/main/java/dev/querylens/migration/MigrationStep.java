package dev.querylens.migration;

import dev.querylens.collect.SourceLocation;
import dev.querylens.database.TracedStatement;
import java.util.Set;

/**
 * One operation of a migration statement, with what was true just before it ran, as far as the
 * history in order shows: whether its table is new (created earlier in the same file, so it holds
 * no rows and nobody else reads it yet), whether it runs inside a transaction and why, whether the
 * file set a lock_timeout first, the column's type before a type change, and whether a validated
 * {@code CHECK (col IS NOT NULL)} already proves a SET NOT NULL.
 *
 * @param sql                  the statement as written
 * @param normalizedSql        the statement normalized as every finding's identity is (literals as $n)
 * @param suppressed           rule ids suppressed inline for the statement
 * @param newTable             the table was created earlier in this file
 * @param explicitTransaction  inside BEGIN ... COMMIT written in the file
 * @param migrator             the tool that applies the file
 * @param transaction          the migrator's transaction for this file, after the file's own opt-out (sqlx's -- no-transaction, ...)
 * @param fileStatements       how many statements the file holds (a file sent as one query is a transaction only with two or more)
 * @param lockTimeoutSet       an earlier statement of the file set a non-zero lock_timeout
 * @param lockTimeoutInRun     a non-zero lock_timeout was set earlier in the history, in this file or an earlier one (counts
 *                             where the migrator runs every pending file in one session and transaction: drizzle-kit)
 * @param previousType         the column's type before an ALTER TYPE, null when the history does not say
 * @param notNullProven        a validated CHECK (column IS NOT NULL) exists for a SET NOT NULL's column
 * @param earlierStrongLock    an earlier statement of the file already took a strong lock on an existing table without lock_timeout
 * @param changedLater         columns of the table (lower case) that a later step of the history retypes or drops, "*" when it
 *                             drops the table: a column type chosen here that the history replaces later is no longer the schema's
 * @param lockedExclusivelyInFile another statement of the same file takes ACCESS EXCLUSIVE on this step's table in the same
 *                             deploy: a later DROP TABLE, or, where the migrator runs the file as one transaction, a DROP,
 *                             RENAME, ADD/DROP COLUMN, ALTER TYPE, SET NOT NULL or DROP CONSTRAINT before or after it
 * @param trace                what a trace on a real PostgreSQL saw the statement do (migrations --trace), or null
 * @param tracedOn             which server traced it, or null
 * @param timeZone             the session's TimeZone as the history shows it (SET in the file, ALTER DATABASE earlier), else unknown
 * @param addedInFile          columns of the step's table (lower case) that an ADD COLUMN earlier in the same file added: they
 *                             hold only their default, so an UPDATE that fills them overwrites nothing anyone wrote
 * @param down                 whether the step's migration has a down migration the migrator can run to undo it
 * @param rollback             on the first statement of a migration whose down the trace applied: what up, down and up again
 *                             did to the catalog (migrations --trace), else null
 * @param copiedBefore         an earlier statement of the same file copied what the step destroys elsewhere (INSERT ... SELECT,
 *                             CREATE TABLE ... AS, or an UPDATE of another column or table that reads its table and column):
 *                             the values are kept in the database, the plan that brings them back is in the migration
 */
public record MigrationStep(SourceLocation at, String sql, String normalizedSql, Set<String> suppressed, Operation op,
                            boolean newTable, boolean explicitTransaction, Migrator migrator, Migrator.Transaction transaction,
                            int fileStatements, boolean lockTimeoutSet, boolean lockTimeoutInRun,
                            String previousType, boolean notNullProven, boolean earlierStrongLock, Set<String> changedLater,
                            boolean lockedExclusivelyInFile, TracedStatement trace, String tracedOn, SessionTimeZone timeZone,
                            Set<String> addedInFile, Down down, boolean copiedBefore, MigrationRollback rollback) {
    /** Whether the step's migration can be undone with the migrator's own down migration (see {@link MigrationPaths#hasDown}). */
    public enum Down {
        /** it has one: a down file beside it, a non-empty down section, a rollback script */
        WRITTEN,
        /** it has none, though other migrations of the history do: the project rolls back with down migrations, but not this one */
        MISSING,
        /** no migration of the history has one (drizzle-kit, Prisma and the Supabase CLI write none) */
        NONE_IN_HISTORY
    }

    public MigrationStep {
        timeZone = timeZone == null ? SessionTimeZone.UNKNOWN : timeZone;
        addedInFile = addedInFile == null ? Set.of() : Set.copyOf(addedInFile);
        down = down == null ? Down.NONE_IN_HISTORY : down;
        suppressed = suppressed == null ? Set.of() : Set.copyOf(suppressed);
        changedLater = changedLater == null ? Set.of() : Set.copyOf(changedLater);
    }

    MigrationStep withChangedLater(Set<String> columns) {
        return new MigrationStep(at, sql, normalizedSql, suppressed, op, newTable, explicitTransaction, migrator, transaction, fileStatements,
                lockTimeoutSet, lockTimeoutInRun, previousType, notNullProven, earlierStrongLock, columns, lockedExclusivelyInFile, trace, tracedOn, timeZone, addedInFile, down, copiedBefore, rollback);
    }

    MigrationStep withLockedExclusivelyInFile() {
        return new MigrationStep(at, sql, normalizedSql, suppressed, op, newTable, explicitTransaction, migrator, transaction, fileStatements,
                lockTimeoutSet, lockTimeoutInRun, previousType, notNullProven, earlierStrongLock, changedLater, true, trace, tracedOn, timeZone, addedInFile, down, copiedBefore, rollback);
    }

    /** A later step of the history retypes or drops this column (or drops the table). */
    public boolean replacedLater(String column) {
        return changedLater.contains("*") || (column != null && changedLater.contains(column.toLowerCase(java.util.Locale.ROOT)));
    }

    /** A step the history alone describes, before any trace. */
    public MigrationStep(SourceLocation at, String sql, String normalizedSql, Set<String> suppressed, Operation op,
                         boolean newTable, boolean explicitTransaction, Migrator migrator, Migrator.Transaction transaction,
                         int fileStatements, boolean lockTimeoutSet, boolean lockTimeoutInRun, String previousType,
                         boolean notNullProven, boolean earlierStrongLock, Set<String> changedLater, boolean lockedExclusivelyInFile) {
        this(at, sql, normalizedSql, suppressed, op, newTable, explicitTransaction, migrator, transaction, fileStatements,
                lockTimeoutSet, lockTimeoutInRun, previousType, notNullProven, earlierStrongLock, changedLater, lockedExclusivelyInFile,
                null, null, null, Set.of(), Down.NONE_IN_HISTORY, false, null);
    }

    /** The same step, with the columns its file added to its table before it, whether its migration has a down migration, and whether its file copied what it destroys. */
    MigrationStep withUndo(Set<String> added, Down d, boolean copied) {
        return new MigrationStep(at, sql, normalizedSql, suppressed, op, newTable, explicitTransaction, migrator, transaction, fileStatements,
                lockTimeoutSet, lockTimeoutInRun, previousType, notNullProven, earlierStrongLock, changedLater, lockedExclusivelyInFile, trace,
                tracedOn, timeZone, added, d, copied, rollback);
    }

    /** The same step, run under {@code zone}. */
    MigrationStep withTimeZone(SessionTimeZone zone) {
        return new MigrationStep(at, sql, normalizedSql, suppressed, op, newTable, explicitTransaction, migrator, transaction, fileStatements,
                lockTimeoutSet, lockTimeoutInRun, previousType, notNullProven, earlierStrongLock, changedLater, lockedExclusivelyInFile, trace,
                tracedOn, zone, addedInFile, down, copiedBefore, rollback);
    }

    public MigrationStep withTrace(TracedStatement traced, String server) {
        return new MigrationStep(at, sql, normalizedSql, suppressed, op, newTable, explicitTransaction, migrator, transaction,
                fileStatements, lockTimeoutSet, lockTimeoutInRun, previousType, notNullProven, earlierStrongLock, changedLater,
                lockedExclusivelyInFile, traced, server, timeZone, addedInFile, down, copiedBefore, rollback);
    }

    /** The same step, with what the trace found undoing the migration it opens. */
    public MigrationStep withRollback(MigrationRollback undone) {
        return new MigrationStep(at, sql, normalizedSql, suppressed, op, newTable, explicitTransaction, migrator, transaction,
                fileStatements, lockTimeoutSet, lockTimeoutInRun, previousType, notNullProven, earlierStrongLock, changedLater,
                lockedExclusivelyInFile, trace, tracedOn, timeZone, addedInFile, down, copiedBefore, undone);
    }

    /** The table existed before this migration file: other sessions read and write it while the statement holds its lock. */
    public boolean existingTable() {
        return !newTable;
    }

    /**
     * Runs in a transaction: written in the file, or because the migrator wraps the file in one
     * ({@code effective} is the detected migrator or the one a rule parameter names instead).
     */
    public boolean inTransaction(Migrator effective) {
        return explicitTransaction || Migrator.wraps(effective == migrator ? transaction : effective.transaction(), fileStatements);
    }

    /** A lock_timeout is in force for this statement, as far as {@code effective} carries one from earlier files. */
    public boolean lockTimeoutInForce(Migrator effective) {
        return lockTimeoutSet || (effective.transaction() == Migrator.Transaction.RUN && lockTimeoutInRun);
    }
}
