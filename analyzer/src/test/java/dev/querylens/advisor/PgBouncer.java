package dev.querylens.advisor;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A transaction pooler stand-in for the tests: Debian's pgbouncer (which .ci/run installs; 1.18,
 * which has no max_prepared_statements) with pool_mode = transaction in front of one database of a
 * {@link PostgresServer}, on a free loopback port, with a small server pool. pgbouncer refuses to run
 * as root, so as root it runs as the postgres user, as the server does. Stopped by its process id.
 */
public final class PgBouncer implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/sbin/pgbouncer");

    public final int port;
    private final Process process;
    private final Path dir;

    private PgBouncer(int port, Process process, Path dir) {
        this.port = port;
        this.process = process;
        this.dir = dir;
    }

    /** Pools {@code database} of {@code server} in transaction mode with {@code poolSize} server connections. */
    public static PgBouncer start(PostgresServer server, String database, int poolSize) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("these tests need Debian's pgbouncer package (apt-get install pgbouncer; .ci/run installs it)");
        }
        Path dir = Files.createDirectories(server.directory().resolve("pgbouncer-" + database));
        dir.toFile().setWritable(true, false);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("userlist.txt"), "\"postgres\" \"\"\n");
        Files.writeString(dir.resolve("pgbouncer.ini"), String.join("\n",
                "[databases]",
                database + " = host=127.0.0.1 port=" + server.port + " dbname=" + database + " user=postgres",
                "[pgbouncer]",
                "listen_addr = 127.0.0.1",
                "listen_port = " + port,
                "unix_socket_dir =",
                "auth_type = trust",
                "auth_file = " + dir.resolve("userlist.txt"),
                "pool_mode = transaction",
                "default_pool_size = " + poolSize,
                "max_client_conn = 50",
                // pgjdbc sends it at startup; PgBouncer refuses startup parameters it does not know unless told to ignore them
                "ignore_startup_parameters = extra_float_digits",
                "logfile = " + dir.resolve("pgbouncer.log"),
                ""));
        List<String> cmd = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            // setpriv execs pgbouncer itself, so the process id the test holds is pgbouncer's and stopping it stops the pooler
            cmd.addAll(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"));
        }
        cmd.addAll(List.of(BINARY.toString(), dir.resolve("pgbouncer.ini").toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        PgBouncer bouncer = new PgBouncer(port, p, dir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return bouncer;
            } catch (IOException notYet) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    bouncer.close();
                    throw new IOException("pgbouncer did not start: " + Files.readString(dir.resolve("stdout.log")));
                }
                Thread.sleep(50);
            }
        }
    }

    /** A JDBC URL through the pooler, with more driver properties ("prepareThreshold=1"). */
    public String url(String database, String properties) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres" + (properties.isEmpty() ? "" : "&" + properties);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
