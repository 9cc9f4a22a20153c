package dev.querylens.collect.jpa;

import java.nio.file.Path;
import java.util.List;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The task board on Spring's JdbcTemplate, logging its debug and trace lines to a file. Run in its
 * own JVM (main) without SLF4J on the class path: spring-jcl would send them to the SLF4J no-op
 * binding the test class path carries; without it they go to java.util.logging.
 */
public final class TaskBoardSpring {
    private TaskBoardSpring() {
    }

    private static int board(JdbcTemplate jdbc) {
        int tasks = 0;
        for (long id : jdbc.queryForList("select id from projects order by id", Long.class)) {
            tasks += jdbc.queryForList("select id, title, done from tasks where project_id = ?", id).size(); // N+1
        }
        return tasks;
    }

    public static void main(String[] args) throws Exception {
        FileHandler file = new FileHandler(Path.of(args[1]).toAbsolutePath().toString());
        file.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                return String.format("%1$tF %1$tT.%1$tL %2$-5s [%3$s] %4$s - %5$s%n", r.getMillis(), r.getLevel(),
                        Thread.currentThread().getName(), r.getLoggerName(), formatMessage(r));
            }
        });
        file.setLevel(Level.ALL);
        SingleConnectionDataSource ds = new SingleConnectionDataSource(args[0], true);
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        // one board before the log and the server's part of it start (see TaskBoardJpa): then wait for the go
        board(jdbc);
        System.out.println("READY");
        System.out.flush();
        new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
        Logger spring = Logger.getLogger("org.springframework.jdbc");
        spring.setLevel(Level.ALL); // JdbcTemplate at debug, StatementCreatorUtils' values at trace
        spring.addHandler(file);
        Logger app = Logger.getLogger("taskboard");
        app.addHandler(file);
        app.info("task board started");
        for (int i = 1; i <= TaskBoardJpa.BOARDS; i++) {
            app.info("board " + i + ": " + board(jdbc) + " tasks");
        }
        for (int k = 1; k <= TaskBoardJpa.IMPORTED; k++) {
            jdbc.update("insert into tasks (id, project_id, title) values (nextval('tasks_seq'), ?, ?)", 1L, "imported task " + k);
        }
        // the same number of rows again, in one JDBC batch: one round trip, which unbatched-writes must not flag
        List<Object[]> rows = new java.util.ArrayList<>();
        for (int k = 1; k <= TaskBoardJpa.BATCHED; k++) {
            rows.add(new Object[] {2L, "archived task " + k});
        }
        jdbc.batchUpdate("insert into tasks (id, project_id, title, done) values (nextval('tasks_seq'), ?, ?, true)", rows);
        ds.destroy();
        file.close();
    }
}
