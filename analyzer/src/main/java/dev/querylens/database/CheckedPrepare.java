package dev.querylens.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;

/**
 * {@link UserDatabase}'s PREPARE of a workload statement, with the check that it calls only
 * functions that are built in or allowed: the one place workload text is sent. It uses
 * UserDatabase's own session, inside the unit of work UserDatabase opened, and keeps each
 * statement's verdict for the session so that a statement is checked once and a refused one
 * never prepared again.
 */
final class CheckedPrepare {
    private final Connection connection;
    private final AllowedFunctions allowed;
    /** Per statement text: why it may not be planned, or "" once every function it calls was found allowed. */
    private final Map<String, String> verdicts = new HashMap<>();

    CheckedPrepare(Connection connection, AllowedFunctions allowed) {
        this.connection = connection;
        this.allowed = allowed;
    }

    /** Fails at once for a statement already refused in this session. */
    void refuseKnown(SingleStatement statement) throws FunctionNotAllowed {
        String refused = verdicts.get(statement.sql());
        if (refused != null && !refused.isEmpty()) {
            throw new FunctionNotAllowed(refused);
        }
    }

    /** Errors a parameter can cause where its literal would not: syntax, no such function or operator, ambiguity, type mismatch. */
    private static final Set<String> PARAMETER_REFUSED = Set.of("42601", "42883", "42725", "42804");

    /**
     * PREPARE name (types) AS the parameterized statement. On its first time in the session, with the server's
     * rewritten query tree sent back (debug_print_rewritten, for this transaction only), every
     * function it calls is checked, and it fails with {@link FunctionNotAllowed} unless all are
     * allowed. A string parameter whose type nothing determines ({@code SELECT 'a'}) is declared
     * text, as the literal would be, and the statement prepared again.
     */
    Parameterized prepare(String name, SingleStatement statement) throws SQLException {
        boolean check = !verdicts.containsKey(statement.sql());
        Parameterized p = Parameterized.of(statement);
        for (int attempt = 0; ; attempt++) {
            if (check) {
                ownStatement(UserDatabase.MARK + "SET LOCAL debug_print_rewritten = on");
                ownStatement(UserDatabase.MARK + "SET LOCAL debug_pretty_print = off");
                ownStatement(UserDatabase.MARK + "SET LOCAL client_min_messages = log");
            }
            List<String> trees;
            try (Statement s = UserDatabase.statement(connection)) {
                String sql = UserDatabase.MARK + "PREPARE " + name + (p.types().isEmpty() ? "" : " (" + p.typeList() + ")") + " AS " + p.sql();
                requireOneQuery(sql);
                s.execute(sql);
                trees = check ? CalledFunctions.trees(s.getWarnings()) : List.of();
            } catch (SQLException e) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$(\\d{1,5})").matcher(String.valueOf(e.getMessage()));
                if ("42P18".equals(e.getSQLState()) && attempt < 10 && m.find()) {
                    int parameter = Integer.parseInt(m.group(1));
                    if (parameter >= 1 && parameter <= p.types().size() && Parameterized.INFERRED.equals(p.types().get(parameter - 1))) {
                        connection.rollback();
                        p = p.withType(parameter, "text");
                        continue;
                    }
                }
                if (PARAMETER_REFUSED.contains(e.getSQLState()) && !p.values().isEmpty() && !p.hasOwnParameters() && attempt < 10) {
                    // a place only a literal may stand, or an overload only the literal's type picks: prepared as written
                    connection.rollback();
                    p = Parameterized.asWritten(statement);
                    continue;
                }
                throw e;
            }
            if (check) {
                ownStatement(UserDatabase.MARK + "SET LOCAL debug_print_rewritten = off");
                String why;
                if (trees.isEmpty()) {
                    why = "not planned: the server did not say which functions it calls (debug_print_rewritten), so planning it could run one";
                } else {
                    Set<Long>[] oids = CalledFunctions.oids(trees);
                    why = CalledFunctions.refusal(CalledFunctions.resolve(connection, oids[0], oids[1]), allowed);
                }
                verdicts.put(statement.sql(), why == null ? "" : why);
                if (why != null) {
                    throw new FunctionNotAllowed(why);
                }
            }
            return p;
        }
    }

    /**
     * Checks that pgjdbc's splitter (the one that decides how many Parse messages go out) sees
     * exactly one query in a text that holds a workload statement.
     */
    private void requireOneQuery(String sql) throws SQLException {
        boolean scs = connection.unwrap(BaseConnection.class).getStandardConformingStrings();
        List<NativeQuery> queries = Parser.parseJdbcSql(sql, scs, false, true, false, false);
        if (queries.size() != 1) {
            throw new SQLException("not sent: the driver reads the statement as " + queries.size() + " statements", "42601");
        }
    }

    private void ownStatement(String sql) throws SQLException {
        try (Statement s = UserDatabase.statement(connection)) {
            s.execute(sql);
        }
    }
}
