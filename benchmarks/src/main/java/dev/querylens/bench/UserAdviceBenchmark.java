package dev.querylens.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.database.SingleStatement;
import dev.querylens.database.UserDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Measures a user's own recommendations on the user's own disposable database: the statements
 * that {@code querylens advise|analyze --emit-bench DIR} wrote, with the parameter values seen in
 * the workload, run without and with the recommended indexes. It creates those indexes (and drops
 * them at the end), so it runs only against the server named by -Djdbc.url and only with
 * {@code -p spec=DIR/querylens-bench.json}; it is skipped in a plain run of the jar.
 *
 * <pre>java -Djdbc.url=jdbc:postgresql://localhost/copy_of_prod -Djdbc.user=me -jar benchmarks.jar UserAdvice -p spec=advice/querylens-bench.json</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class UserAdviceBenchmark {
    @Param({"none", "recommended"})
    public String indexes;

    @Param("")
    public String spec;

    private Connection connection;
    private final List<PreparedStatement> statements = new ArrayList<>();
    private final List<List<List<String>>> values = new ArrayList<>();
    private final List<String> created = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void prepare() throws Exception {
        String url = System.getProperty("jdbc.url");
        if (spec.isEmpty() || url == null) {
            throw new IllegalStateException("UserAdviceBenchmark needs -p spec=DIR/querylens-bench.json and -Djdbc.url of a"
                    + " disposable copy of your database (it creates the recommended indexes there and drops them after)");
        }
        JsonNode root = new ObjectMapper().readTree(Path.of(spec).toFile());
        Properties p = new Properties();
        p.setProperty("user", System.getProperty("jdbc.user", "postgres"));
        if (System.getProperty("jdbc.password") != null) {
            p.setProperty("password", System.getProperty("jdbc.password"));
        }
        p.setProperty("stringtype", "unspecified"); // text values take the type the statement needs
        connection = DriverManager.getConnection(url, p);
        requireDisposable(connection);
        if (indexes.equals("recommended")) {
            try (Statement s = connection.createStatement()) {
                for (JsonNode ix : root.get("indexes")) {
                    String ddl = ix.get("ddl").asText();
                    // the spec is a file anyone could have edited: only one CREATE INDEX per entry is run
                    if (!ddl.startsWith("CREATE INDEX ") || org.postgresql.core.Parser.parseJdbcSql(ddl, true, false, true, false, false).size() != 1) {
                        throw new IllegalStateException("the spec's index entry is not one CREATE INDEX statement; not run");
                    }
                    s.execute(ddl);
                    created.add(ix.get("name").asText());
                }
                s.execute("ANALYZE");
            }
        }
        // every statement runs in a read-only transaction that is rolled back after each measurement
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        for (JsonNode st : root.get("statements")) {
            SingleStatement checked = SingleStatement.of(st.get("sql").asText()).statement();
            if (checked == null || !checked.isRead()
                    || org.postgresql.core.Parser.parseJdbcSql(st.get("jdbcSql").asText(), true, true, true, false, false).size() != 1) {
                throw new IllegalStateException("the spec holds a statement that is not exactly one read; not run");
            }
            statements.add(connection.prepareStatement(st.get("jdbcSql").asText()));
            List<List<String>> tuples = new ArrayList<>();
            st.get("params").forEach(t -> {
                List<String> tuple = new ArrayList<>();
                t.forEach(v -> tuple.add(v.asText()));
                tuples.add(tuple);
            });
            values.add(tuples.isEmpty() ? List.of(List.of()) : tuples);
        }
    }

    @TearDown(Level.Trial)
    public void dropIndexes() throws SQLException {
        connection.rollback();
        connection.setReadOnly(false);
        try (Statement s = connection.createStatement()) {
            for (String name : created) {
                // the spec's name is a quoted qualified name (IndexCandidate.qualifiedName); checked, not trusted
                if (!name.matches("(\\w+|\"(?:[^\"]|\"\")+\")(\\.(\\w+|\"(?:[^\"]|\"\")+\"))?")) {
                    throw new IllegalStateException("the spec's index name is not a (qualified) identifier; not dropped");
                }
                s.execute("DROP INDEX IF EXISTS " + name);
            }
        }
        connection.commit();
        connection.close();
    }

    /** Creating indexes is a change: only where the database's comment marks it disposable (docs/safety.md). */
    private static void requireDisposable(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT coalesce(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname = current_database()")) {
            if (!rs.next() || !rs.getString(1).contains(UserDatabase.DISPOSABLE_MARK)) {
                throw new IllegalStateException("the database is not marked disposable: COMMENT ON DATABASE ... IS '"
                        + UserDatabase.DISPOSABLE_MARK + "' on a copy you can lose");
            }
        }
    }

    /** Every served statement once, each with the next parameter tuple seen for it. */
    @Benchmark
    public long runServedStatements() throws SQLException {
        long rows = 0;
        next++;
        for (int i = 0; i < statements.size(); i++) {
            PreparedStatement ps = statements.get(i);
            List<String> tuple = values.get(i).get(next % values.get(i).size());
            for (int k = 0; k < tuple.size(); k++) {
                ps.setString(k + 1, tuple.get(k));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows++;
                }
            } finally {
                connection.rollback();
            }
        }
        return rows;
    }
}
