package dev.querylens.advisor;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PostgreSQL 15 with HypoPG (Debian's postgresql-15 and postgresql-15-hypopg, which
 * .ci/run installs), started for the tests in a temporary directory on a free loopback port. As
 * root it runs the server as the postgres user, since initdb refuses root. It is the only server
 * these tests touch, and it is removed when they end.
 */
public final class PostgresServer implements AutoCloseable {
    public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

    public final int port;
    private final Path dir;

    private PostgresServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static PostgresServer start() throws IOException, InterruptedException {
        return start("");
    }

    /** Starts a server with {@code options} (more {@code -c name=value} settings) added to the test defaults. */
    public static PostgresServer start(String options) throws IOException, InterruptedException {
        if (!Files.isExecutable(BIN.resolve("initdb"))) {
            throw new IllegalStateException("these tests need Debian's postgresql-15 and postgresql-15-hypopg packages"
                    + " (apt-get install postgresql-15 postgresql-15-hypopg; .ci/run installs them)");
        }
        Path dir = Files.createTempDirectory("querylens-pg-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PostgresServer server = new PostgresServer(dir, port);
        server.run(BIN.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "postgres", "--auth=trust", "-E", "UTF8");
        server.run(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(), "-w",
                // autovacuum off: whether pages are all-visible decides whether covering indexes pay, so the
                // tests set it themselves (VACUUM where they mean it) instead of racing the launcher
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_parallel_workers_per_gather=0"
                        + " -c autovacuum=off " + options,
                "start");
        return server;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), "postgres", "");
    }

    /**
     * Creates {@code database} with HypoPG and Supabase's auth stub (samples/capture/supabase-stub.sql:
     * the auth schema, auth.uid(), the anon and authenticated roles), then runs the test's own
     * {@code setup} in it. The setup every RLS-on-PostgreSQL test starts from.
     */
    public void createSupabaseDatabase(String database, String setup) throws SQLException, IOException {
        try (Connection c = connect("postgres"); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + dev.querylens.sql.Quote.ident(database));
        }
        try (Connection c = connect(database); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION hypopg");
            s.execute(Files.readString(dev.querylens.Samples.ROOT.resolve("capture/supabase-stub.sql")));
            s.execute(setup);
        }
    }

    /**
     * The oracle the advisor tests compare with: the planner's total cost of {@code sql} in
     * {@code database} with {@code ddl} as HypoPG's hypothetical indexes, asked of the server directly
     * (the test's own constant statement, one per message, on the test's own server: no workload text).
     */
    public double plannedWith(String database, List<String> ddl, String sql) throws Exception {
        try (Connection c = connect(database); java.sql.Statement s = c.createStatement()) {
            for (String d : ddl) {
                s.executeQuery("SELECT * FROM hypopg_create_index(" + dev.querylens.sql.Quote.literal(d) + ")").close();
            }
            try (java.sql.ResultSet rs = s.executeQuery("EXPLAIN (FORMAT JSON) " + sql)) {
                rs.next();
                return new com.fasterxml.jackson.databind.ObjectMapper().readTree(rs.getString(1)).get(0).get("Plan").get("Total Cost").asDouble();
            }
        }
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    private void run(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("commands.log").toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + Files.readString(dir.resolve("commands.log")));
        }
    }

    /** Where the server's logging collector writes, when the options turn it on (log_directory = 'log'). */
    public Path logDirectory() {
        return dir.resolve("data").resolve("log");
    }

    /** A directory the server's user can write to and the tests can read. */
    public Path directory() {
        return dir;
    }

    /** Stops the server at once (pg_ctl stop -m immediate), as a crash or a lost network would. */
    public void kill() throws IOException, InterruptedException {
        run(BIN.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "stop");
    }

    @Override
    public void close() throws Exception {
        try {
            kill();
        } catch (IOException alreadyStopped) {
            // a test stopped it itself
        }
        new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor(60, TimeUnit.SECONDS);
    }
}
