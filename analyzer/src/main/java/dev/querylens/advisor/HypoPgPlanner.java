package dev.querylens.advisor;

import dev.querylens.database.SingleStatement;
import dev.querylens.database.UserDatabase;
import java.sql.SQLException;
import java.util.List;

/**
 * What-if planning with HypoPG on a live PostgreSQL: hypothetical indexes exist only in
 * QueryLens's session, so nothing is written. Everything goes through the {@link UserDatabase}
 * boundary: a statement that is not exactly one plannable statement is never sent.
 */
public final class HypoPgPlanner extends CachingPlanner {
    private final UserDatabase database;

    private HypoPgPlanner(UserDatabase database) {
        this.database = database;
    }

    /** Wraps a session; fails with a clear message when HypoPG is not installed in the database. */
    public static HypoPgPlanner on(UserDatabase database) throws SQLException, MissingHypoPg {
        switch (database.hypoPg()) {
            case AVAILABLE -> throw new MissingHypoPg(
                    "HypoPG is available on the server but not created in this database: run CREATE EXTENSION hypopg (as its owner)");
            case MISSING -> throw new MissingHypoPg("HypoPG is not installed on the server: install it (Debian/Ubuntu: apt-get install"
                    + " postgresql-<version>-hypopg; elsewhere see the HypoPG documentation), then CREATE EXTENSION hypopg");
            default -> {
                return new HypoPgPlanner(database);
            }
        }
    }

    /** HypoPG is missing: the advisor falls back to its offline mode and says why. */
    public static final class MissingHypoPg extends Exception {
        public MissingHypoPg(String message) {
            super(message);
        }
    }

    @Override
    double measureCost(String sql, List<IndexCandidate> indexes) throws SQLException {
        return database.hypotheticalCost(plannable(sql), indexes.stream().map(IndexCandidate::createStatement).toList());
    }

    @Override
    long measureSize(IndexCandidate index) throws SQLException {
        return database.hypotheticalSize(index.createStatement());
    }

    @Override
    public String verbosePlan(String sql) {
        try {
            return database.explainVerboseJson(plannable(sql));
        } catch (SQLException e) {
            return null;
        }
    }

    @Override
    public java.util.Set<String> indexesInPlan(String sql) {
        try {
            String json = database.explainJson(plannable(sql), false);
            java.util.Set<String> names = new java.util.TreeSet<>();
            for (dev.querylens.plan.ExplainPlan plan : new dev.querylens.plan.ExplainJsonParser(new com.fasterxml.jackson.databind.ObjectMapper())
                    .parse(json)) {
                collect(plan.root(), names);
            }
            return names;
        } catch (SQLException | java.io.IOException e) {
            return null;
        }
    }

    private static void collect(dev.querylens.plan.PlanNode node, java.util.Set<String> names) {
        if (node.indexName() != null) {
            names.add(node.indexName());
        }
        node.children().forEach(c -> collect(c, names));
    }

    @Override
    public String lostConnection() {
        return database.lostConnection();
    }

    static SingleStatement plannable(String sql) throws SQLException {
        SingleStatement.Result checked = SingleStatement.of(sql);
        if (checked.statement() == null) {
            throw new SQLException("not sent to the database: " + checked.refusal());
        }
        return checked.statement();
    }
}
