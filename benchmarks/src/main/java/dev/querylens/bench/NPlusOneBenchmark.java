package dev.querylens.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
 * Loading N projects with their tasks three ways: one query for the projects and one per project
 * (N+1), one JOIN, and one query with = ANY($1). The child table is indexed on the join key, so
 * what is measured is round trips and per-statement work, not a missing index.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NPlusOneBenchmark {
    @Param({"10", "100", "1000"})
    public int n;

    private BenchDatabase db;
    private Connection connection;
    private PreparedStatement parents;
    private PreparedStatement childrenOfOne;
    private PreparedStatement joined;
    private PreparedStatement childrenOfAll;

    @Setup(Level.Trial)
    public void load() throws Exception {
        db = BenchDatabase.start();
        db.execute("CREATE TABLE projects (id int PRIMARY KEY, org_id int NOT NULL, name text NOT NULL)",
                "CREATE TABLE tasks (id serial PRIMARY KEY, project_id int NOT NULL, title text NOT NULL)",
                "INSERT INTO projects SELECT g, 1 + (g - 1) / 1000, 'Project ' || g FROM generate_series(1, 5000) g",
                "INSERT INTO tasks (project_id, title) SELECT 1 + g % 5000, 'Task ' || g FROM generate_series(1, 100000) g",
                "CREATE INDEX projects_org_idx ON projects (org_id, id)",
                "CREATE INDEX tasks_project_idx ON tasks (project_id)",
                "VACUUM ANALYZE");
        connection = db.connect();
        parents = connection.prepareStatement("select id, name from projects where org_id = 1 order by id limit ?");
        childrenOfOne = connection.prepareStatement("select id, title from tasks where project_id = ?");
        joined = connection.prepareStatement("select p.id, p.name, t.id, t.title from (select id, name from projects where org_id = 1"
                + " order by id limit ?) p join tasks t on t.project_id = p.id");
        childrenOfAll = connection.prepareStatement("select project_id, id, title from tasks where project_id = any(?)");
    }

    @TearDown(Level.Trial)
    public void drop() throws Exception {
        connection.close();
        db.close();
    }

    private List<Integer> loadParents() throws SQLException {
        List<Integer> ids = new ArrayList<>(n);
        parents.setInt(1, n);
        try (ResultSet rs = parents.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
        }
        return ids;
    }

    @Benchmark
    public int onePlusNQueries() throws SQLException {
        int rows = 0;
        for (int id : loadParents()) {
            childrenOfOne.setInt(1, id);
            rows += MissingIndexBenchmark.drain(childrenOfOne);
        }
        return rows;
    }

    @Benchmark
    public int oneJoin() throws SQLException {
        joined.setInt(1, n);
        return MissingIndexBenchmark.drain(joined);
    }

    @Benchmark
    public int parentsThenAnyArray() throws SQLException {
        List<Integer> ids = loadParents();
        Array keys = connection.createArrayOf("int4", ids.toArray());
        childrenOfAll.setArray(1, keys);
        return MissingIndexBenchmark.drain(childrenOfAll);
    }
}
