package dev.querylens.bench;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
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
import org.postgresql.PGConnection;

/**
 * Inserting N rows six ways: one autocommitted statement per row (what unbatched-writes finds),
 * one statement per row in one transaction, a JDBC batch, a batch with reWriteBatchedInserts, one
 * multi-row VALUES statement, and COPY. The table is emptied before every iteration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class WriteBatchingBenchmark {
    private static final String INSERT = "insert into activity_events (org_id, actor_id, kind, payload) values (?, ?, ?, ?::jsonb)";

    @Param("1000")
    public int rows;

    private BenchDatabase db;
    private Connection plain;
    private Connection rewriting;

    @Setup(Level.Trial)
    public void create() throws Exception {
        db = BenchDatabase.start();
        db.execute("CREATE TABLE activity_events (id bigserial PRIMARY KEY, org_id int NOT NULL, actor_id int NOT NULL,"
                + " kind text NOT NULL, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())");
        plain = db.connect();
        rewriting = db.connect("reWriteBatchedInserts", "true");
    }

    @Setup(Level.Iteration)
    public void empty() throws SQLException {
        plain.setAutoCommit(true);
        plain.createStatement().execute("TRUNCATE activity_events");
    }

    @TearDown(Level.Trial)
    public void drop() throws Exception {
        plain.close();
        rewriting.close();
        db.close();
    }

    private void bind(PreparedStatement ps, int i) throws SQLException {
        ps.setInt(1, 1 + i % 20);
        ps.setInt(2, 1 + i % 400);
        ps.setString(3, "task.created");
        ps.setString(4, "{\"n\": " + i + "}");
    }

    @Benchmark
    public int statementPerRowAutocommit() throws SQLException {
        plain.setAutoCommit(true);
        try (PreparedStatement ps = plain.prepareStatement(INSERT)) {
            for (int i = 0; i < rows; i++) {
                bind(ps, i);
                ps.executeUpdate();
            }
        }
        return rows;
    }

    @Benchmark
    public int statementPerRowOneTransaction() throws SQLException {
        plain.setAutoCommit(false);
        try (PreparedStatement ps = plain.prepareStatement(INSERT)) {
            for (int i = 0; i < rows; i++) {
                bind(ps, i);
                ps.executeUpdate();
            }
        }
        plain.commit();
        return rows;
    }

    @Benchmark
    public int jdbcBatch() throws SQLException {
        return batch(plain);
    }

    @Benchmark
    public int jdbcBatchReWriteBatchedInserts() throws SQLException {
        return batch(rewriting);
    }

    private int batch(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            for (int i = 0; i < rows; i++) {
                bind(ps, i);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        c.commit();
        return rows;
    }

    @Benchmark
    public int multiRowValues() throws SQLException {
        plain.setAutoCommit(true);
        // PostgreSQL takes at most 65535 bind parameters per statement: 4 per row, so chunks of 1000 rows
        int chunk = 1000;
        for (int from = 0; from < rows; from += chunk) {
            int count = Math.min(chunk, rows - from);
            StringBuilder sql = new StringBuilder("insert into activity_events (org_id, actor_id, kind, payload) values ");
            for (int i = 0; i < count; i++) {
                sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?::jsonb)");
            }
            try (PreparedStatement ps = plain.prepareStatement(sql.toString())) {
                for (int i = 0; i < count; i++) {
                    int row = from + i;
                    ps.setInt(4 * i + 1, 1 + row % 20);
                    ps.setInt(4 * i + 2, 1 + row % 400);
                    ps.setString(4 * i + 3, "task.created");
                    ps.setString(4 * i + 4, "{\"n\": " + row + "}");
                }
                ps.executeUpdate();
            }
        }
        return rows;
    }

    @Benchmark
    public long copy() throws Exception {
        plain.setAutoCommit(true);
        StringBuilder data = new StringBuilder(rows * 40);
        for (int i = 0; i < rows; i++) {
            data.append(1 + i % 20).append('\t').append(1 + i % 400).append("\ttask.created\t{\"n\": ").append(i).append("}\n");
        }
        return plain.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY activity_events (org_id, actor_id, kind, payload) FROM STDIN", new StringReader(data.toString()));
    }
}
