package dev.querylens.workload;

import dev.querylens.advisor.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Server logs written by a real PostgreSQL 15 while pgbench runs, in all three protocols
 * (simple, extended, prepared) and all three log formats (stderr, csvlog, jsonlog), with
 * log_min_duration_statement = 0, and pg_stat_statements' view of the same run. Scripts: pgbench's
 * built-in tpcb-like (no loop), a loop (one range query, then one lookup per row, as an
 * application's for-each does), and row-by-row inserts. pgbench has no loop statement, so the
 * loop is unrolled into the script the way the application's loop unrolls on the wire.
 */
public final class PgbenchLogs implements AutoCloseable {
    public enum Mode { simple, extended, prepared }

    public enum Script { tpcb, loop, block, inserts }

    /** One run: its three log files and pg_stat_statements afterwards (query text to calls). */
    public record RunLogs(Mode mode, Script script, Path stderr, Path csvlog, Path jsonlog, Map<String, Long> statements) {
        public List<Path> files() {
            return List.of(stderr, csvlog, jsonlog);
        }
    }

    static final int LOOP_ROWS = 8;
    static final int TRANSACTIONS = 20;

    private final PostgresServer pg;
    private final Path dir;

    private PgbenchLogs(PostgresServer pg, Path dir) {
        this.pg = pg;
        this.dir = dir;
    }

    public static PgbenchLogs start(Path dir) throws Exception {
        PostgresServer pg = PostgresServer.start("-c logging_collector=on -c log_destination=stderr,csvlog,jsonlog -c log_directory=log"
                + " -c log_filename=server.log -c log_file_mode=0644 -c log_min_duration_statement=0"
                + " -c log_connections=on -c log_disconnections=on"
                + " -c log_line_prefix='%m [%p] %q%u@%d ' -c shared_preload_libraries=pg_stat_statements");
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE bench");
        }
        try (Connection c = pg.connect("bench"); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION pg_stat_statements");
        }
        PgbenchLogs logs = new PgbenchLogs(pg, dir);
        logs.pgbench("-i", "-s", "1", "-q", "bench");
        return logs;
    }

    public PostgresServer server() {
        return pg;
    }

    /** Runs one script in one protocol, and cuts that run's part out of the server's three logs. */
    public RunLogs run(Script script, Mode mode) throws Exception {
        try (Connection c = pg.connect("bench"); Statement s = c.createStatement()) {
            s.execute("SELECT pg_stat_statements_reset()");
        }
        Thread.sleep(300); // the reset's own log line lands before this run's part begins
        long[] before = sizes();
        List<String> args = new ArrayList<>(List.of("-n", "-M", mode.name(), "-c", "2", "-t", Integer.toString(TRANSACTIONS)));
        if (script == Script.tpcb) {
            args.addAll(List.of("-b", "tpcb-like"));
        } else {
            args.addAll(List.of("-f", Files.writeString(dir.resolve(script + ".sql"), text(script)).toString()));
        }
        args.add("bench");
        pgbench(args.toArray(String[]::new));
        Thread.sleep(300); // the logging collector writes asynchronously
        String name = script + "-" + mode;
        Path stderr = cut(pg.logDirectory().resolve("server.log"), before[0], dir.resolve(name + ".log"));
        Path csv = cut(pg.logDirectory().resolve("server.csv"), before[1], dir.resolve(name + ".csv"));
        Path json = cut(pg.logDirectory().resolve("server.json"), before[2], dir.resolve(name + ".json"));
        Map<String, Long> statements = new LinkedHashMap<>();
        try (Connection c = pg.connect("bench"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT query, calls FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database"
                     + " WHERE datname = 'bench') AND query NOT LIKE '%pg_stat_statements%' ORDER BY query")) {
            while (rs.next()) {
                statements.merge(rs.getString(1), rs.getLong(2), Long::sum);
            }
        }
        return new RunLogs(mode, script, stderr, csv, json, statements);
    }

    /**
     * Runs pgbench's built-in select-only script with {@code args} (e.g. -C for a new connection per
     * transaction, -c, -t or -T), and cuts that run's part out of the three logs (log_connections and
     * log_disconnections are on); {@code statements} is left empty. Returns pgbench's own output too.
     */
    public record ConnectionRun(RunLogs logs, String pgbenchOutput) {
    }

    public ConnectionRun runSelectOnly(String name, String... args) throws Exception {
        long[] before = sizes();
        List<String> all = new ArrayList<>(List.of("-n", "-b", "select-only"));
        all.addAll(List.of(args));
        all.add("bench");
        String out = pgbench(all.toArray(String[]::new));
        Thread.sleep(300); // the logging collector writes asynchronously
        Path stderr = cut(pg.logDirectory().resolve("server.log"), before[0], dir.resolve(name + ".log"));
        Path csv = cut(pg.logDirectory().resolve("server.csv"), before[1], dir.resolve(name + ".csv"));
        Path json = cut(pg.logDirectory().resolve("server.json"), before[2], dir.resolve(name + ".json"));
        return new ConnectionRun(new RunLogs(Mode.simple, null, stderr, csv, json, Map.of()), out);
    }

    /** The scripts pgbench runs, one transaction each. */
    static String text(Script script) {
        StringBuilder b = new StringBuilder("\\set aid random(1, " + (100000 - LOOP_ROWS) + ")\n");
        if (script == Script.loop) {
            // the parent: the rows the application then iterates over, one lookup each
            b.append("SELECT aid FROM pgbench_accounts WHERE aid BETWEEN :aid AND :aid + ").append(LOOP_ROWS - 1).append(";\n");
            for (int i = 0; i < LOOP_ROWS; i++) {
                b.append("\\set row").append(i).append(" :aid + ").append(i).append('\n');
                b.append("SELECT abalance FROM pgbench_accounts WHERE aid = :row").append(i).append(";\n");
            }
        } else if (script == Script.block) {
            // per item: read it, read its details: a loop body of two queries
            b.append("SELECT aid, bid FROM pgbench_accounts WHERE aid BETWEEN :aid AND :aid + ").append(LOOP_ROWS - 1).append(";\n");
            for (int i = 0; i < LOOP_ROWS; i++) {
                b.append("\\set row").append(i).append(" :aid + ").append(i).append('\n');
                b.append("SELECT abalance FROM pgbench_accounts WHERE aid = :row").append(i).append(";\n");
                b.append("SELECT filler FROM pgbench_history WHERE aid = :row").append(i).append(" LIMIT 1;\n");
            }
        } else {
            for (int i = 0; i < LOOP_ROWS; i++) {
                b.append("\\set row").append(i).append(" :aid + ").append(i).append('\n');
                b.append("INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 1, :row").append(i)
                        .append(", ").append(i).append(", CURRENT_TIMESTAMP);\n");
            }
        }
        return b.toString();
    }

    private long[] sizes() throws IOException {
        long[] out = new long[3];
        String[] names = {"server.log", "server.csv", "server.json"};
        for (int i = 0; i < 3; i++) {
            Path p = pg.logDirectory().resolve(names[i]);
            out[i] = Files.exists(p) ? Files.size(p) : 0;
        }
        return out;
    }

    private static Path cut(Path log, long from, Path to) throws IOException {
        byte[] all = Files.readAllBytes(log);
        byte[] part = java.util.Arrays.copyOfRange(all, (int) Math.min(from, all.length), all.length);
        return Files.write(to, part);
    }

    private String pgbench(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PostgresServer.BIN.resolve("pgbench").toString(), "-h", "127.0.0.1",
                "-p", Integer.toString(pg.port), "-U", "postgres"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("pgbench " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        pg.close();
    }
}
