package dev.querylens.bench;

import dev.querylens.advisor.IndexRecommendation;
import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.engine.RuleCatalog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.SplittableRandom;
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
 * The sample app's slowest statements on tables of realistic size, without and with the indexes
 * QueryLens recommends for the samples (taken from its own analysis of samples/taskboard, not
 * written here by hand). Data is generated deterministically, once per trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MissingIndexBenchmark {
    @Param({"none", "recommended"})
    public String indexes;

    @Param("1000000")
    public int tasks;

    private BenchDatabase db;
    private Connection connection;
    private PreparedStatement countOpen;
    private PreparedStatement commentsOfTask;
    private PreparedStatement taskList;
    private final SplittableRandom random = new SplittableRandom(42);
    private int projects;

    @Setup(Level.Trial)
    public void load() throws Exception {
        db = BenchDatabase.start();
        projects = Math.max(10, tasks / 1000);
        db.execute(
                "CREATE TABLE tasks (id serial PRIMARY KEY, project_id int NOT NULL, assignee_id int, title text NOT NULL,"
                        + " status text NOT NULL, priority int NOT NULL, due_date date, created_at timestamptz NOT NULL,"
                        + " updated_at timestamptz NOT NULL)",
                "CREATE TABLE comments (id serial PRIMARY KEY, task_id int NOT NULL, author_id int NOT NULL, body text NOT NULL,"
                        + " created_at timestamptz NOT NULL)",
                "INSERT INTO tasks (project_id, assignee_id, title, status, priority, due_date, created_at, updated_at)"
                        + " SELECT 1 + (g - 1) % " + projects + ", 1 + (g * 7) % 400, 'Task #' || g,"
                        + " (ARRAY['todo','doing','done','done'])[1 + (g / " + projects + ") % 4], 1 + g % 5,"
                        + " date '2026-01-01' + g % 365, timestamptz '2025-01-01' + g * interval '1 minute',"
                        + " timestamptz '2025-01-01' + g * interval '1 minute' FROM generate_series(1, " + tasks + ") g",
                "INSERT INTO comments (task_id, author_id, body, created_at) SELECT 1 + (g * 31) % " + tasks + ", 1 + g % 400,"
                        + " 'Comment ' || g, timestamptz '2025-06-01' + g * interval '1 second' FROM generate_series(1, " + (2 * tasks) + ") g");
        if (indexes.equals("recommended")) {
            for (String ddl : recommendedForSamples()) {
                db.execute(ddl);
            }
        }
        db.execute("VACUUM ANALYZE tasks", "VACUUM ANALYZE comments");
        connection = db.connect();
        countOpen = connection.prepareStatement("select count(*) from tasks where project_id = ? and status <> 'done'");
        commentsOfTask = connection.prepareStatement(
                "select id, author_id, body, created_at from comments where task_id = ? order by created_at");
        taskList = connection.prepareStatement(
                "select id, title, status, priority from tasks where project_id = ? and status = ? order by created_at desc limit 50");
    }

    /** The index DDL QueryLens recommends for the sample workload, for this harness's tables. */
    static List<String> recommendedForSamples() {
        List<IndexRecommendation> recs = new Analysis(RuleCatalog.load(), "bench", m -> { })
                .run(new AnalysisRequest(List.of(Samples.file("taskboard")), List.of(), null, null)).indexRecommendations();
        return recs.stream()
                .filter(r -> r.table().equals("public.tasks") || r.table().equals("public.comments"))
                .map(r -> r.ddl().replace(" CONCURRENTLY", "").replace(" ON public.", " ON "))
                .toList();
    }

    @TearDown(Level.Trial)
    public void drop() throws Exception {
        connection.close();
        db.close();
    }

    @Benchmark
    public long openTaskCountOfOneProject() throws SQLException {
        countOpen.setInt(1, 1 + random.nextInt(projects));
        try (ResultSet rs = countOpen.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Benchmark
    public int commentsOfOneTask() throws SQLException {
        commentsOfTask.setInt(1, 1 + random.nextInt(tasks));
        return drain(commentsOfTask);
    }

    @Benchmark
    public int taskListPage() throws SQLException {
        taskList.setInt(1, 1 + random.nextInt(projects));
        taskList.setString(2, "todo");
        return drain(taskList);
    }

    static int drain(PreparedStatement ps) throws SQLException {
        int n = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                n++;
            }
        }
        return n;
    }
}
