package dev.querylens.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.querylens.cli.QueryLensCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One execution counted once when several inputs hold it. A real PostgreSQL 15 writes stderr,
 * csvlog and jsonlog at once (log_destination = 'stderr,csvlog,jsonlog') while pgbench runs a
 * loop; the log directory analyzed whole must give the counts of one of its files and of
 * pg_stat_statements, with one line per repeated file saying so. And an ORM's own log given with
 * the server's log of the same run (src/test/resources/ormlogs, capture.sh) counts each statement once.
 */
class OverlappingLogsTest {
    private static final Path ORM_LOGS = Path.of("src", "test", "resources", "ormlogs");
    private static PgbenchLogs pgbench;
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("querylens-overlap");
        pgbench = PgbenchLogs.start(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        pgbench.close();
    }

    private static JsonNode analyze(List<Path> inputs) throws Exception {
        Path out = Files.createTempFile(dir, "report", ".json");
        StringWriter err = new StringWriter();
        var cli = QueryLensCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("analyze", "-q", "--format", "json", "-o", out.toString()));
        inputs.forEach(p -> args.add(p.toString()));
        assertEquals(0, cli.execute(args.toArray(String[]::new)), err.toString());
        return new ObjectMapper().readTree(out.toFile());
    }

    private static Map<String, Long> calls(JsonNode report) {
        Map<String, Long> calls = new TreeMap<>();
        report.get("statements").forEach(s -> calls.put(s.get("fingerprint").asText(), s.get("calls").asLong()));
        return calls;
    }

    private static Map<String, Long> tracked(JsonNode report) {
        Map<String, Long> calls = new TreeMap<>();
        report.get("statements").forEach(s -> {
            String sql = s.get("sql").asText();
            if (sql.stripLeading().toLowerCase(Locale.ROOT).matches("(?s)(select|insert|update|delete|with)\\b.*")
                    && !sql.contains("pg_stat_statements")) {
                calls.merge(GroupingOracleTest.canonical(sql), s.get("calls").asLong(), Long::sum);
            }
        });
        return calls;
    }

    private static List<String> notes(JsonNode report, String containing) {
        List<String> out = new ArrayList<>();
        report.get("diagnostics").forEach(d -> {
            if (d.get("message").asText().contains(containing)) {
                out.add(d.get("file").asText() + ": " + d.get("message").asText());
            }
        });
        return out;
    }

    private static long findings(JsonNode report, String rule) {
        long n = 0;
        for (JsonNode f : report.get("findings")) {
            n += f.get("rule").asText().equals(rule) ? 1 : 0;
        }
        return n;
    }

    @Test
    void aLogDirectoryWithAllThreeFormatsCountsEachExecutionOnce() throws Exception {
        for (PgbenchLogs.Mode mode : List.of(PgbenchLogs.Mode.simple, PgbenchLogs.Mode.extended)) {
            PgbenchLogs.RunLogs run = pgbench.run(PgbenchLogs.Script.loop, mode);
            Path logDir = Files.createDirectories(dir.resolve("log-" + mode));
            Files.copy(run.stderr(), logDir.resolve("postgresql.log"));
            Files.copy(run.csvlog(), logDir.resolve("postgresql.csv"));
            Files.copy(run.jsonlog(), logDir.resolve("postgresql.json"));

            JsonNode whole = analyze(List.of(logDir));
            JsonNode one = analyze(List.of(run.csvlog()));
            long executions = one.get("summary").get("executions").asLong();
            assertTrue(executions > 100, "the run logged its statements: " + executions);
            assertEquals(executions, whole.get("summary").get("executions").asLong(), mode + ": " + notes(whole, ""));
            assertEquals(calls(one), calls(whole), mode.name());
            for (Path single : List.of(run.stderr(), run.jsonlog())) {
                assertEquals(calls(one), calls(analyze(List.of(single))), mode + " " + single.getFileName());
            }
            // pg_stat_statements is the oracle for the counts
            Map<String, Long> server = new TreeMap<>();
            run.statements().forEach((sql, n) -> {
                if (sql.stripLeading().toLowerCase(Locale.ROOT).matches("(?s)(select|insert|update|delete|with)\\b.*")) {
                    server.merge(GroupingOracleTest.canonical(sql), n, Long::sum);
                }
            });
            assertEquals(server, tracked(whole), mode.name());
            assertEquals(findings(one, "n-plus-one"), findings(whole, "n-plus-one"), mode.name());
            assertTrue(findings(whole, "n-plus-one") > 0, "the loop is still found");
            // one line for each file that repeated another, naming both and how they were matched
            List<String> said = notes(whole, "same server events");
            assertEquals(2, said.size(), said.toString());
            assertTrue(said.stream().allMatch(s -> s.contains("matched by process id, time to the second")), said.toString());
            assertTrue(said.stream().anyMatch(s -> s.contains("postgresql.log: ") && s.contains("postgresql.csv")), said.toString());
            assertFalse(whole.get("diagnostics").toString().contains("\"inputLost\":true"), whole.get("diagnostics").toString());
        }
    }

    @Test
    void aPgStatStatementsExportGivenWithTheServersLogCountsOnce() throws Exception {
        // expected (written before the run): with the run's pg_stat_statements export beside its log, every statement counts
        // what pg_stat_statements says (not twice that), the loop is found once as from the log alone, and one note names
        // the export and the log and says how they were matched
        PgbenchLogs.RunLogs run = pgbench.run(PgbenchLogs.Script.block, PgbenchLogs.Mode.extended);
        StringBuilder csv = new StringBuilder("query,calls,total_exec_time\n");
        run.statements().forEach((sql, n) -> csv.append('"').append(sql.replace("\"", "\"\"")).append("\",").append(n).append(",1.5\n"));
        Path export = Files.writeString(dir.resolve("pg_stat_statements.csv"), csv);
        Map<String, Long> server = new TreeMap<>();
        run.statements().forEach((sql, n) -> {
            if (sql.stripLeading().toLowerCase(Locale.ROOT).matches("(?s)(select|insert|update|delete|with)\\b.*")) {
                server.merge(GroupingOracleTest.canonical(sql), n, Long::sum);
            }
        });
        for (Path log : List.of(run.stderr(), run.csvlog())) {
            JsonNode alone = analyze(List.of(log));
            JsonNode both = analyze(List.of(export, log));
            assertEquals(server, tracked(both), log.getFileName().toString());
            assertEquals(findings(alone, "n-plus-one"), findings(both, "n-plus-one"), log.getFileName().toString());
            assertTrue(findings(both, "n-plus-one") > 0, "the loop is still found");
            List<String> said = notes(both, "pg_stat_statements rows are statements the logs given with them");
            assertEquals(1, said.size(), both.get("diagnostics").toString());
            assertTrue(said.get(0).startsWith(export.toString() + ": ") && said.get(0).contains(log.toString())
                    && said.get(0).contains("matched by normalized statement"), said.get(0));
        }
        // an export of statements the log does not hold still counts them: nothing is taken away
        Path other = Files.writeString(dir.resolve("other.csv"), "query,calls,total_exec_time\n\"select 42 from nowhere\",7,1.0\n");
        JsonNode both = analyze(List.of(other, run.csvlog()));
        long otherCalls = 0;
        for (JsonNode st : both.get("statements")) {
            otherCalls += st.get("sql").asText().contains("nowhere") ? st.get("calls").asLong() : 0;
        }
        assertEquals(7, otherCalls);
        assertEquals(List.of(), notes(both, "pg_stat_statements rows are statements"));
    }

    @Test
    void aStderrLogWithWholeSecondTimestampsStillMatchesItsCsvlog() throws Exception {
        PgbenchLogs.RunLogs run = pgbench.run(PgbenchLogs.Script.inserts, PgbenchLogs.Mode.extended);
        // the same lines as log_line_prefix '%t [%p] %q%u@%d ' writes them: the time without milliseconds
        Path seconds = dir.resolve("seconds.log");
        Files.writeString(seconds, Files.readString(run.stderr())
                .replaceAll("(?m)^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d)\\.\\d{3} ", "$1 "));
        JsonNode one = analyze(List.of(run.csvlog()));
        JsonNode both = analyze(List.of(seconds, run.csvlog()));
        assertEquals(one.get("summary").get("executions").asLong(), both.get("summary").get("executions").asLong(),
                notes(both, "").toString());
        assertEquals(calls(one), calls(both));
        assertEquals(1, notes(both, "same server events").size());
    }

    @Test
    void anOrmLogWithTheServerLogOfTheSameRunCountsOnce() throws Exception {
        for (String name : List.of("django", "sqlalchemy-echo", "typeorm")) {
            Path orm = ORM_LOGS.resolve(name + ".log");
            Path server = ORM_LOGS.resolve(name + ".server.csv");
            JsonNode serverOnly = analyze(List.of(server));
            JsonNode both = analyze(List.of(orm, server));
            Map<String, Long> expected = calls(serverOnly);
            if (name.equals("typeorm")) {
                // the statement that failed: the server logs an error, not an execution; TypeORM's log has it, once
                JsonNode failed = analyze(List.of(orm)).get("statements");
                for (JsonNode s : failed) {
                    if (s.get("sql").asText().contains("no_such_column")) {
                        expected.put(s.get("fingerprint").asText(), 1L);
                    }
                }
            }
            assertEquals(expected, calls(both), name + ": " + notes(both, ""));
            List<String> said = notes(both, "a log of the same run as");
            assertEquals(1, said.size(), name + ": " + said);
            assertTrue(said.get(0).startsWith(orm.toString()), said.get(0));
            // the report lists the inputs as given, not in the order they were read
            assertEquals(orm.toString(), both.get("inputs").get(0).get("file").asText());
        }
        // a log of another run is not the same run: everything in both counts
        Path django = ORM_LOGS.resolve("django.log");
        Path otherRun = ORM_LOGS.resolve("typeorm.server.csv");
        long separate = analyze(List.of(django)).get("summary").get("executions").asLong()
                + analyze(List.of(otherRun)).get("summary").get("executions").asLong();
        JsonNode unrelated = analyze(List.of(django, otherRun));
        assertEquals(separate, unrelated.get("summary").get("executions").asLong());
        assertEquals(List.of(), notes(unrelated, "same run"));
    }

    /**
     * Logs nobody here developed the matching with: samples/orms (another engineer's six ORM
     * applications, each captured with three log_line_prefix settings, two of them whole seconds).
     * Given the three server logs and the ORM's log of a run, every statement counts as in the
     * csvlog alone, plus only those the ORM logged and the server did not.
     */
    @Test
    void theOrmSamplesCountEachStatementOnce() throws Exception {
        Path samples = Path.of("..", "samples", "orms");
        for (String app : List.of("django", "sqlalchemy", "sequelize", "typeorm", "knex", "drizzle")) {
            for (String prefix : List.of("m-pid-user-db", "t-pgbadger", "t-line")) {
                Path run = samples.resolve(app).resolve("logs").resolve(prefix);
                Path csv = run.resolve("postgresql.csv.gz");
                Map<String, Long> server = calls(analyze(List.of(csv)));
                Map<String, Long> orm = calls(analyze(List.of(run.resolve("orm.log"))));
                JsonNode all = analyze(List.of(run.resolve("postgresql.log.gz"), csv, run.resolve("postgresql.json.gz"), run.resolve("orm.log")));
                Map<String, Long> expected = new TreeMap<>(server);
                orm.forEach((fingerprint, n) -> expected.putIfAbsent(fingerprint, n));
                assertEquals(expected, calls(all), app + " " + prefix + ": " + notes(all, ""));
                assertEquals(3, notes(all, "same").size(), app + " " + prefix + ": " + notes(all, ""));
                assertFalse(all.get("diagnostics").toString().contains("\"inputLost\":true"), app + " " + prefix);
            }
        }
    }
}
