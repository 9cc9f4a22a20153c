import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The task-board application's data access, run once over JDBC against a real PostgreSQL so the
 * server logs what such an app sends. Each method is one screen or job of the app. Some are
 * written the way teams often write them first (a query per row, an insert per row), some the way
 * they should be; samples/README.md lists which is which.
 *
 * Run by capture.sh, or: java -cp postgresql.jar TaskBoardWorkload.java jdbc:postgresql://127.0.0.1:54329/taskboard app
 */
public class TaskBoardWorkload {
    private final String url;
    private final String user;

    TaskBoardWorkload(String url, String user) {
        this.url = url;
        this.user = user;
    }

    public static void main(String[] args) throws Exception {
        TaskBoardWorkload app = new TaskBoardWorkload(args[0], args[1]);
        // Two screens at once, as two users would: their sessions interleave in the log.
        Thread dashboard = new Thread(() -> app.unchecked(app::dashboardWithCountPerProject));
        Thread importer = new Thread(() -> app.unchecked(app::importActivityRowByRow));
        dashboard.start();
        importer.start();
        dashboard.join();
        importer.join();
        app.taskPageWithCommentsPerTask();
        app.taskPageWithCommentsInOneQuery();
        app.importActivityBatched();
        app.settingsAndSearch();
        app.reportingWithLiterals();
    }

    interface SqlWork {
        void run() throws SQLException;
    }

    void unchecked(SqlWork work) {
        try {
            work.run();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    Connection connect(String... extra) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("ApplicationName", "taskboard");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            p.setProperty(extra[i], extra[i + 1]);
        }
        return DriverManager.getConnection(url, p);
    }

    /** BAD: the dashboard counts open tasks with one query per project (N+1, no index on tasks.project_id). */
    void dashboardWithCountPerProject() throws SQLException {
        try (Connection c = connect()) {
            for (int org = 1; org <= 3; org++) {
                List<Integer> projects = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "select id, name from projects where org_id = ? and archived_at is null order by name")) {
                    ps.setInt(1, org);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            projects.add(rs.getInt(1));
                        }
                    }
                }
                for (int project : projects) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "select count(*) from tasks where project_id = ? and status <> 'done'")) {
                        ps.setInt(1, project);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                        }
                    }
                }
            }
        }
    }

    /** BAD: one INSERT per event in autocommit (unbatched writes). */
    void importActivityRowByRow() throws SQLException {
        try (Connection c = connect()) {
            for (int i = 0; i < 200; i++) {
                try (PreparedStatement ps = c.prepareStatement(
                        "insert into activity_events (org_id, actor_id, kind, payload) values (?, ?, ?, ?::jsonb)")) {
                    ps.setInt(1, 1 + i % 20);
                    ps.setInt(2, 1 + i % 400);
                    ps.setString(3, i % 3 == 0 ? "task.created" : "comment.added");
                    ps.setString(4, "{\"n\": " + i + "}");
                    ps.executeUpdate();
                }
            }
        }
    }

    /** BAD: the task page loads each task's comments with its own query (N+1, no index on comments.task_id). */
    void taskPageWithCommentsPerTask() throws SQLException {
        try (Connection c = connect()) {
            for (int project = 11; project <= 13; project++) {
                List<Integer> tasks = openTasks(c, project);
                for (int task : tasks.subList(0, Math.min(12, tasks.size()))) {
                    try (PreparedStatement ps = c.prepareStatement(
                            "select id, author_id, body, created_at from comments where task_id = ? order by created_at")) {
                        ps.setInt(1, task);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                rs.getString(3);
                            }
                        }
                    }
                }
            }
        }
    }

    /** GOOD: the same page loads all its tasks' comments in one query with = ANY(array). */
    void taskPageWithCommentsInOneQuery() throws SQLException {
        try (Connection c = connect()) {
            for (int project = 21; project <= 23; project++) {
                List<Integer> tasks = openTasks(c, project);
                List<Integer> page = tasks.subList(0, Math.min(12, tasks.size()));
                Array ids = c.createArrayOf("int4", page.toArray());
                try (PreparedStatement ps = c.prepareStatement(
                        "select task_id, id, author_id, body from comments where task_id = any(?) order by task_id, created_at")) {
                    ps.setArray(1, ids);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rs.getString(4);
                        }
                    }
                }
            }
        }
    }

    private List<Integer> openTasks(Connection c, int project) throws SQLException {
        List<Integer> tasks = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select id, title, status, priority from tasks where project_id = ? and status = ? order by created_at desc limit 50")) {
            ps.setInt(1, project);
            ps.setString(2, "todo");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tasks.add(rs.getInt(1));
                }
            }
        }
        return tasks;
    }

    /** GOOD: the same import as one JDBC batch, rewritten by the driver into multi-row INSERTs. */
    void importActivityBatched() throws SQLException {
        try (Connection c = connect("reWriteBatchedInserts", "true")) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into activity_events (org_id, actor_id, kind, payload) values (?, ?, ?, ?::jsonb)")) {
                for (int i = 0; i < 200; i++) {
                    ps.setInt(1, 1 + i % 20);
                    ps.setInt(2, 1 + i % 400);
                    ps.setString(3, "task.imported");
                    ps.setString(4, "{\"n\": " + i + "}");
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    /** Mixed: settings read over and over, a case-insensitive login lookup, search, deep pagination, PK updates. */
    void settingsAndSearch() throws SQLException {
        try (Connection c = connect()) {
            // BAD: the same organization row read 25 times in one request (a cache is missing)
            for (int i = 0; i < 25; i++) {
                try (PreparedStatement ps = c.prepareStatement("select id, name, plan from organizations where id = ?")) {
                    ps.setInt(1, 7);
                    ps.executeQuery().close();
                }
            }
            // GOOD: lookup by a unique column
            for (String slug : new String[] {"org-3", "org-8", "org-15"}) {
                try (PreparedStatement ps = c.prepareStatement("select id, name from organizations where slug = ?")) {
                    ps.setString(1, slug);
                    ps.executeQuery().close();
                }
            }
            // BAD: lower(email) cannot use an index on email, and there is none
            for (String email : new String[] {"user17@example.com", "user230@example.com", "user399@example.com"}) {
                try (PreparedStatement ps = c.prepareStatement(
                        "select id, org_id, role from members where lower(email) = lower(?)")) {
                    ps.setString(1, email);
                    ps.executeQuery().close();
                }
            }
            // BAD: a leading wildcard defeats any B-tree index
            for (String term : new String[] {"%login%", "%billing%"}) {
                try (PreparedStatement ps = c.prepareStatement(
                        "select id, title from tasks where title ilike ? limit 20")) {
                    ps.setString(1, term);
                    ps.executeQuery().close();
                }
            }
            // BAD: deep OFFSET pagination
            try (PreparedStatement ps = c.prepareStatement(
                    "select id, title, status from tasks order by id limit 20 offset ?")) {
                ps.setInt(1, 5000);
                ps.executeQuery().close();
            }
            // GOOD: updates by primary key
            for (int id = 100; id < 106; id++) {
                try (PreparedStatement ps = c.prepareStatement(
                        "update tasks set status = ?, updated_at = now() where id = ?")) {
                    ps.setString(1, "doing");
                    ps.setInt(2, id);
                    ps.executeUpdate();
                }
            }
            // A statement that fails: the log gets ERROR and STATEMENT lines the analyzer must skip.
            try (Statement s = c.createStatement()) {
                s.executeQuery("select id from tasks where id = 1/0");
            } catch (SQLException expected) {
                // the error is the point
            }
        }
    }

    /** Simple protocol with literals in the SQL, as a reporting tool or psql sends it; one statement spans lines. */
    void reportingWithLiterals() throws SQLException {
        try (Connection c = connect("preferQueryMode", "simple"); Statement s = c.createStatement()) {
            for (int project : new int[] {17, 42, 99}) {
                s.executeQuery("SELECT id, title FROM tasks WHERE project_id = " + project + " AND status = 'todo'").close();
            }
            s.executeQuery("""
                    SELECT p.name, count(t.id) AS open_tasks
                    FROM projects p
                    JOIN tasks t ON t.project_id = p.id
                    WHERE p.org_id = 4 AND t.status IN ('todo', 'doing')
                    GROUP BY p.name
                    ORDER BY open_tasks DESC""").close();
        }
    }
}
