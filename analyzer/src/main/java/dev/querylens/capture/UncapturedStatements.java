package dev.querylens.capture;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Statements that reach PostgreSQL without going through a given capture: a test's code that
 * built its repository from the raw DataSource, or opened its own DriverManager connection, would
 * otherwise pass with nothing captured.
 *
 * <p>How: a driver registered with DriverManager in front of the PostgreSQL driver hands out the
 * PostgreSQL driver's connections with a datasource-proxy listener that counts every statement
 * run on them while the thread is not inside a watched capture's execution
 * ({@link ExecutingCapture}). pgjdbc's own DataSources connect through DriverManager, and so do
 * pools configured with a JDBC URL, so this sees them without knowing them. It is exact (every
 * statement is counted, on the thread that ran it, with its SQL to name in the message) and cheap
 * (no round trip). The server's own view is neither: pg_stat_database's counters are flushed up
 * to seconds late, pg_stat_statements needs a library loaded at server start, and
 * pg_stat_activity shows only the connections still open and no counts. It does not see
 * connections opened before it was installed (the extension installs it when the first QueryLens
 * test class starts), such as a pool filled by an earlier test class, nor pools that take the
 * PostgreSQL driver by class name rather than asking DriverManager for the URL.
 */
public final class UncapturedStatements {
    private static final List<Watch> ACTIVE = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static volatile boolean installed;

    private UncapturedStatements() {
    }

    /**
     * Starts counting statements outside {@code capture} (the sink given to {@link QueryLens#capture})
     * for the test running on this thread, until the watch closes.
     */
    public static Watch watch(TraceSink capture) {
        install();
        Watch w = new Watch(capture, Thread.currentThread());
        ACTIVE.removeIf(earlier -> earlier.thread == w.thread); // one test at a time per thread: a watch left open ended with its test
        ACTIVE.add(w);
        return w;
    }

    static boolean watching() {
        return !ACTIVE.isEmpty();
    }

    /** A statement is starting on a watched connection, on the current thread. */
    static void ran(String sql, int executions) {
        if (ACTIVE.isEmpty()) {
            return;
        }
        Object owner = ExecutingCapture.owner();
        for (Watch w : ACTIVE) {
            if (w.capture == owner) {
                return; // a test's capture above this connection records it
            }
        }
        // one test at a time (JUnit's default): every thread's statements are its test's, as its code may use an executor.
        // Tests in parallel: the one running on this thread; a statement off every test's thread cannot be given to one
        // and is not reported
        Watch to = ACTIVE.size() == 1 ? ACTIVE.get(0)
                : ACTIVE.stream().filter(w -> w.thread == Thread.currentThread()).findFirst().orElse(null);
        if (to != null) {
            to.count(sql, executions);
        }
    }

    /**
     * Puts the watching driver in front of the PostgreSQL drivers DriverManager knows, once per JVM
     * (a watch does it too). From then on, connections opened through DriverManager are
     * datasource-proxy wrappers of the PostgreSQL driver's (reach the driver's own interfaces with
     * {@code unwrap(PGConnection.class)}); outside a watch they only pass statements on.
     */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        List<Driver> postgres = new ArrayList<>();
        DriverManager.drivers().filter(d -> !(d instanceof QueryLensDriver) && !(d instanceof WatchingDriver)).forEach(d -> {
            try {
                if (d.acceptsURL("jdbc:postgresql://localhost/postgres")) {
                    postgres.add(d);
                }
            } catch (SQLException e) {
                // a driver that cannot say is not the PostgreSQL driver
            }
        });
        if (postgres.isEmpty()) {
            return;
        }
        try {
            // DriverManager asks its drivers in the order they registered: deregister, register ours, register them again
            for (Driver d : postgres) {
                DriverManager.deregisterDriver(d);
            }
            DriverManager.registerDriver(new WatchingDriver(postgres));
            for (Driver d : postgres) {
                DriverManager.registerDriver(d);
            }
        } catch (SQLException | SecurityException e) {
            // not allowed to reorder (another class loader's driver): nothing is watched, and the drivers stay as they were
            for (Driver d : postgres) {
                try {
                    DriverManager.registerDriver(d);
                } catch (SQLException again) {
                    throw new IllegalStateException("cannot register the PostgreSQL driver again", again);
                }
            }
        }
    }

    /** What ran outside one capture while the watch was on. */
    public static final class Watch implements AutoCloseable {
        private static final int SHAPES_KEPT = 5;
        private final TraceSink capture;
        private final Thread thread;
        private final Map<String, Integer> bySql = new LinkedHashMap<>();
        private int count;

        private Watch(TraceSink capture, Thread thread) {
            this.capture = capture;
            this.thread = thread;
        }

        private synchronized void count(String sql, int executions) {
            count += executions;
            if (bySql.containsKey(sql) || bySql.size() < SHAPES_KEPT) {
                bySql.merge(sql, executions, Integer::sum);
            }
        }

        /** How many statements ran outside the capture. */
        public synchronized int count() {
            return count;
        }

        /** The first few distinct statements (as sent) with how many times each ran, in the order they first ran. */
        public synchronized List<Map.Entry<String, Integer>> inOrder() {
            return bySql.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList();
        }

        @Override
        public void close() {
            ACTIVE.remove(this);
        }
    }
}
