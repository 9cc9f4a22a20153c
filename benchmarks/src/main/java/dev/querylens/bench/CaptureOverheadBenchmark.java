package dev.querylens.bench;

import dev.querylens.capture.JsonLinesTraceSink;
import dev.querylens.capture.QueryLens;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
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
 * What JDBC capture adds to one statement: the same prepared lookup on a real PostgreSQL, sent
 * directly and through QueryLens.capture with the JSON Lines sink (writing to a discarding
 * writer, so disk speed is not measured). The overhead is the difference of the two scores.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CaptureOverheadBenchmark {
    @Param({"direct", "captured"})
    public String path;

    private BenchDatabase db;
    private Connection connection;
    private PreparedStatement lookup;
    private int next;

    @Setup(Level.Trial)
    public void connect() throws Exception {
        db = BenchDatabase.start();
        db.execute("CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)",
                "INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, 10000) g", "VACUUM ANALYZE items");
        DataSource base = db.dataSource();
        DataSource ds = path.equals("captured") ? QueryLens.capture(base, new JsonLinesTraceSink(Writer.nullWriter())) : base;
        connection = ds.getConnection();
        lookup = connection.prepareStatement("select name from items where id = ?");
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        connection.close();
        db.close();
    }

    @Benchmark
    public String lookupOneRow() throws SQLException {
        next = next == 10_000 ? 1 : next + 1;
        lookup.setInt(1, next);
        try (ResultSet rs = lookup.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
