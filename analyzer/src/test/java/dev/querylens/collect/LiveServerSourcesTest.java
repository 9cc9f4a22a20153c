package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.analysis.Analysis;
import dev.querylens.analysis.AnalysisRequest;
import dev.querylens.database.ConnectionSettings;
import dev.querylens.engine.RuleCatalog;
import dev.querylens.report.Report;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources that need a running server, against a real one started here: pg_stat_statements read
 * live, and auto_explain in JSON format in the server's own log (with PostgreSQL's default log_line_prefix,
 * which QueryLens must recognise on its own).
 */
class LiveServerSourcesTest {
    @TempDir
    static Path logs;

    private static EmbeddedPostgres pg;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder()
                .setServerConfig("shared_preload_libraries", "pg_stat_statements,auto_explain")
                .setServerConfig("logging_collector", "on")
                .setServerConfig("log_directory", logs.toString())
                .setServerConfig("log_filename", "server.log")
                .setServerConfig("log_min_duration_statement", "0")
                .setServerConfig("auto_explain.log_min_duration", "0")
                .setServerConfig("auto_explain.log_format", "json")
                .start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            s.execute("CREATE TABLE items (id int PRIMARY KEY, owner int NOT NULL, name text NOT NULL)");
            s.execute("INSERT INTO items SELECT g, g % 50, 'item ' || g FROM generate_series(1, 5000) g");
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM items WHERE owner = ?")) {
                for (int i = 0; i < 7; i++) {
                    ps.setInt(1, i);
                    ps.executeQuery().close();
                }
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    @Test
    void pgStatStatementsIsReadLiveAndReadOnly() throws Exception {
        ConnectionSettings url = ConnectionSettings.parse(pg.getJdbcUrl("postgres", "postgres"));
        List<Execution> rows = new ArrayList<>();
        new PgStatStatementsLive(url).read(rows::add, d -> { });
        Execution lookup = rows.stream().filter(e -> e.sql().equals("SELECT name FROM items WHERE owner = $1")).findFirst().orElseThrow();
        assertEquals(7, lookup.calls());
        assertTrue(lookup.durationMs() > 0);

        Report report = new Analysis(RuleCatalog.load(), "test", m -> { })
                .run(new AnalysisRequest(List.of(), List.of(), null, null, null, url));
        assertTrue(report.statements().stream().anyMatch(s -> s.sql().equals("select name from items where owner = $1") && s.calls() == 7),
                report.statements().toString());
    }

    @Test
    void aServerWithoutTheExtensionOrWithABadPasswordIsOneClearLine() throws Exception {
        ConnectionSettings noSuchDb = ConnectionSettings.parse("postgresql://postgres:hunter2@localhost:" + pg.getPort() + "/no_such_db");
        Report report = new Analysis(RuleCatalog.load(), "test", m -> { })
                .run(new AnalysisRequest(List.of(), List.of(), null, null, null, noSuchDb));
        assertEquals(1, report.diagnostics().size());
        String message = report.diagnostics().get(0).toString();
        assertTrue(message.contains("cannot read pg_stat_statements"), message);
        assertFalse(message.contains("hunter2"), message);
        assertTrue(report.inputLost(), "a database that could not be read is lost input");
    }

    @Test
    void autoExplainJsonPlansAttachToTheirStatements() throws Exception {
        Path log;
        try (Stream<Path> files = Files.list(logs)) {
            log = files.filter(p -> p.getFileName().toString().startsWith("server")).findFirst().orElseThrow();
        }
        List<Execution> executions = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        new InputFiles(null, new ObjectMapper()).read(log, executions::add, diagnostics::add);
        assertTrue(Files.readString(log).contains("\"Query Text\""), "the server wrote JSON plans");
        List<Execution> lookups = executions.stream().filter(e -> e.sql().equals("SELECT name FROM items WHERE owner = $1")).toList();
        assertEquals(7, lookups.size());
        assertTrue(lookups.get(0).plan() != null, "the first lookup's plan is attached");
        assertEquals("items", lookups.get(0).plan().walk().filter(n -> n.relationName() != null).findFirst().orElseThrow().relationName());
        assertEquals(List.of(), diagnostics);
    }
}
