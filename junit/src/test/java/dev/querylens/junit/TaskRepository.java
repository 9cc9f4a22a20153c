package dev.querylens.junit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Plain JDBC data access of the sample task board, written the slow way and the fast way. */
final class TaskRepository {
    private final DataSource dataSource;

    TaskRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** N+1: the task ids of a project, then one query per task for its comments. */
    int commentsOneTaskAtATime(int projectId) throws SQLException {
        int comments = 0;
        try (Connection c = dataSource.getConnection()) {
            List<Integer> tasks = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("select id from tasks where project_id = ? order by id")) {
                ps.setInt(1, projectId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tasks.add(rs.getInt(1));
                    }
                }
            }
            for (int task : tasks) {
                try (PreparedStatement ps = c.prepareStatement("select id, body from comments where task_id = ?")) {
                    ps.setInt(1, task);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            comments++;
                        }
                    }
                }
            }
        }
        return comments;
    }

    /** The same data in one JOIN. */
    int commentsJoined(int projectId) throws SQLException {
        int comments = 0;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "select c.id, c.body from tasks t join comments c on c.task_id = t.id where t.project_id = ?")) {
            ps.setInt(1, projectId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    comments++;
                }
            }
        }
        return comments;
    }

    /** One INSERT per row, autocommitted. */
    void importOneByOne(int rows) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            for (int i = 0; i < rows; i++) {
                try (PreparedStatement ps = c.prepareStatement("insert into events (kind, n) values (?, ?)")) {
                    ps.setString(1, "imported");
                    ps.setInt(2, i);
                    ps.executeUpdate();
                }
            }
        }
    }

    /** The same rows as one JDBC batch in one transaction. */
    void importBatched(int rows) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("insert into events (kind, n) values (?, ?)")) {
                for (int i = 0; i < rows; i++) {
                    ps.setString(1, "imported");
                    ps.setInt(2, i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    /** A handful of lookups, for budgets. */
    void lookups(int selects) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            for (int i = 0; i < selects; i++) {
                try (PreparedStatement ps = c.prepareStatement("select title from tasks where id = ?")) {
                    ps.setInt(1, i + 1);
                    ps.executeQuery().close();
                }
            }
        }
    }

    /** The rows in JDBC batches of {@code size}, the last one holding the remainder. */
    void importInBatches(int rows, int size) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("insert into events (kind, n) values (?, ?)")) {
            for (int i = 0; i < rows; i++) {
                ps.setString(1, "imported");
                ps.setInt(2, i);
                ps.addBatch();
                if ((i + 1) % size == 0 || i == rows - 1) {
                    ps.executeBatch();
                }
            }
        }
    }

    /** A lookup with its value written into the SQL. */
    void lookupInline(int id) throws SQLException {
        try (Connection c = dataSource.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.executeQuery("select title from tasks where id = " + id).close();
        }
    }

    /** Titles containing a word: a LIKE the caller may start with a wildcard. */
    void searchTitles(String pattern) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("select id from tasks where title like ?")) {
            ps.setString(1, pattern);
            ps.executeQuery().close();
        }
    }

    /** Comments by their text, a column no index leads with. */
    void commentsWithBody(String body) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("select id from comments where body = ?")) {
            ps.setString(1, body);
            ps.executeQuery().close();
        }
    }
}
