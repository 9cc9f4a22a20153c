package dev.querylens.database;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A PostgreSQL of QueryLens's own for {@code migrations --trace} without --db: zonky's PostgreSQL
 * 16 binaries (Linux x86-64), unpacked with the data directory into one temporary directory that
 * is removed when the trace ends, also when it fails or the user presses Ctrl-C (a shutdown hook).
 *
 * <p>It is started here rather than by zonky's own launcher, which runs it as whoever runs
 * QueryLens (root in most CI containers: a COPY TO PROGRAM would have been a root shell on the
 * host) with trust authentication for every local user. Here:
 * <ul>
 * <li>as root, the server runs as a dedicated unprivileged user ({@value #SERVER_USER}, created as a
 *     system user without a home or shell when missing; {@code nobody} where it cannot be created),
 *     with no supplementary groups and no way to gain privileges (setpriv);</li>
 * <li>it has no network: it is started in a network namespace of its own (unshare; as another user
 *     than root, inside a user namespace that maps only that user), where no interface is up, not
 *     even loopback, so nothing it runs (dblink, postgres_fdw, COPY TO PROGRAM) can connect to another
 *     host or to a service of this machine. It listens on no TCP address, only on its Unix-domain
 *     socket in its own directory, which QueryLens connects to through {@link UnixDomainSocketFactory}.
 *     Where no namespace can be made, it runs in the host's network, and {@link #networkAccess} says
 *     why, for the trace to say so;</li>
 * <li>every login needs a password (scram-sha-256): the superuser's is random, known only to this
 *     process, and the trace itself logs in as {@link TraceSandbox}'s role, never as the superuser.</li>
 * </ul>
 */
public final class ThrowawayServer implements AutoCloseable {
    static final String SERVER_USER = "querylens-trace";
    /** The port names the socket file (.s.PGSQL.5432) in the server's own directory; no TCP port is opened. */
    private static final int PORT = 5432;
    /** sun_path of a Unix-domain socket address holds 107 bytes and a NUL. */
    private static final int MAX_SOCKET_PATH = 107;

    private final Path dir;
    private final String password;
    private final List<String> asServerUser;
    private final Thread cleanup;
    private String networkAccess;

    private ThrowawayServer(Path dir, String password, List<String> asServerUser, Thread cleanup) {
        this.dir = dir;
        this.password = password;
        this.asServerUser = asServerUser;
        this.cleanup = cleanup;
    }

    /** A server with no network where this machine allows a network namespace, else one in the host's network. */
    public static ThrowawayServer start() throws DatabaseUnavailable {
        return start(true);
    }

    /** {@code isolate} false: the server in the host's network, as where no namespace can be made (for the tests). */
    static ThrowawayServer start(boolean isolate) throws DatabaseUnavailable {
        Path dir;
        try {
            dir = Files.createTempDirectory("querylens-trace-");
        } catch (IOException e) {
            throw new DatabaseUnavailable("cannot start the throwaway PostgreSQL: " + e.getMessage());
        }
        // Ctrl-C: stop the server, then remove its directory
        List<String> asServerUser = new ArrayList<>();
        Thread cleanup = new Thread(() -> {
            stop(dir, asServerUser);
            remove(dir);
        }, "querylens-trace-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            asServerUser.addAll(setprivPrefix());
            unpack(dir.resolve("bin"));
            Path run = dir.resolve("run");
            Files.createDirectories(run);
            String password = random();
            Files.writeString(run.resolve("pw"), password + "\n", StandardCharsets.UTF_8);
            if (!asServerUser.isEmpty()) {
                // the server's user needs to reach its binaries and own its run directory; nothing else here is its
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
                chown(run, asServerUser.get(asServerUser.size() - 1));
                chown(run.resolve("pw"), asServerUser.get(asServerUser.size() - 1));
            }
            Files.setPosixFilePermissions(run.resolve("pw"), PosixFilePermissions.fromString("rw-------"));
            if ((run + "/.s.PGSQL." + PORT).getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
                throw new IOException("the temporary directory's path is too long for a Unix-domain socket: set java.io.tmpdir to a"
                        + " shorter one");
            }
            ThrowawayServer server = new ThrowawayServer(dir, password, List.copyOf(asServerUser), cleanup);
            Path data = run.resolve("data");
            server.command(List.of(), dir.resolve("bin/bin/initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "scram-sha-256",
                    "--pwfile=" + run.resolve("pw"), "-E", "UTF8", "--locale=C", "--no-sync");
            Files.deleteIfExists(run.resolve("pw"));
            NetworkNamespace namespace = isolate ? NetworkNamespace.available(!asServerUser.isEmpty())
                    : NetworkNamespace.unavailable("QueryLens was asked to start it in the host's network");
            // the postmaster stays in the namespace pg_ctl was started in, and every process it starts with it
            server.command(namespace.prefix(), dir.resolve("bin/bin/pg_ctl").toString(), "-D", data.toString(), "-l",
                    run.resolve("server.log").toString(), "-w", "-t", "60", "-o", "-p " + PORT + " -k " + run
                            + " -c listen_addresses='' -c unix_socket_permissions=0700 -c fsync=off -c autovacuum=off -c max_connections=20",
                    "start");
            // what the kernel says, not what was asked: the postmaster's network namespace is not QueryLens's own
            server.networkAccess = NetworkNamespace.separate(postmasterPid(data)) ? null
                    : namespace.unavailableBecause() != null ? namespace.unavailableBecause()
                    : "the server did not start in a network namespace of its own";
            // its postgres database is where the privileged session sets up the sandbox; the mark lets UserDatabase open it for that
            ConnectionSettings admin = server.superuser("postgres");
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(admin.jdbcUrl(), SessionProperties.of(admin, UserDatabase.Access.DISPOSABLE));
                 java.sql.Statement s = c.createStatement()) {
                s.execute(UserDatabase.MARK + "COMMENT ON DATABASE postgres IS '" + UserDatabase.DISPOSABLE_MARK + "'");
            }
            return server;
        } catch (IOException | InterruptedException | java.sql.SQLException | RuntimeException e) {
            stop(dir, asServerUser);
            remove(dir);
            Runtime.getRuntime().removeShutdownHook(cleanup);
            throw new DatabaseUnavailable("cannot start the throwaway PostgreSQL (" + DatabaseUnavailable.firstLine(e.getMessage())
                    + "); give --db URL of a database marked disposable instead");
        }
    }

    /** The superuser's session settings for {@code database}: its URL and random password, never the user's PG* variables or ~/.pgpass. */
    ConnectionSettings superuser(String database) {
        return login(database, "postgres", password);
    }

    /** The superuser's settings for its postgres database, where the sandbox is set up. */
    public ConnectionSettings superuserSettings() {
        return superuser("postgres");
    }

    /** A login through the server's Unix-domain socket, the only way in: it listens on no TCP address. */
    ConnectionSettings login(String database, String user, String secret) {
        return new ConnectionSettings(List.of(new ConnectionSettings.HostPort(dir.resolve("run").toString(), PORT)), database, user, secret,
                Map.of());
    }

    /**
     * Null where the server has no network (a network namespace of its own, with no interface up);
     * otherwise why it has the host's network, for the trace to say that a migration could reach
     * other hosts and this machine's services from it.
     */
    public String networkAccess() {
        return networkAccess;
    }

    private static long postmasterPid(Path data) throws IOException {
        String first = Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8).get(0).strip();
        return Long.parseLong(first);
    }

    /** The OS user the server process runs as (for the tests and the trace's header). */
    public String serverUser() {
        return asServerUser.isEmpty() ? System.getProperty("user.name") : asServerUser.get(asServerUser.size() - 1).split(":")[0];
    }

    /**
     * As root: the setpriv prefix that runs a command as the server's user (its last element is
     * user:group, for chown). Otherwise nothing: the server runs as the (unprivileged) user running QueryLens.
     */
    private static List<String> setprivPrefix() throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return List.of();
        }
        String user = SERVER_USER;
        if (run(List.of("id", "-u", user)) != 0) {
            run(List.of("useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin",
                    "--user-group", user));
            if (run(List.of("id", "-u", user)) != 0) {
                user = "nobody";
            }
        }
        Process id = new ProcessBuilder("id", "-gn", user).redirectErrorStream(true).start();
        String group = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (id.waitFor() != 0 || group.isEmpty()) {
            throw new IOException("cannot find the group of user " + user);
        }
        return List.of("setpriv", "--reuid=" + user, "--regid=" + group, "--clear-groups", "--no-new-privs", "--",
                user + ":" + group);
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private static void chown(Path path, String userAndGroup) throws IOException {
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        String[] ug = userAndGroup.split(":");
        Files.setOwner(path, users.lookupPrincipalByName(ug[0]));
        Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setGroup(users.lookupPrincipalByGroupName(ug[1]));
    }

    /**
     * Runs a server command (initdb, pg_ctl) as the server's user, its output into the run directory's
     * log, inside {@code namespace} (a command prefix, run before privileges are dropped: making a
     * namespace needs root's, or a user namespace's, capabilities).
     */
    private void command(List<String> namespace, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(namespace);
        cmd.addAll(asServerUser.isEmpty() ? List.of() : asServerUser.subList(0, asServerUser.size() - 1));
        cmd.addAll(List.of(command));
        Path log = dir.resolve("commands.log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            String out = Files.exists(log) ? Files.readString(log) : "";
            throw new IOException(Path.of(command[0]).getFileName() + " failed: " + out.lines().filter(l -> !l.isBlank())
                    .reduce((a, b) -> b).orElse("no output"));
        }
    }

    /** zonky's PostgreSQL binaries for this platform, unpacked (files, directories and the library symlinks). */
    private static void unpack(Path into) throws IOException {
        try (InputStream txz = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64");
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(txz))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                Path to = into.resolve(e.getName()).normalize();
                if (!to.startsWith(into)) {
                    throw new IOException("unexpected entry in the PostgreSQL binaries: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(to);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(to.getParent());
                    Files.deleteIfExists(to);
                    Files.createSymbolicLink(to, Path.of(e.getLinkName()));
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(tar, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(to, PosixFilePermissions.fromString((e.getMode() & 0111) != 0 ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        try (Stream<Path> dirs = Files.walk(into)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    static String random() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The trace on this server, in the sandbox's two sessions: each statement committed (the server
     * is thrown away), the second session for CONCURRENTLY.
     */
    public MigrationTracer tracer(UserDatabase db, UserDatabase observer, SandboxPlan plan, TraceSandbox sandbox) {
        // committing is for this server alone: a user's database, even a disposable one, is only ever traced rolled back
        ConnectionSettings own = superuser(db.settings().database());
        if (!db.settings().hosts().equals(own.hosts()) || !observer.settings().hosts().equals(own.hosts())
                || !observer.settings().database().equals(own.database())) {
            throw new IllegalArgumentException("a committing trace runs only on the throwaway server");
        }
        return MigrationTracer.committing(db, observer, plan, sandbox::createMissingRole);
    }

    /** The sandbox for a trace on this server: its role, and a database of its own named {@code database}. */
    public TraceSandbox sandbox(UserDatabase admin, String database, SandboxPlan plan) throws DatabaseUnavailable {
        return TraceSandbox.onThrowaway(this, admin, database, plan);
    }

    @Override
    public void close() {
        stop(dir, asServerUser);
        remove(dir);
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running already
        }
    }

    private static void stop(Path dir, List<String> asServerUser) {
        Path data = dir.resolve("run/data");
        if (!Files.exists(data.resolve("postmaster.pid"))) {
            return;
        }
        List<String> cmd = new ArrayList<>(asServerUser.isEmpty() ? List.of() : asServerUser.subList(0, asServerUser.size() - 1));
        cmd.addAll(List.of(dir.resolve("bin/bin/pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "-t", "30", "stop"));
        try {
            run(cmd);
        } catch (IOException | RuntimeException e) {
            // the directory goes either way; a server that will not stop dies with its files
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Removes the directory, trying again for a moment while a stopping server still writes its last files there. */
    private static void remove(Path dir) {
        for (int attempt = 0; attempt < 40 && Files.exists(dir); attempt++) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | RuntimeException stillChanging) {
                // files came and went during the walk: walk again
            }
            if (Files.exists(dir)) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
