package dev.querylens.advisor;

import dev.querylens.database.UserDatabase;
import java.sql.SQLException;
import java.util.List;

/**
 * What-if planning for servers without HypoPG, only on the user's explicit request and only on a
 * database marked disposable: each index set is really created inside a transaction, the
 * statement planned, and the transaction rolled back. The indexes never commit, but building them
 * reads the tables and holds locks while it runs, so this is never for production.
 */
public final class RealIndexPlanner extends CachingPlanner {
    private final UserDatabase database;

    public RealIndexPlanner(UserDatabase database) {
        this.database = database;
    }

    /** One session: real indexes built at once on several would hold their tables' locks against each other. */
    @Override
    double measureCost(int session, String sql, List<IndexCandidate> indexes) throws SQLException {
        return database.realIndexCost(HypoPgPlanner.plannable(sql), indexes.stream().map(IndexCandidate::createStatement).toList());
    }

    @Override
    long measureSize(IndexCandidate index) throws SQLException {
        return database.realIndexSize(index.createStatement(), index.qualifiedName());
    }

    @Override
    public String lostConnection() {
        return database.lostConnection();
    }
}
