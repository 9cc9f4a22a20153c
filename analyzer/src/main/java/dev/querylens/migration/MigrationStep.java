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
 * @param migrator             the tool that applies the file (whether it wraps the file in a transaction)
 * @param lockTimeoutSet       an earlier statement of the file set a non-zero lock_timeout
 * @param previousType         the column's type before an ALTER TYPE, null when the history does not say
 * @param notNullProven        a validated CHECK (column IS NOT NULL) exists for a SET NOT NULL's column
 * @param earlierStrongLock    an earlier statement of the file already took a strong lock on an existing table without lock_timeout
 * @param trace                what a trace on a real PostgreSQL saw the statement do (migrations --trace), or null
 * @param tracedOn             which server traced it, or null
 */
public record MigrationStep(SourceLocation at, String sql, String normalizedSql, Set<String> suppressed, Operation op,
                            boolean newTable, boolean explicitTransaction, Migrator migrator, boolean lockTimeoutSet,
                            String previousType, boolean notNullProven, boolean earlierStrongLock, TracedStatement trace,
                            String tracedOn) {
    public MigrationStep {
        suppressed = suppressed == null ? Set.of() : Set.copyOf(suppressed);
    }

    /** A step the history alone describes, before any trace. */
    public MigrationStep(SourceLocation at, String sql, String normalizedSql, Set<String> suppressed, Operation op,
                         boolean newTable, boolean explicitTransaction, Migrator migrator, boolean lockTimeoutSet,
                         String previousType, boolean notNullProven, boolean earlierStrongLock) {
        this(at, sql, normalizedSql, suppressed, op, newTable, explicitTransaction, migrator, lockTimeoutSet, previousType,
                notNullProven, earlierStrongLock, null, null);
    }

    public MigrationStep withTrace(TracedStatement traced, String server) {
        return new MigrationStep(at, sql, normalizedSql, suppressed, op, newTable, explicitTransaction, migrator, lockTimeoutSet,
                previousType, notNullProven, earlierStrongLock, traced, server);
    }

    /** The table existed before this migration file: other sessions read and write it while the statement holds its lock. */
    public boolean existingTable() {
        return !newTable;
    }

    /** Runs in a transaction: written in the file, or because the migrator wraps the file in one. */
    public boolean inTransaction(Migrator effective) {
        return explicitTransaction || effective.wrapsInTransaction();
    }
}
