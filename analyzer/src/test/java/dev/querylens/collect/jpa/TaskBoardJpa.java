package dev.querylens.collect.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.hibernate.cfg.Configuration;

/**
 * The task board on Hibernate: three board views that touch each project's lazy task list in a
 * loop (an N+1 each), then twelve tasks persisted one by one, twelve more in one JDBC batch, then two projects, whose IDENTITY
 * ids the driver reads back. Hibernate logs through
 * java.util.logging here, configured as a user would: org.hibernate.SQL at debug (FINE) and the
 * bound values (org.hibernate.orm.jdbc.bind) at trace, to a file, with time, level, thread and logger.
 */
public final class TaskBoardJpa {
    public static final int BOARDS = 3;
    public static final int IMPORTED = 12;
    /** Projects added at the end (Hibernate only): IDENTITY inserts. */
    public static final int NEW_PROJECTS = 2;
    /** Rows written in one JDBC batch (Spring's batchUpdate, p6spy): as many as the row-by-row inserts. */
    public static final int BATCHED = 12;

    /** Held here: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
    private static final Logger ACTIONS = Logger.getLogger("org.hibernate.orm.action");
    private static final Logger BATCHES = Logger.getLogger("org.hibernate.orm.jdbc.batch");

    private TaskBoardJpa() {
    }

    /** @param ready told once Hibernate has started, before the workload: what it reads at start is not the workload */
    public static void run(String jdbcUrl, Path log, Runnable ready) throws IOException {
        System.setProperty("org.jboss.logging.provider", "jdk"); // not the SLF4J no-op binding the tests carry
        FileHandler file = new FileHandler(log.toString());
        file.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                // logback's %d (its ISO-8601 default, local time, comma before the milliseconds), then
                // [%thread] %-5level %logger - %msg: the layout most Hibernate logs have
                return String.format("%1$tF %1$tT,%1$tL [%3$s] %2$-5s %4$s - %5$s%n", r.getMillis(), r.getLevel(),
                        Thread.currentThread().getName(), r.getLoggerName(), formatMessage(r));
            }
        });
        file.setLevel(Level.ALL);
        Logger root = Logger.getLogger("org.hibernate");
        Logger sql = Logger.getLogger("org.hibernate.SQL");
        Logger bind = Logger.getLogger("org.hibernate.orm.jdbc.bind");
        // the levels before Hibernate starts, which may read them once; the file only after the warm-up
        sql.setLevel(Level.FINE);
        bind.setLevel(Level.ALL);
        // announces each IDENTITY insert, whose text pgjdbc sends with RETURNING * appended
        ACTIONS.setLevel(Level.ALL);
        // says which rows go in one JDBC batch
        BATCHES.setLevel(Level.ALL);
        try (EntityManagerFactory emf = new Configuration()
                .addAnnotatedClass(Project.class).addAnnotatedClass(Task.class)
                .setProperty("hibernate.connection.url", jdbcUrl)
                .setProperty("hibernate.connection.pool_size", "1")
                .setProperty("hibernate.hbm2ddl.auto", "none")
                .buildSessionFactory()) {
            // one board before the log starts, so that the JIT compiler's first pass does not put pauses
            // into the loop the server's log (which has times) would split into separate runs
            board(emf);
            root.addHandler(file);
            ready.run();
            root.info("task board started"); // one of the application's own lines, which a reader skips
            for (int i = 1; i <= BOARDS; i++) {
                root.info("board " + i + ": " + board(emf) + " tasks");
            }
            EntityManager em = emf.createEntityManager();
            em.getTransaction().begin();
            Project first = em.find(Project.class, 1L);
            for (int k = 1; k <= IMPORTED; k++) {
                em.persist(new Task(first, "imported task " + k)); // one INSERT each at commit (no hibernate.jdbc.batch_size)
            }
            em.getTransaction().commit();
            root.info("imported: " + em.createQuery("select count(t) from Task t", Long.class).getSingleResult() + " tasks");
            // the same number of tasks again in one JDBC batch (batch_size for this session only)
            em.unwrap(org.hibernate.Session.class).setJdbcBatchSize(BATCHED);
            em.getTransaction().begin();
            for (int k = 1; k <= BATCHED; k++) {
                em.persist(new Task(first, "archived task " + k));
            }
            em.getTransaction().commit();
            em.getTransaction().begin();
            for (int k = 1; k <= NEW_PROJECTS; k++) {
                em.persist(new Project("new project " + k)); // IDENTITY: inserted at once, its id read back
            }
            em.getTransaction().commit();
            em.close();
        } finally {
            root.removeHandler(file);
            file.close();
        }
    }

    private static int board(EntityManagerFactory emf) {
        EntityManager em = emf.createEntityManager();
        int tasks = 0;
        for (Project p : em.createQuery("from Project p order by p.id", Project.class).getResultList()) {
            tasks += p.tasks().size(); // the N+1
        }
        em.close();
        return tasks;
    }

    static List<String> schema() {
        return List.of("create table projects (id bigserial primary key, name text not null)",
                "create sequence tasks_seq start 1000 increment 50",
                "create table tasks (id bigserial primary key, project_id bigint not null references projects, title text not null,"
                        + " done boolean not null default false)",
                "insert into projects (name) select 'project ' || g from generate_series(1, 6) g",
                "insert into tasks (project_id, title) select 1 + g % 6, 'task ' || g from generate_series(1, 60) g");
    }

    public static void createSchema(java.sql.Connection c) throws java.sql.SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("set log_min_duration_statement = -1"); // the setup is not the workload
            for (String ddl : schema()) {
                s.execute(ddl);
            }
        }
    }
}
