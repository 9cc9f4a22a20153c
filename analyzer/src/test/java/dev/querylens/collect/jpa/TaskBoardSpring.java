package dev.querylens.collect.jpa;

import java.nio.file.Path;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The task board on Spring's JdbcTemplate, logging its debug and trace lines to a file through
 * Log4j 2 in its default pattern ({@code %d{HH:mm:ss.SSS} [%t] %-5level %logger{36} - %msg%n}).
 * Run in its own JVM (main) without SLF4J on the class path: spring-jcl would prefer the SLF4J
 * no-op binding the test class path carries; without it, it uses Log4j 2.
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
        SingleConnectionDataSource ds = new SingleConnectionDataSource(args[0], true);
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        // one board before the log and the server's part of it start (see TaskBoardJpa): then wait for the go
        board(jdbc);
        System.out.println("READY");
        System.out.flush();
        new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
        // Log4j 2 (spring-jcl finds it), configured as a file with log4j2's default pattern:
        // org.springframework.jdbc at trace (JdbcTemplate's debug lines, StatementCreatorUtils' values)
        var config = org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory.newConfigurationBuilder();
        config.add(config.newAppender("file", "File").addAttribute("fileName", Path.of(args[1]).toAbsolutePath().toString())
                .addAttribute("append", false)
                .add(config.newLayout("PatternLayout").addAttribute("pattern",
                        org.apache.logging.log4j.core.config.DefaultConfiguration.DEFAULT_PATTERN)));
        config.add(config.newLogger("org.springframework.jdbc", org.apache.logging.log4j.Level.TRACE).add(config.newAppenderRef("file")));
        config.add(config.newLogger("taskboard", org.apache.logging.log4j.Level.INFO).add(config.newAppenderRef("file")));
        config.add(config.newRootLogger(org.apache.logging.log4j.Level.OFF));
        org.apache.logging.log4j.core.config.Configurator.reconfigure(config.build());
        org.apache.logging.log4j.Logger app = org.apache.logging.log4j.LogManager.getLogger("taskboard");
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
        org.apache.logging.log4j.LogManager.shutdown();
    }
}
