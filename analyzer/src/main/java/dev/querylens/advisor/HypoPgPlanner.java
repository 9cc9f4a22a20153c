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
    /** advise's default --planner-sessions is the machine's cores up to this: each session keeps a server backend planning. */
    public static final int MAX_DEFAULT_SESSIONS = 4;
    /**
     * The most --planner-sessions may ask for: each is a connection of the user's server, and
     * siblings are opened until the server refuses one, which would leave the application none.
     */
    public static final int MAX_SESSIONS = 16;
    private final UserDatabase database;
    private final int wanted;
    /** The sessions planned on: {@code database} first, then the siblings opened when a batch first needs them. */
    private final List<UserDatabase> sessions = new java.util.ArrayList<>();
    private boolean openedAll;

    private HypoPgPlanner(UserDatabase database, int sessions, PlanDerivations.Mode derivation) {
        super(derivation);
        this.database = database;
        this.wanted = sessions;
        this.sessions.add(database);
    }

    /** advise's default number of planner sessions: the cores this machine has, at most {@link #MAX_DEFAULT_SESSIONS}. */
    public static int defaultSessions() {
        return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), MAX_DEFAULT_SESSIONS));
    }

    /** Wraps a session; fails with a clear message when HypoPG is not installed in the database. */
    public static HypoPgPlanner on(UserDatabase database) throws SQLException, MissingHypoPg {
        return on(database, 1);
    }

    /**
     * Wraps a session and plans batches of independent costs ({@link #prefetch}) on up to
     * {@code sessions} sessions of the same database ({@link UserDatabase#sibling}, opened when first
     * needed and closed with {@code database}); fewer if the server refuses more connections. 1 plans
     * everything on {@code database}, one statement after another.
     */
    public static HypoPgPlanner on(UserDatabase database, int sessions) throws SQLException, MissingHypoPg {
        return on(database, sessions, PlanDerivations.Mode.DERIVE);
    }

    /**
     * As above, with costs derived from earlier plans' used indexes ({@link PlanDerivations}):
     * {@code "derive"} (advise's way), {@code "off"} (every cost planned) or {@code "check"} (planned
     * and compared with the derivation, {@link #derivations()}); for measuring the derivation.
     */
    public static HypoPgPlanner on(UserDatabase database, int sessions, String derivation) throws SQLException, MissingHypoPg {
        return on(database, sessions, PlanDerivations.Mode.valueOf(derivation.toUpperCase(java.util.Locale.ROOT)));
    }

    private static HypoPgPlanner on(UserDatabase database, int sessions, PlanDerivations.Mode derivation) throws SQLException, MissingHypoPg {
        if (sessions < 1) {
            throw new IllegalArgumentException("planner sessions must be at least 1: " + sessions);
        }
        switch (database.hypoPg()) {
            case AVAILABLE -> throw new MissingHypoPg(
                    "HypoPG is available on the server but not created in this database: run CREATE EXTENSION hypopg (as its owner)");
            case MISSING -> throw new MissingHypoPg("HypoPG is not installed on the server: install it (Debian/Ubuntu: apt-get install"
                    + " postgresql-<version>-hypopg; elsewhere see the HypoPG documentation), then CREATE EXTENSION hypopg");
            default -> {
                return new HypoPgPlanner(database, sessions, derivation);
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
    double measureCost(int session, String sql, List<IndexCandidate> indexes) throws SQLException {
        return measurePlan(session, sql, indexes).cost();
    }

    @Override
    Measured measurePlan(int session, String sql, List<IndexCandidate> indexes) throws SQLException {
        // each session creates the hypothetical indexes it plans with: HypoPG keeps them per backend
        UserDatabase.HypotheticalPlan plan = sessions.get(session).hypotheticalPlan(plannable(sql),
                indexes.stream().map(IndexCandidate::createStatement).toList());
        java.util.BitSet used = plan.used();
        return new Measured(plan.cost(), used.stream().mapToObj(indexes::get).collect(java.util.stream.Collectors.toUnmodifiableSet()));
    }

    @Override
    int sessions(int wanted) {
        int target = Math.min(wanted, this.wanted);
        while (!openedAll && sessions.size() < target) {
            try {
                sessions.add(database.sibling());
            } catch (dev.querylens.database.DatabaseUnavailable e) {
                // too many connections, say: plan on the sessions there are, with the same costs
                openedAll = true;
            }
        }
        return Math.min(target, sessions.size());
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
        return sessions.stream().map(UserDatabase::lostConnection).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    static SingleStatement plannable(String sql) throws SQLException {
        SingleStatement.Result checked = SingleStatement.of(sql);
        if (checked.statement() == null) {
            throw new SQLException("not sent to the database: " + checked.refusal());
        }
        return checked.statement();
    }
}
