package dev.querylens.junit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A real PostgreSQL for the capture tests (embedded, started from Maven Central binaries), with the task board's tables. */
final class TestDatabase implements AutoCloseable {
    final EmbeddedPostgres server;
    final DataSource plain;
    final DataSource rewritingBatches;

    TestDatabase() throws IOException, SQLException {
        server = EmbeddedPostgres.builder().start();
        plain = server.getPostgresDatabase();
        PGSimpleDataSource rewriting = new PGSimpleDataSource();
        rewriting.setURL(server.getJdbcUrl("postgres", "postgres"));
        rewriting.setReWriteBatchedInserts(true);
        rewritingBatches = rewriting;
        try (Connection c = plain.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table tasks (id serial primary key, project_id int not null, title text not null)");
            s.execute("create table comments (id serial primary key, task_id int not null, body text not null)");
            s.execute("create table events (id serial primary key, kind text not null, n int not null)");
            s.execute("insert into tasks (project_id, title) select 1 + g % 3, 'task ' || g from generate_series(1, 36) g");
            s.execute("insert into comments (task_id, body) select 1 + g % 36, 'comment ' || g from generate_series(1, 100) g");
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
