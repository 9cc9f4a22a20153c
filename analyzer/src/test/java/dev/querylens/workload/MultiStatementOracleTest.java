package dev.querylens.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.advisor.PostgresServer;
import dev.querylens.cli.QueryLensCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pg_stat_statements is the oracle for what one simple Query message of several statements counts
 * as, and for texts whose constants it writes glued to a keyword ({@code ELSE'x'} becomes
 * {@code else$3}). psql -c sends its string as one Query message; PostgreSQL 15 logs each message
 * once (stderr, csvlog, jsonlog) and pg_stat_statements counts each statement in it apart. QueryLens
 * must group the logs as pg_stat_statements groups the same run: the same statements, the same calls;
 * and its export, read back, must group the same way and parse.
 */
class MultiStatementOracleTest {
    /** Each message is sent as one Query message, {@link #TIMES} times. */
    private static final List<String> MESSAGES = List.of(
            // Sequelize's, on each new connection
            "SET client_min_messages TO warning;SET TIME ZONE INTERVAL '+00:00' HOUR TO MINUTE",
            // semicolons inside a string, a quoted name, a dollar-quoted body and a comment; a trailing one
            "SELECT 'a;b' AS \"x;y\"; SELECT length($$;$$) /* ; */; INSERT INTO t VALUES (1, 'it''s;');",
            // a transaction in one message, as migration runners send it
            "BEGIN; UPDATE t SET name = 'b' WHERE id = 1; SELECT count(*) FROM t WHERE name = 'b'; COMMIT",
            // constants written straight after keywords, as TypeORM's index introspection writes them
            "SELECT CASE WHEN id = 1 THEN'one' ELSE'other' END AS label FROM t WHERE name LIKE'b%'");
    private static final int TIMES = 3;

    @TempDir
    Path dir;

    @Test
    void logsAndTheExportGroupAsPgStatStatementsCounts() throws Exception {
        try (PostgresServer pg = PostgresServer.start("-c logging_collector=on -c log_destination=stderr,csvlog,jsonlog"
                + " -c log_directory=log -c log_filename=server.log -c log_file_mode=0644 -c log_min_duration_statement=0"
                + " -c log_line_prefix='%m [%p] %q%u@%d ' -c shared_preload_libraries=pg_stat_statements")) {
            try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE oracle");
            }
            try (Connection c = pg.connect("oracle"); Statement s = c.createStatement()) {
                s.execute("CREATE EXTENSION pg_stat_statements");
                s.execute("CREATE TABLE t (id int, name text)");
                s.execute("SELECT pg_stat_statements_reset()");
            }
            Thread.sleep(300); // the logging collector writes asynchronously: the setup's lines land before the cut
            long[] before = sizes(pg);
            for (int k = 0; k < TIMES; k++) {
                for (String message : MESSAGES) {
                    psql(pg, message);
                }
            }
            Thread.sleep(500);
            List<Path> logs = cut(pg, before);
            // the oracle: pg_stat_statements' rows for the run, and its export as QueryLens reads one
            Map<String, Long> server = new TreeMap<>();
            StringBuilder csv = new StringBuilder("query,calls,total_exec_time\n");
            try (Connection c = pg.connect("oracle"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT query, calls, total_exec_time FROM pg_stat_statements"
                         + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'oracle') AND query NOT LIKE '%pg_stat_statements%'")) {
                while (rs.next()) {
                    server.merge(rs.getString(1), rs.getLong(2), Long::sum);
                    csv.append('"').append(rs.getString(1).replace("\"", "\"\"")).append("\",").append(rs.getLong(2)).append(',')
                            .append(rs.getDouble(3)).append('\n');
                }
            }
            // 10 statements in the 4 messages, each run TIMES times: PostgreSQL counts them apart
            assertEquals(10, server.size(), server.toString());
            assertTrue(server.values().stream().allMatch(calls -> calls == TIMES), server.toString());
            Path export = Files.writeString(dir.resolve("pg_stat_statements.csv"), csv);
            JsonNode exported = analyze(export);
            Map<String, Long> oracle = groups(exported);
            assertEquals(server.size(), oracle.size(), "each of pg_stat_statements' rows is a group of its own: " + oracle);
            assertEquals(List.of(), problems(exported), "its texts (else$3 included) are read as PostgreSQL wrote them");
            for (Path log : logs) {
                assertEquals(oracle, groups(analyze(log)), log.getFileName().toString());
            }
        }
    }

    private static Map<String, Long> groups(JsonNode report) {
        Map<String, Long> out = new TreeMap<>();
        report.path("statements").forEach(s -> out.merge(s.path("fingerprint").asText() + " " + s.path("sql").asText(),
                s.path("calls").asLong(), Long::sum));
        // keyed by fingerprint; the text is there to read a failure
        Map<String, Long> byFingerprint = new TreeMap<>();
        out.forEach((k, v) -> byFingerprint.merge(k.substring(0, k.indexOf(' ')), v, Long::sum));
        return out.size() == byFingerprint.size() ? byFingerprint : out;
    }

    private static List<String> problems(JsonNode report) {
        List<String> out = new ArrayList<>();
        report.path("diagnostics").forEach(d -> {
            if (!d.path("note").asBoolean()) {
                out.add(d.path("message").asText());
            }
        });
        return out;
    }

    private JsonNode analyze(Path input) throws IOException {
        Path out = dir.resolve(input.getFileName() + ".json");
        StringWriter err = new StringWriter();
        var cli = QueryLensCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        assertEquals(0, cli.execute("analyze", "-q", "--format", "json", "-o", out.toString(), input.toString()), err.toString());
        return new ObjectMapper().readTree(out.toFile());
    }

    private static void psql(PostgresServer pg, String message) throws Exception {
        Process p = new ProcessBuilder(PostgresServer.BIN.resolve("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "-h", "127.0.0.1", "-p", Integer.toString(pg.port), "-U", "postgres", "-d", "oracle", "-c", message)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("psql failed: " + out);
        }
    }

    private static final String[] NAMES = {"server.log", "server.csv", "server.json"};

    private static long[] sizes(PostgresServer pg) throws IOException {
        long[] out = new long[NAMES.length];
        for (int i = 0; i < NAMES.length; i++) {
            Path p = pg.logDirectory().resolve(NAMES[i]);
            out[i] = Files.exists(p) ? Files.size(p) : 0;
        }
        return out;
    }

    private List<Path> cut(PostgresServer pg, long[] before) throws IOException {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            byte[] all = Files.readAllBytes(pg.logDirectory().resolve(NAMES[i]));
            byte[] part = java.util.Arrays.copyOfRange(all, (int) Math.min(before[i], all.length), all.length);
            out.add(Files.write(dir.resolve(NAMES[i]), part));
        }
        return out;
    }
}
