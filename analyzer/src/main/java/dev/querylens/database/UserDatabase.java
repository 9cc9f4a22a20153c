package dev.querylens.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * The one boundary between QueryLens and a user's database: nothing else holds a connection to
 * it. It opens the session and exposes typed operations (read statistics, read the catalog, plan
 * one statement, cost it with hypothetical indexes), never "run this string".
 *
 * <p>What holds, whatever the workload text says (docs/safety.md lists every statement sent):
 * <ul>
 * <li>Workload text reaches the server only as a {@link SingleStatement}, inside one statement
 *     QueryLens wrote ({@code PREPARE name (types) AS ...}, sent by {@link CheckedPrepare} on this
 *     session, with its literals as parameters), through the extended
 *     protocol: pgjdbc must split it into exactly one query (one Parse message), and the server
 *     refuses a Parse message holding more than one command.</li>
 * <li>Every unit of work is its own transaction, read-only unless the database was marked
 *     disposable, and is rolled back, which also undoes any setting changed inside it.</li>
 * <li>statement_timeout, lock_timeout and idle_in_transaction_session_timeout are startup options
 *     of the session (no workload statement can be a SET), a client-side query timeout cancels a
 *     statement the server lets run, and connect and socket timeouts end a run a frozen server
 *     would hang.</li>
 * <li>A statement is planned only when every function it reaches is built in or allowed
 *     ({@link AllowedFunctions}): planning can run a function.</li>
 * </ul>
 */
public final class UserDatabase implements AutoCloseable {
    /** Marks every statement QueryLens writes, so it never reads its own statements back from pg_stat_statements. */
    public static final String MARK = "/* querylens */ ";
    /** What the user puts in the database's comment to allow writes that are rolled back (--what-if real-index). */
    public static final String DISPOSABLE_MARK = "querylens:disposable";

    static final int STATEMENT_TIMEOUT_MS = 30_000;
    static final int LOCK_TIMEOUT_MS = 5_000;
    static final int IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;
    /** Client side: a little after the server's own statement_timeout should have fired. */
    static final int QUERY_TIMEOUT_S = 40;
    static final int SOCKET_TIMEOUT_S = 60;
    static final int DEFAULT_CONNECT_TIMEOUT_S = 10;

    public enum Access {
        /** Read-only transactions: the default, and all a production database ever gets. */
        READ_ONLY,
        /** Writes inside transactions that are always rolled back; only on a database whose comment holds {@link #DISPOSABLE_MARK}. */
        DISPOSABLE
    }

    private final Connection connection;
    private final ConnectionSettings settings;
    private final int serverVersion;
    private final CheckedPrepare checked;
    private final Access access;
    private final AllowedFunctions allowed;
    /** Sessions opened by {@link #sibling()}: closed with this one. */
    private final List<UserDatabase> siblings = new java.util.ArrayList<>();
    private final PreparedPlans plans;
    private String lost;

    private UserDatabase(Connection connection, ConnectionSettings settings, int serverVersion, Access access, AllowedFunctions allowed) {
        this.connection = connection;
        this.settings = settings;
        this.serverVersion = serverVersion;
        this.access = access;
        this.allowed = allowed;
        this.checked = new CheckedPrepare(connection, allowed);
        this.plans = new PreparedPlans(connection, checked);
    }

    /** A session that plans only statements whose functions are all built in. */
    public static UserDatabase open(ConnectionSettings settings, Access access) throws DatabaseUnavailable {
        return open(settings, access, AllowedFunctions.builtInOnly());
    }

    /** A session that plans only statements whose functions are all built in or {@code allowed}. */
    public static UserDatabase open(ConnectionSettings settings, Access access, AllowedFunctions allowed) throws DatabaseUnavailable {
        Properties p = SessionProperties.of(settings, access);
        Connection c;
        try {
            c = DriverManager.getConnection(settings.jdbcUrl(), p);
        } catch (SQLException e) {
            throw DatabaseUnavailable.of(settings, e);
        }
        try {
            c.setAutoCommit(false);
            c.setReadOnly(access == Access.READ_ONLY);
            int version;
            try (Statement s = statement(c); ResultSet rs = s.executeQuery(MARK + "SELECT current_setting('server_version_num')::int")) {
                rs.next();
                version = rs.getInt(1);
            }
            if (access == Access.DISPOSABLE) {
                try (Statement s = statement(c); ResultSet rs = s.executeQuery(MARK
                        + "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname = current_database()")) {
                    if (!rs.next() || !rs.getString(1).contains(DISPOSABLE_MARK)) {
                        throw new DatabaseUnavailable(settings.shown() + " is not marked disposable: QueryLens writes (in transactions it rolls"
                                + " back) only where COMMENT ON DATABASE holds '" + DISPOSABLE_MARK + "'");
                    }
                }
            }
            c.rollback();
            return new UserDatabase(c, settings, version, access, allowed);
        } catch (SQLException e) {
            closeQuietly(c);
            throw DatabaseUnavailable.of(settings, e);
        } catch (DatabaseUnavailable e) {
            closeQuietly(c);
            throw e;
        }
    }

    public ConnectionSettings settings() {
        return settings;
    }

    /**
     * Another session to the same database, opened as this one was (the same settings, access and
     * allowed functions, so every rule above holds in it too) and closed with it: what-if costs can
     * be planned on several sessions at once. HypoPG's hypothetical indexes are per session, so each
     * session creates its own. Not thread-safe: open siblings from one thread, then use each session
     * from one thread at a time.
     */
    public UserDatabase sibling() throws DatabaseUnavailable {
        UserDatabase other = open(settings, access, allowed);
        siblings.add(other);
        return other;
    }

    public int serverVersion() {
        return serverVersion;
    }

    /** Why the connection was lost during the run, or null while it works. */
    public String lostConnection() {
        return lost;
    }

    /** pg_stat_statements of the connected database, heaviest first, without QueryLens's own statements and transaction control. */
    public List<StatementStatistics> statementStatistics() throws SQLException {
        return unit(() -> new CatalogQueries(this::statementFor, serverVersion).statementStatistics());
    }

    /** The user schemas' tables, columns, row level security, indexes, foreign keys, policies and statistics. */
    public CatalogRows catalog() throws SQLException {
        return unit(() -> new CatalogQueries(this::statementFor, serverVersion).read());
    }

    /** The server's client backends by state against max_connections (for connection pooling advice). */
    public BackendActivity backends() throws SQLException {
        return unit(() -> new ActivityQueries(this::statementFor).read());
    }

    /**
     * Index use since the statistics reset, invalid indexes, sequences and the columns they feed,
     * wraparound ages: the live health the health rules judge. Catalog and statistics views only.
     */
    public LiveHealth health() throws SQLException {
        return unit(() -> new HealthQueries(this::statementFor).read());
    }

    /** Each user table's row estimate, last analyze and rows changed since: what what-if costs were planned with. */
    public List<PlannerStatistics> plannerStatistics() throws SQLException {
        return unit(() -> PlannerStatistics.read(this::statementFor));
    }

    /**
     * The total size of the user tables with their indexes and TOAST, for the default index budget,
     * from pg_class's page counts (as of each table's last VACUUM, ANALYZE or CREATE INDEX): reading
     * them takes no lock, so a table another session holds locked cannot stop the run here
     * (pg_total_relation_size would wait for it).
     */
    public long userTablesBytes() throws SQLException {
        return unit(() -> {
            try (Statement s = statement(connection); ResultSet rs = s.executeQuery(MARK + "SELECT coalesce(sum(cl.relpages::bigint"
                    + " + coalesce(t.relpages, 0) + (SELECT coalesce(sum(i.relpages::bigint), 0) FROM pg_index x JOIN pg_class i"
                    + " ON i.oid = x.indexrelid WHERE x.indrelid = cl.oid)), 0) * current_setting('block_size')::bigint"
                    + " FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace LEFT JOIN pg_class t ON t.oid = cl.reltoastrelid"
                    + " WHERE cl.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Whether HypoPG is created in this database, or at least available on the server. */
    public enum HypoPg { CREATED, AVAILABLE, MISSING }

    public HypoPg hypoPg() throws SQLException {
        return unit(() -> {
            try (Statement s = statement(connection); ResultSet rs = s.executeQuery(MARK
                    + "SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'hypopg'),"
                    + " EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'hypopg')")) {
                rs.next();
                return rs.getBoolean(1) ? HypoPg.CREATED : rs.getBoolean(2) ? HypoPg.AVAILABLE : HypoPg.MISSING;
            }
        });
    }

    /**
     * EXPLAIN (FORMAT JSON) of one statement. Planned only, unless {@code analyze}, which executes it
     * in the read-only transaction and rolls it back; a statement with $n is planned generically
     * (its parameters have no values to execute with). Either way only once every function it calls
     * is built in or allowed ({@link FunctionNotAllowed} otherwise).
     */
    public String explainJson(SingleStatement statement, boolean analyze) throws SQLException {
        if (analyze) {
            if (Parameterized.of(statement).hasOwnParameters()) {
                // it would run with NULLs: a run nobody asked for, with timings of nothing
                throw new SQLException("not run: the statement has parameters ($n) with no values; --analyze runs a statement"
                        + " with its values written in");
            }
            return unit(() -> plans.plan(statement, null, "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)"));
        }
        return unit(() -> plans.plan(statement, null, "EXPLAIN (FORMAT JSON)"));
    }

    /**
     * EXPLAIN (VERBOSE, FORMAT JSON) of one statement, planned only, under the same checks as
     * {@link #explainJson}: the columns PostgreSQL's plan filters, joins, sorts and groups on, each
     * named with its table's alias and the scans' schemas, for a statement QueryLens's parser cannot read.
     */
    public String explainVerboseJson(SingleStatement statement) throws SQLException {
        return unit(() -> plans.plan(statement, null, "EXPLAIN (VERBOSE, FORMAT JSON)"));
    }

    /**
     * The planner's total cost of the statement with these hypothetical indexes (CREATE INDEX texts
     * QueryLens generated). The cost is read from the top line of the text EXPLAIN, the same number
     * to the same two decimals as JSON's "Total Cost" of the same plan, at a fraction of the bytes
     * (a TPC-DS plan in JSON runs to tens of kB, and the what-if selection asks for thousands); the
     * indexes are created in one statement, in the order given.
     */
    public double hypotheticalCost(SingleStatement statement, List<String> createIndexes) throws SQLException {
        return hypotheticalPlan(statement, createIndexes).cost();
    }

    /**
     * A plan's cost with hypothetical indexes, and which of them the plan scans.
     *
     * @param used the positions, in the list of CREATE INDEX texts given, of the indexes the chosen
     *             plan names (an index scan, index-only scan or bitmap index scan on it)
     */
    public record HypotheticalPlan(double cost, java.util.BitSet used) {
        public HypotheticalPlan {
            used = (java.util.BitSet) used.clone();
        }

        @Override
        public java.util.BitSet used() {
            return (java.util.BitSet) used.clone();
        }
    }

    /**
     * {@link #hypotheticalCost}, with the indexes the chosen plan scans: HypoPG names a hypothetical
     * index {@code <oid>name} in the plan, and hypopg_create_index gives each index's oid, so the
     * plan's {@code <oid>} marks are matched to the indexes created for it (a mark that is not one
     * of them, say in a filter's text, is ignored; one that is counts as used, which can only make
     * a caller think the plan needs more indexes than it does).
     */
    public HypotheticalPlan hypotheticalPlan(SingleStatement statement, List<String> createIndexes) throws SQLException {
        long[][] oids = {new long[0]};
        String plan = unit(() -> plans.plan(statement, createIndexes.isEmpty() ? null : () -> {
            try (PreparedStatement s = connection.prepareStatement(MARK + "SELECT array_agg(h.indexrelid::bigint ORDER BY d.n)"
                    + " FROM unnest(?::text[]) WITH ORDINALITY AS d (ddl, n), LATERAL hypopg_create_index(d.ddl) AS h")) {
                s.setQueryTimeout(QUERY_TIMEOUT_S);
                s.setArray(1, connection.createArrayOf("text", createIndexes.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    java.sql.Array a = rs.getArray(1);
                    Object[] values = a == null ? new Object[0] : (Object[]) a.getArray();
                    oids[0] = new long[values.length];
                    for (int i = 0; i < values.length; i++) {
                        oids[0][i] = ((Number) values[i]).longValue();
                    }
                }
            }
            return true;
        }, "EXPLAIN", true));
        return new HypotheticalPlan(PreparedPlans.topCost(plan), PreparedPlans.usedPositions(plan, oids[0]));
    }

    /** HypoPG's estimate of an index's size in bytes. */
    public long hypotheticalSize(String createIndex) throws SQLException {
        return unit(() -> {
            try (PreparedStatement s = connection.prepareStatement(MARK
                    + "SELECT hypopg_relation_size(indexrelid) FROM hypopg_create_index(?)")) {
                s.setQueryTimeout(QUERY_TIMEOUT_S);
                s.setString(1, createIndex);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            } finally {
                plans.hypoReset();
            }
        });
    }

    /** On a disposable database: the cost with these indexes really built inside the transaction, which is rolled back. */
    public double realIndexCost(SingleStatement statement, List<String> createIndexes) throws SQLException {
        requireWritable();
        return PreparedPlans.totalCost(unit(() -> plans.plan(statement, createIndexes.isEmpty() ? null : () -> {
            for (String ddl : createIndexes) {
                plans.ownStatement(MARK + ddl);
            }
            return false;
        }, "EXPLAIN (FORMAT JSON)")));
    }

    /** On a disposable database: the size of an index built inside a transaction that is rolled back. */
    public long realIndexSize(String createIndex, String qualifiedIndexName) throws SQLException {
        requireWritable();
        return unit(() -> {
            plans.ownStatement(MARK + createIndex);
            try (PreparedStatement s = connection.prepareStatement(MARK + "SELECT pg_relation_size(to_regclass(?))")) {
                s.setQueryTimeout(QUERY_TIMEOUT_S);
                s.setString(1, qualifiedIndexName);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private void requireWritable() throws SQLException {
        if (connection.isReadOnly()) {
            throw new SQLException("this session is read-only: QueryLens writes (real indexes, a migration trace) only on a database marked disposable");
        }
    }

    private Statement statementFor() throws SQLException {
        return statement(connection);
    }

    /**
     * The session, for {@link MigrationTracer} alone, which applies the user's own migration files:
     * only a session opened {@link Access#DISPOSABLE} (whose database carries the mark) has one to give.
     */
    Connection disposableConnection() throws SQLException {
        requireWritable();
        return connection;
    }

    /** A statement with JDBC escape processing off (it would rewrite {fn ...} in workload text) and a client-side timeout. */
    static Statement statement(Connection c) throws SQLException {
        Statement s = c.createStatement();
        s.setEscapeProcessing(false);
        s.setQueryTimeout(QUERY_TIMEOUT_S);
        return s;
    }

    interface Work<T> {
        T run() throws SQLException;
    }

    /** One unit of work in its own transaction, always rolled back; a lost connection is remembered and every later unit fails at once. */
    private <T> T unit(Work<T> work) throws SQLException {
        if (lost != null) {
            throw new SQLException("connection lost earlier: " + lost, "08006");
        }
        try {
            return work.run();
        } catch (FunctionNotAllowed e) {
            throw e;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("08") || connection.isClosed()) {
                lost = DatabaseUnavailable.why(e);
            }
            // masked over the whole message before it is cut to one line: a value can hold a newline
            throw new SQLException(ServerMessages.normalized(settings.redact(e.getMessage())), e.getSQLState());
        } finally {
            if (lost == null && !connection.isClosed()) {
                try {
                    connection.rollback();
                } catch (SQLException e) {
                    lost = DatabaseUnavailable.why(e);
                }
            }
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a connection that failed to start: nothing more to say than the original failure
        }
    }

    @Override
    public void close() {
        siblings.forEach(UserDatabase::close);
        try {
            if (!connection.isClosed()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // the session ends either way; the server rolls back what is open
        }
        closeQuietly(connection);
    }
}
