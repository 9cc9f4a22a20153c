package dev.querylens.database;

import dev.querylens.database.MigrationTracer.Failure;
import dev.querylens.database.MigrationTracer.Step;
import dev.querylens.database.MigrationTracer.Undo;
import dev.querylens.database.MigrationTracer.Undone;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Proves a migration's down on the trace's own session, right after the migration ran: the catalog
 * is read (the same reads as {@code analyze --db}, {@link CatalogQueries}), the down applied, the
 * catalog read again and compared with the one before the migration, then the migration applied
 * again and the catalog compared with the one after its first run. All of it runs in one
 * transaction (on --db, under a savepoint of the trace's transaction) that is rolled back at the
 * end, locks and all, so the history goes on from what the migration left, whatever its down did.
 * The down's statements are the user's migration files, sent as the trace sends every migration
 * statement (one statement per message, as the trace's role). A statement that cannot run in a
 * transaction block runs in its plain form (DROP INDEX for DROP INDEX CONCURRENTLY: the same
 * catalog), or not at all when it has none (VACUUM: no catalog change).
 */
final class UndoCheck {
    private final MigrationTracer tracer;
    private final Connection c;
    private final boolean commit;
    private final MigrationTracer.CatalogComparison comparison;

    UndoCheck(MigrationTracer tracer, Connection c, boolean commit, MigrationTracer.CatalogComparison comparison) {
        this.tracer = tracer;
        this.c = c;
        this.commit = commit;
        this.comparison = comparison;
    }

    /**
     * The catalog as the next statement will find it. On --db the read runs under a savepoint rolled
     * back at once: the relation locks the catalog functions take go with it, and the next
     * statement's locks are read as before.
     */
    CatalogSnapshot snapshot() throws SQLException {
        if (commit) {
            try {
                return read();
            } finally {
                c.rollback();
            }
        }
        MigrationTracer.execute(c, "SAVEPOINT querylens_snapshot");
        try {
            return read();
        } finally {
            MigrationTracer.execute(c, "ROLLBACK TO SAVEPOINT querylens_snapshot");
            MigrationTracer.execute(c, "RELEASE SAVEPOINT querylens_snapshot");
        }
    }

    /** Down, then up again, from the catalog {@code before} the migration ran; rolled back to what the migration left. */
    Undone run(int index, Undo undo, List<Step> steps, CatalogSnapshot before) throws SQLException {
        if (!commit) {
            MigrationTracer.execute(c, "SAVEPOINT querylens_undo");
        }
        try {
            CatalogSnapshot up = read();
            for (int k = 0; k < undo.down().size(); k++) {
                Refused refused = apply(undo.down().get(k));
                if (refused != null) {
                    return refused.bySandbox() ? Undone.notChecked(index, "a statement of the down was not applied: " + refused.message())
                            : new Undone(index, new Failure(k, refused.message()), List.of(), null, List.of(), null);
                }
            }
            List<String> notRestored = comparison.differences(before, read());
            for (int j = undo.from(); j < undo.to(); j++) {
                if (tracer.notSent(j)) {
                    continue;
                }
                Refused refused = apply(steps.get(j));
                if (refused != null) {
                    return refused.bySandbox() ? Undone.notChecked(index, "a statement of the migration applied again was not applied: "
                            + refused.message()) : new Undone(index, null, notRestored, new Failure(j, refused.message()), List.of(), null);
                }
            }
            return new Undone(index, null, notRestored, null, comparison.differences(up, read()), null);
        } finally {
            if (commit) {
                c.rollback();
            } else {
                MigrationTracer.execute(c, "ROLLBACK TO SAVEPOINT querylens_undo");
                MigrationTracer.execute(c, "RELEASE SAVEPOINT querylens_undo");
            }
        }
    }

    /**
     * A statement the server refused: {@code bySandbox} when for want of what the sandbox does not
     * give (rights, a refused extension) rather than for a reason of its own.
     */
    private record Refused(String message, boolean bySandbox) {
    }

    /** Applies one statement: null when it ran (or had nothing to run). */
    private Refused apply(Step step) throws SQLException {
        String sql = step.transactional() ? step.sql() : step.replayAs();
        if (sql == null || MigrationTracer.transactionControl(sql)) {
            return null;
        }
        try {
            MigrationTracer.execute(c, sql);
            return null;
        } catch (SQLException e) {
            if (c.isClosed() || e.getSQLState() != null && e.getSQLState().startsWith("08") && !c.isValid(5)) {
                throw e;
            }
            String message = tracer.message(e);
            String needs = tracer.needsMore(e, message);
            return needs != null ? new Refused(needs, true) : new Refused(message, false);
        }
    }

    private CatalogSnapshot read() throws SQLException {
        CatalogQueries queries = new CatalogQueries(() -> UserDatabase.statement(c), tracer.serverVersion());
        return new CatalogSnapshot(queries.read(), queries.details());
    }
}
