package dev.querylens.collect.jpa;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The task board in plain JDBC, as an application behind a JDBC logger (p6spy) runs it: the same N+1 and row-by-row inserts. */
public final class TaskBoardJdbc {
    private TaskBoardJdbc() {
    }

    public static void run(Connection c) throws SQLException {
        for (int i = 1; i <= TaskBoardJpa.BOARDS; i++) {
            List<Long> projects = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select id, name from projects order by id")) {
                while (rs.next()) {
                    projects.add(rs.getLong(1));
                }
            }
            for (long id : projects) {
                try (PreparedStatement ps = c.prepareStatement("select id, title, done from tasks where project_id = ?")) {
                    ps.setLong(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rs.getString(2);
                        }
                    }
                }
            }
        }
        for (int k = 1; k <= TaskBoardJpa.IMPORTED; k++) {
            try (PreparedStatement ps = c.prepareStatement("insert into tasks (id, project_id, title) values (nextval('tasks_seq'), ?, ?)")) {
                ps.setLong(1, 1);
                ps.setString(2, "imported task " + k + " (it's new)");
                ps.executeUpdate();
            }
        }
        // the same number of rows again, in one JDBC batch: one round trip, which unbatched-writes must not flag
        try (PreparedStatement ps = c.prepareStatement("insert into tasks (id, project_id, title, done) values (nextval('tasks_seq'), ?, ?, true)")) {
            for (int k = 1; k <= TaskBoardJpa.BATCHED; k++) {
                ps.setLong(1, 2);
                ps.setString(2, "archived task " + k);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Through p6spy's driver, logging to {@code log} in p6spy's default format. */
    public static void runThroughP6spy(String url, java.nio.file.Path log) throws SQLException {
        // p6spy reads its options once per JVM, from system properties among others
        System.setProperty("p6spy.config.appender", "com.p6spy.engine.spy.appender.FileLogger");
        System.setProperty("p6spy.config.logfile", log.toAbsolutePath().toString());
        System.setProperty("p6spy.config.append", "false");
        // p6spy's default leaves the batch category out (and with it every batched row): log it
        System.setProperty("p6spy.config.excludecategories", "info,debug,result,resultset");
        try (Connection c = DriverManager.getConnection(url.replace("jdbc:postgresql:", "jdbc:p6spy:postgresql:"))) {
            run(c);
        }
    }
}
