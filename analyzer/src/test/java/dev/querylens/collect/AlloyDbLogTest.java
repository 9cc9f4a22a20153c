package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AlloyDB for PostgreSQL's server log as Cloud Logging exports it: the sample's real PostgreSQL 15
 * run wrapped as AlloyDB's entries (AlloyDbWrapping, whose sources are
 * https://github.com/darold/pgbadger/issues/762, https://github.com/pganalyze/collector/issues/272
 * and https://cloud.google.com/bigquery/docs/alloydb-federated-queries) must read as its stderr
 * log, with AlloyDB's "[file.c:line]  " peeled from the messages.
 */
class AlloyDbLogTest {
    @TempDir
    Path dir;

    private LogFormatsTest.Read write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return LogFormatsTest.read(p);
    }

    @Test
    void theSampleRunAsAlloyDbEntriesReadsAsItsStderrLog() throws IOException {
        LogFormatsTest.Read plain = LogFormatsTest.read(Samples.STDERR_LOG);
        List<String> entries = AlloyDbWrapping.entries(Files.readString(Samples.STDERR_LOG));
        assertTrue(entries.get(0).contains("alloydb.googleapis.com%2Fpostgres.log"));
        assertTrue(entries.stream().anyMatch(e -> e.contains("LOG:  [postgres.c:1322]  duration: ")), "the shape under test");
        LogFormatsTest.Read lines = write("alloydb.json", String.join("\n", entries) + "\n");
        LogFormatsTest.Read array = write("downloaded-logs.json", "[\n  " + String.join(",\n  ", entries) + "\n]\n");
        for (LogFormatsTest.Read r : List.of(lines, array)) {
            assertEquals(SourceKind.CLOUD_SQL, r.kind());
            ManagedLogExportsTest.assertSameRun(plain, r);
            assertTrue(r.diagnostics().stream().anyMatch(d -> d.message().contains("'%m [%p]: [%l-1] db=%d,user=%u '")),
                    r.diagnostics().toString());
        }
    }

    @Test
    void committedSampleIsTheWrappingOfTheRealRun() throws IOException {
        String expected = String.join("\n", AlloyDbWrapping.entries(Files.readString(Samples.STDERR_LOG))) + "\n";
        Path p = Samples.ROOT.resolve("formats/taskboard-alloydb.json");
        if (Boolean.getBoolean("samples.write")) {
            Files.writeString(p, expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, Files.readString(p), "formats/taskboard-alloydb.json (regenerate with -Dsamples.write=true)");
        ManagedLogExportsTest.assertSameRun(LogFormatsTest.read(Samples.STDERR_LOG), LogFormatsTest.read(p));
    }

    /** An entry in the shape of pgBadger issue #762's and pganalyze collector issue #272's (statements written here). */
    private static String entry(String resourceType, String logName, String payload) {
        return "{\"textPayload\":\"" + payload.replace("\"", "\\\"").replace("\n", "\\n") + "\",\"insertId\":\"s=1;i=2\",\"resource\":{\"type\":\""
                + resourceType + "\",\"labels\":{\"instance_id\":\"i1\",\"cluster_id\":\"c1\"}},\"timestamp\":\"2022-12-16T04:00:17.448988Z\","
                + "\"severity\":\"INFO\",\"logName\":\"projects/p/logs/" + logName + "\"}";
    }

    @Test
    void sourceLocationIsPeeledOnlyFromAlloyDbEntries() throws IOException {
        String[] payloads = {
            "2022-05-20 05:39:01.827 UTC [2081]: [135-1] db=,user= LOG:  [g_vacuum.c:851]  Autovacuum worker memory: 65536(kb)",
            "2022-12-16 04:00:17.440 UTC [1598973]: [1-1] db=bsc,user=app LOG:  [postgres.c:1322]  duration: 2.500 ms  statement: "
                    + "select count(*) from transactions where account_id = 7",
            // a multi-line statement in one entry, its later lines as Google's federated-queries page shows them
            "2022-12-16 04:00:30.100 UTC [3210064]: [4-1] db=bsc,user=app LOG:  [postgres.c:1322]  duration: 1.250 ms  statement: "
                    + "SELECT 1 FROM (SELECT FROM company_name_table) t;\n/* Federated query from BigQuery.\nProject ID: p1, "
                    + "BigQuery Job ID: j1\n*/",
            "2022-12-16 04:00:37.721 UTC [1598979]: [13-1] db=bsc,user=app ERROR:  [nbtinsert.c:671]  duplicate key value violates "
                    + "unique constraint \"transactions_pkey\"",
            "2022-12-16 04:00:37.721 UTC [1598979]: [14-1] db=bsc,user=app STATEMENT:  insert into transactions values (1)"};
        StringBuilder alloy = new StringBuilder();
        StringBuilder cloudSql = new StringBuilder();
        for (String p : payloads) {
            alloy.append(entry("alloydb.googleapis.com/Instance", "alloydb.googleapis.com%2Fpostgres.log", p)).append('\n');
            cloudSql.append(entry("cloudsql_database", "cloudsql.googleapis.com%2Fpostgres.log", p)).append('\n');
        }
        LogFormatsTest.Read r = write("alloydb-shapes.json", alloy.toString());
        assertEquals(SourceKind.CLOUD_SQL, r.kind());
        assertEquals(List.of(), r.diagnostics().stream().filter(Diagnostic::inputLost).toList());
        List<Execution> durations = r.executions().stream().filter(e -> !Double.isNaN(e.durationMs())).toList();
        assertEquals(2, durations.size(), r.executions().toString());
        assertEquals(2.5, durations.get(0).durationMs(), 1e-9);
        assertEquals(1.25, durations.get(1).durationMs(), 1e-9);
        assertTrue(durations.get(1).sql().contains("company_name_table"), durations.get(1).sql());
        assertTrue(durations.get(0).sql().startsWith("select count(*) from transactions where account_id = "), durations.get(0).sql());
        // the same text from a Cloud SQL entry is a message of its own, not a duration to read
        LogFormatsTest.Read other = write("cloudsql-shapes.json", cloudSql.toString());
        assertEquals(0, other.executions().stream().filter(e -> !Double.isNaN(e.durationMs())).count());
        assertTrue(other.diagnostics().stream().anyMatch(Diagnostic::inputLost), "the untabbed lines are not a Cloud SQL line");
    }
}
