package dev.querylens.database;

import static dev.querylens.database.UserDatabase.MARK;
import static dev.querylens.database.UserDatabase.statement;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How {@link UserDatabase} plans one workload statement on its session: PREPARE through
 * {@link CheckedPrepare} (one statement, its functions checked), the indexes of the moment, EXPLAIN
 * EXECUTE with its values, then the prepared statement and HypoPG's indexes removed; and how the
 * plans' text is read. Only UserDatabase holds one, and calls it inside its own units of work
 * (each a transaction that is rolled back), so every rule of the boundary holds here too.
 */
final class PreparedPlans {
    private final Connection connection;
    private final CheckedPrepare checked;
    private int prepared;
    /** Per statement text, the prepared statement kept for its next what-if cost. */
    private final java.util.Map<String, Kept> kept = new java.util.HashMap<>();

    PreparedPlans(Connection connection, CheckedPrepare checked) {
        this.connection = connection;
        this.checked = checked;
    }

    /**
     * PREPARE the statement with its literals as parameters ({@link Parameterized}; PREPARE's
     * grammar takes exactly one SELECT, INSERT, UPDATE, DELETE, MERGE or VALUES), which parses and
     * rewrites it without planning it; refuse it unless every function it calls is built in or
     * allowed ({@link CalledFunctions}); then, with the given indexes in place, {@code explain}
     * EXECUTE it with its values: a custom plan, as the application gets, or a generic one
     * (force_generic_plan, NULLs) when it has parameters of its own with no values. The settings
     * are SET LOCAL (the rollback undoes them); the prepared statement and HypoPG's indexes outlive a
     * rollback, so they are removed afterwards in a read-only transaction of their own.
     *
     * @param indexes creates the hypothetical (returns true) or real (false) indexes, or null for none
     */
    String plan(SingleStatement statement, UserDatabase.Work<Boolean> indexes, String explain) throws SQLException {
        return plan(statement, indexes, explain, false);
    }

    /**
     * As above; with {@code keep}, a statement planned with its values stays prepared in the session
     * for its next index set. EXECUTE with values under force_custom_plan plans it anew each time,
     * so HypoPG's indexes of the moment are seen, as after a fresh PREPARE, and the parse,
     * analysis, rewrite and two round trips of PREPARE and DEALLOCATE are saved for every index set
     * after the first. Without values (none, or its own $n) PostgreSQL would reuse one cached
     * generic plan, blind to the next index set: such a statement is prepared for each plan.
     */
    String plan(SingleStatement statement, UserDatabase.Work<Boolean> indexes, String explain, boolean keep) throws SQLException {
        checked.refuseKnown(statement);
        Kept reused = keep ? kept.get(statement.sql()) : null;
        // the name QueryLens generates goes into PREPARE, EXECUTE and DEALLOCATE as an identifier: through the one quoting helper
        String name = reused != null ? reused.name() : dev.querylens.sql.Quote.ident("querylens_q" + (++prepared));
        boolean hypothetical = false;
        boolean removed = false;
        try {
            Parameterized p = reused != null ? reused.parameterized() : checked.prepare(name, statement);
            boolean keepIt = keep && !p.values().isEmpty() && !p.hasOwnParameters();
            if (indexes != null) {
                hypothetical = indexes.run();
            }
            ownStatement(MARK + "SET LOCAL plan_cache_mode = " + (p.hasOwnParameters() ? "force_generic_plan" : "force_custom_plan"));
            String plan = ownQuery(MARK + explain + " EXECUTE " + name + p.executeArguments());
            // neither is undone by the rollback, so on success both go inside this transaction: two round trips fewer a plan
            if (!keepIt) {
                ownStatement(MARK + "DEALLOCATE " + name);
            }
            if (hypothetical) {
                hypoReset();
            }
            removed = true;
            if (keepIt) {
                kept.put(statement.sql(), new Kept(name, p));
            }
            return plan;
        } finally {
            connection.rollback();
            if (!removed) {
                kept.remove(statement.sql());
                cleanUp(name, hypothetical);
            }
        }
    }

    /** A statement kept prepared in this session (see {@link #plan(SingleStatement, UserDatabase.Work, String, boolean)}). */
    private record Kept(String name, Parameterized parameterized) {
    }

    private void cleanUp(String preparedName, boolean hypothetical) throws SQLException {
        try (Statement s = statement(connection)) {
            s.execute(MARK + "DEALLOCATE " + preparedName);
        } catch (SQLException e) {
            // PREPARE itself failed: there is nothing to deallocate
            connection.rollback();
        }
        if (hypothetical) {
            hypoReset();
        }
        connection.rollback();
    }

    void hypoReset() throws SQLException {
        try (Statement s = statement(connection)) {
            s.execute(MARK + "SELECT hypopg_reset()");
        }
    }

    void ownStatement(String sql) throws SQLException {
        try (Statement s = statement(connection)) {
            s.execute(sql);
        }
    }

    String ownQuery(String sql) throws SQLException {
        try (Statement s = statement(connection); ResultSet rs = s.executeQuery(sql)) {
            StringBuilder b = new StringBuilder();
            while (rs.next()) {
                b.append(rs.getString(1)).append('\n');
            }
            return b.toString();
        }
    }

    private static final java.util.regex.Pattern HYPOTHETICAL_NAME = java.util.regex.Pattern.compile("<(\\d{1,10})>");

    /** The positions of {@code oids} whose {@code <oid>} mark appears in the text plan. */
    static java.util.BitSet usedPositions(String plan, long[] oids) {
        java.util.BitSet used = new java.util.BitSet();
        if (oids.length == 0) {
            return used;
        }
        java.util.regex.Matcher m = HYPOTHETICAL_NAME.matcher(plan);
        while (m.find()) {
            long oid = Long.parseLong(m.group(1));
            for (int i = 0; i < oids.length; i++) {
                if (oids[i] == oid) {
                    used.set(i);
                }
            }
        }
        return used;
    }

    /** "(cost=startup..total rows=" of a text plan's first line: the top node's total cost. */
    private static final java.util.regex.Pattern TOP_COST = java.util.regex.Pattern.compile("\\(cost=[0-9.]+\\.\\.([0-9.]+) rows=");

    static double topCost(String text) throws SQLException {
        java.util.regex.Matcher m = TOP_COST.matcher(text.lines().findFirst().orElse(""));
        if (!m.find()) {
            throw new SQLException("unreadable EXPLAIN output");
        }
        return Double.parseDouble(m.group(1));
    }

    static double totalCost(String json) throws SQLException {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get(0).get("Plan").get("Total Cost").asDouble();
        } catch (java.io.IOException | RuntimeException e) {
            throw new SQLException("unreadable EXPLAIN output");
        }
    }
}
