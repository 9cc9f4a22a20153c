package dev.querylens.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.querylens.advisor.PostgresServer;
import dev.querylens.cli.QueryLensCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * Injection payloads through every input format into every command that talks to a database,
 * against a real PostgreSQL 15 with HypoPG. The payloads first reach the server the way an
 * attacker's input reaches an application (concatenated into a query, simple protocol), so the
 * server's own stderr, csvlog and jsonlog and its pg_stat_statements are the inputs QueryLens
 * reads. The witnesses are the server itself: a canary table, a side-effects table, a file
 * COPY ... TO PROGRAM would create, a sentinel session pg_terminate_backend would end, and the
 * server's log (log_statement = 'all'), in which every statement QueryLens's sessions sent must
 * be one that docs/safety.md lists.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileWorkloadTest {
    private static PostgresServer pg;
    private static Path inputs;
    private static Path pwned;
    private static Connection sentinel;

    private static List<String> payloads() {
        return List.of(
                "SELECT 1; COMMIT; BEGIN READ WRITE; DELETE FROM canary WHERE id = 3; COMMIT",
                "select id from orders where customer_id = 7; insert into side_effects values ('inserted')",
                "select 1; copy (select 1) to program 'touch " + pwned + "'",
                "copy (select 1) to program 'touch " + pwned + "'",
                "select 1; select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'sentinel'",
                "select 1; set statement_timeout = 0; select pg_sleep(600)",
                "select set_config('statement_timeout', '0', false); delete from canary",
                "select 1 /* ; */ ; delete from canary where id = 1",
                "select $$;$$; delete from canary where id = 2",
                "select E'\\';'; delete from canary where id = 4",
                "select ';' ; drop table canary",
                "select 1 -- ;\n; update canary set v = 'changed'",
                "DROP TABLE canary",
                "DO $$ BEGIN DELETE FROM canary; END $$",
                "SET default_transaction_read_only = off",
                "with d as (delete from canary returning *) select * from d",
                "select id, status from orders where customer_id = 42");
    }

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start("-c logging_collector=on -c log_destination=stderr,csvlog,jsonlog -c log_directory=log"
                + " -c log_filename=server.log -c log_file_mode=0644 -c log_statement=all"
                + " -c shared_preload_libraries=pg_stat_statements");
        inputs = Files.createTempDirectory("querylens-hostile");
        pwned = pg.directory().resolve("pwned");
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE app LOGIN");
            s.execute("CREATE DATABASE app OWNER app");
            s.execute("CREATE DATABASE victim");
        }
        String tables = """
                CREATE TABLE canary (id int PRIMARY KEY, v text NOT NULL);
                INSERT INTO canary SELECT g, 'row ' || g FROM generate_series(1, 5) g;
                CREATE TABLE side_effects (x text);
                CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL, status text NOT NULL);
                INSERT INTO orders (customer_id, status) SELECT g % 5000, 'open' FROM generate_series(1, 100000) g;
                ANALYZE;
                """;
        try (Connection c = pg.connect("victim"); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION hypopg");
            s.execute("CREATE EXTENSION pg_stat_statements");
            s.execute(tables);
            // the least-privilege role docs/safety.md documents
            s.execute("CREATE ROLE querylens LOGIN");
            s.execute("GRANT pg_read_all_stats, pg_read_all_data TO querylens");
        }
        try (Connection c = pg.connect("app"); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION pg_stat_statements");
        }
        applicationRunsThePayloads(tables);
        sentinel = DriverManager.getConnection(pg.url("victim") + "&ApplicationName=sentinel");
    }

    /** The application (role app, simple protocol) runs each payload as if it had been concatenated into its query. */
    private static void applicationRunsThePayloads(String tables) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "app");
        p.setProperty("preferQueryMode", "simple");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.port + "/app", p); Statement s = c.createStatement()) {
            s.execute(tables);
            for (int round = 0; round < 3; round++) {
                for (String payload : payloads()) {
                    try (Statement one = c.createStatement()) {
                        one.setQueryTimeout(2);
                        one.execute(payload);
                    } catch (SQLException refusedOrCancelled) {
                        // COPY TO PROGRAM is refused to role app, pg_sleep is cancelled: both are logged all the same
                    }
                    // a payload may leave a transaction open (BEGIN READ WRITE ...); the application's pool would reset it
                    s.execute("ROLLBACK");
                }
            }
            // the control: run naively, as the application did, the payloads do their damage
            try (ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM side_effects), to_regclass('canary') IS NULL")) {
                rs.next();
                assertTrue(rs.getInt(1) > 0 && rs.getBoolean(2), "the payloads are live: they inserted and dropped in the app's database");
            }
            CopyManager copy = c.unwrap(BaseConnection.class).getCopyAPI();
            try (var out = Files.newBufferedWriter(inputs.resolve("pgss-real.csv"))) {
                copy.copyOut("COPY (SELECT query, calls, total_exec_time FROM pg_stat_statements"
                        + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'app')) TO STDOUT CSV HEADER", out);
            }
            try (ResultSet rs = s.executeQuery("SELECT json_agg(json_build_object('query', query, 'calls', calls,"
                    + " 'total_exec_time', total_exec_time)) FROM pg_stat_statements")) {
                rs.next();
                Files.writeString(inputs.resolve("pgss-real.json"), rs.getString(1));
            }
        }
        Thread.sleep(500); // the logging collector writes asynchronously
        Files.copy(pg.logDirectory().resolve("server.log"), inputs.resolve("server-stderr.log"));
        Files.copy(pg.logDirectory().resolve("server.csv"), inputs.resolve("server-csvlog.csv"));
        Files.copy(pg.logDirectory().resolve("server.json"), inputs.resolve("server-jsonlog.json"));
        // crafted exports and traces carry the payloads whole (pg_stat_statements itself splits them)
        ObjectMapper json = new ObjectMapper();
        StringBuilder csv = new StringBuilder("query,calls,total_exec_time\n");
        ArrayNode rows = json.createArrayNode();
        StringBuilder trace = new StringBuilder();
        StringBuilder sqlFile = new StringBuilder();
        for (String payload : payloads()) {
            csv.append('"').append(payload.replace("\"", "\"\"")).append("\",100,500\n");
            rows.addObject().put("query", payload).put("calls", 100).put("total_exec_time", 500.0);
            trace.append(json.createObjectNode().put("sql", payload).put("connection", "c1").put("thread", "t1")
                    .put("durationNanos", 1_000_000)).append('\n');
            sqlFile.append(payload).append(";\n");
        }
        Files.writeString(inputs.resolve("pgss-crafted.csv"), csv);
        Files.writeString(inputs.resolve("pgss-crafted.json"), json.writeValueAsString(rows));
        Files.writeString(inputs.resolve("trace.jsonl"), trace);
        Files.writeString(inputs.resolve("payloads.sql"), sqlFile);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sentinel != null) {
            sentinel.close();
        }
        pg.close();
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = QueryLensCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static List<Path> inputFiles() throws Exception {
        try (var files = Files.list(inputs)) {
            return files.filter(f -> !f.getFileName().toString().startsWith("out")).sorted().toList();
        }
    }

    @Test
    @Order(1)
    void everyFormatThroughAnalyzeAdviseAndCheckChangesNothing() throws Exception {
        String victim = pg.url("victim");
        for (Path input : inputFiles()) {
            Path out = inputs.resolve("out-" + input.getFileName() + ".json");
            Run r = cli("analyze", "-q", "--db", victim, "--format", "json", "-o", out.toString(), input.toString());
            assertTrue(r.exit() == 0 || r.exit() == 1 || r.exit() == 3, input + ": " + r.err());
            JsonNode report = new ObjectMapper().readTree(out.toFile());
            assertTrue(report.get("summary").get("executions").asLong() > 0, input + " was read: " + report.get("summary"));
            assertFalse(r.err().contains("Exception"), r.err());
            assertUntouched(input + " through analyze --db");
        }
        List<String> all = new ArrayList<>(List.of("advise", "-q", "--db", victim, "--format", "json",
                "-o", inputs.resolve("out-advise.json").toString(), "--emit-sql", inputs.resolve("out-advise.sql").toString()));
        inputFiles().forEach(f -> all.add(f.toString()));
        Run advise = cli(all.toArray(String[]::new));
        assertTrue(advise.exit() == 0 || advise.exit() == 3, advise.err());
        JsonNode advice = new ObjectMapper().readTree(inputs.resolve("out-advise.json").toFile());
        assertTrue(advice.get("indexRecommendations").toString().contains("customer_id"),
                "the real workload still gets its index: " + advice.get("indexRecommendations"));
        assertUntouched("advise --db");
        all.set(0, "check");
        all.remove("--emit-sql");
        all.remove(inputs.resolve("out-advise.sql").toString());
        Run check = cli(all.toArray(String[]::new));
        assertTrue(check.exit() <= 3, check.err());
        assertUntouched("check --db");
    }

    @Test
    @Order(2)
    void explainSendsOnlyOneStatementAndNeverAUtility() throws Exception {
        for (String payload : payloads()) {
            Run planned = cli("explain", "--db", pg.url("victim"), "--sql", payload);
            Run analyzed = cli("explain", "--db", pg.url("victim"), "--sql", payload, "--analyze");
            boolean single = SingleStatement.of(payload).statement() != null;
            if (!single) {
                assertEquals(2, planned.exit(), payload + ": " + planned.err());
                assertTrue(planned.err().contains("not sent to the database"), planned.err());
                assertEquals(2, analyzed.exit(), analyzed.err());
            }
            assertFalse(planned.err().contains("Exception") || analyzed.err().contains("Exception"), planned.err() + analyzed.err());
            assertUntouched("explain --sql " + payload);
        }
        Run read = cli("explain", "--db", pg.url("victim"), "--sql", "select id, status from orders where customer_id = 42");
        assertEquals(0, read.exit(), read.err());
        assertTrue(read.out().contains("Seq Scan on orders"), read.out());
    }

    @Test
    @Order(3)
    void aStatementCannotSwitchItsOwnTimeoutOff() throws Exception {
        // explain --analyze runs the one statement; set_config inside it cannot undo the session's statement_timeout
        long start = System.nanoTime();
        Run r = cli("explain", "--db", pg.url("victim"), "--analyze", "--sql",
                "select set_config('statement_timeout', '0', false), pg_sleep(120)");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("canceling statement due to statement timeout"), r.err());
        assertTrue(seconds < 100, "stopped by the 30 s statement_timeout, not by the sleep ending: " + seconds);
        int left = -1;
        // a backend leaves pg_stat_activity a moment after its client closed the connection
        for (int attempt = 0; attempt < 50 && left != 0; attempt++) {
            try (Connection c = pg.connect("victim"); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'querylens'")) {
                rs.next();
                left = rs.getInt(1);
            }
            Thread.sleep(100);
        }
        assertEquals(0, left, "no QueryLens session is left on the server");
    }

    @Test
    @Order(4)
    void identicalRunsGiveIdenticalReportsWithoutQueryLensOwnStatements() throws Exception {
        List<String> shapes = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            Path out = inputs.resolve("out-live-" + run + ".json");
            Run r = cli("analyze", "-q", "--db", pg.url("victim"), "--format", "json", "-o", out.toString());
            assertTrue(r.exit() == 0 || r.exit() == 1, r.err());
            JsonNode statements = new ObjectMapper().readTree(out.toFile()).get("statements");
            List<String> sql = new ArrayList<>();
            statements.forEach(s -> sql.add(s.get("sql").asText()));
            assertFalse(sql.stream().anyMatch(s -> s.contains("hypopg_") || s.contains("querylens_q") || s.contains("/* querylens */")), sql.toString());
            shapes.add(String.join("\n", sql.stream().sorted().toList()));
        }
        assertEquals(shapes.get(0), shapes.get(1));
        assertEquals(shapes.get(1), shapes.get(2));
    }

    @Test
    @Order(5)
    void theLeastPrivilegedRoleOfTheSafetyDocGetsVerifiedAdvice() throws Exception {
        Path out = inputs.resolve("out-role.json");
        Run r = cli("advise", "-q", "--db", "postgresql://querylens@127.0.0.1:" + pg.port + "/victim", "--format", "json",
                "-o", out.toString(), inputs.resolve("pgss-real.csv").toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode recs = new ObjectMapper().readTree(out.toFile()).get("indexRecommendations");
        assertTrue(recs.size() > 0 && recs.get(0).get("verified").asBoolean(), recs.toString());
    }

    @Test
    @Order(6)
    void theServerLogShowsOnlyTheStatementsTheSafetyDocAllows() throws Exception {
        List<Pattern> allowed = allowedStatements();
        Thread.sleep(500);
        ObjectMapper json = new ObjectMapper();
        int ours = 0;
        int prepared = 0;
        List<String> unexpected = new ArrayList<>();
        for (String line : Files.readAllLines(pg.logDirectory().resolve("server.json"), StandardCharsets.UTF_8)) {
            JsonNode record = json.readTree(line);
            if (!"querylens".equals(record.path("application_name").asText())) {
                continue;
            }
            String message = record.path("message").asText();
            var m = Pattern.compile("(?s)^(?:statement|execute [^:]+): (.*)$").matcher(message);
            if (!m.matches()) {
                continue;
            }
            String sql = m.group(1).strip();
            ours++;
            var prepare = Pattern.compile("(?s)^/\\* querylens \\*/ PREPARE querylens_q\\d+ (?:\\([a-z, ]+\\) )?AS (.*)$")
                    .matcher(sql);
            if (prepare.matches()) {
                prepared++;
                if (SingleStatement.of(prepare.group(1)).statement() == null) {
                    unexpected.add(sql);
                }
                continue;
            }
            if (allowed.stream().noneMatch(p -> p.matcher(sql).matches())) {
                unexpected.add(sql);
            }
        }
        assertTrue(ours > 100 && prepared > 10, "QueryLens's statements are in the log: " + ours + ", " + prepared + " prepared");
        assertEquals(List.of(), unexpected, "statements docs/safety.md does not list");
    }

    /** The fenced allowed-statements block of docs/safety.md, as patterns. */
    private static List<Pattern> allowedStatements() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "safety.md"));
        int start = doc.indexOf("```allowed-statements\n");
        String block = doc.substring(start + "```allowed-statements\n".length(), doc.indexOf("```", start + 10));
        List<Pattern> out = new ArrayList<>();
        for (String line : block.strip().split("\n")) {
            String regex = Pattern.quote(line.strip())
                    .replace("<n>", "\\E\\d+\\Q")
                    .replace("<types>", "\\E[a-z, ]+\\Q")
                    .replace("<index>", "\\ECREATE INDEX .+\\Q")
                    .replace("...", "\\E.*\\Q");
            out.add(Pattern.compile("(?s)" + regex));
        }
        return out;
    }

    /** The witnesses: nothing any payload asked for happened on the server QueryLens was pointed at. */
    private static void assertUntouched(String after) throws Exception {
        try (Connection c = pg.connect("victim"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT string_agg(id || '=' || v, ',' ORDER BY id) FROM canary")) {
                rs.next();
                assertEquals("1=row 1,2=row 2,3=row 3,4=row 4,5=row 5", rs.getString(1), "canary after " + after);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM side_effects")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "side_effects after " + after);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'querylens'"
                    + " AND state <> 'idle'")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "a QueryLens statement still runs after " + after);
            }
            try (ResultSet rs = s.executeQuery("SELECT current_setting('default_transaction_read_only')")) {
                rs.next();
                assertEquals("off", rs.getString(1), "the test's own session is unaffected");
            }
        }
        assertFalse(Files.exists(pwned), "COPY TO PROGRAM ran after " + after);
        try (Statement s = sentinel.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            assertTrue(rs.next(), "the sentinel session survives " + after);
        }
    }
}
