package dev.querylens.collect;

import dev.querylens.database.ConnectionSettings;
import dev.querylens.database.DatabaseUnavailable;
import dev.querylens.database.StatementStatistics;
import dev.querylens.database.UserDatabase;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads pg_stat_statements from a live server for the current database, through the
 * {@link UserDatabase} boundary (a read-only session; the only statements are fixed SELECTs).
 * QueryLens's own statements are left out, so a run never analyzes an earlier run's what-if calls.
 */
public final class PgStatStatementsLive implements ExecutionSource {
    private final ConnectionSettings settings;

    public PgStatStatementsLive(ConnectionSettings settings) {
        this.settings = settings;
    }

    @Override
    public void read(Consumer<Execution> executions, Consumer<Diagnostic> diagnostics) throws java.io.IOException {
        String where = "db " + settings.shown();
        List<StatementStatistics> rows;
        try (UserDatabase db = UserDatabase.open(settings, UserDatabase.Access.READ_ONLY)) {
            rows = db.statementStatistics();
        } catch (DatabaseUnavailable e) {
            throw new java.io.IOException(e.getMessage(), e);
        } catch (SQLException e) {
            String why = e.getMessage();
            if ("42P01".equals(e.getSQLState())) {
                why = "pg_stat_statements is not installed in this database: add it to shared_preload_libraries, restart,"
                        + " and run CREATE EXTENSION pg_stat_statements";
            }
            throw new java.io.IOException(why, e);
        }
        long row = 0;
        for (StatementStatistics s : rows) {
            row++;
            executions.accept(Execution.aggregate(SourceKind.PG_STAT_STATEMENTS, new SourceLocation(where, row), PgStatStatementsText.unglued(s.query()),
                    s.totalTimeMs(), s.calls(), s.rows()));
        }
    }
}
