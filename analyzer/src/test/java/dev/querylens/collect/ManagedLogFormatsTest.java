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
 * Managed and packaged log formats, read without flags. Two kinds of evidence: pgBadger's own
 * fixtures (real exports, see corpus/logs/pgbadger/PROVENANCE.md) with the numbers pgBadger's tests
 * state for them, and the sample's real PostgreSQL 15 run wrapped as each provider does, which
 * must give exactly the statement groups, counts and per-session sequences of its stderr log.
 */
class ManagedLogFormatsTest {
    /** A statement the log records, not a session's end or a connection line (those are markers, not executions). */
    private static boolean isStatement(Execution e) {
        return !e.endsSession() && e.connection() == null;
    }

    static final Path PGBADGER = Path.of("src/test/resources/corpus/logs/pgbadger");

    @TempDir
    Path dir;

    private LogFormatsTest.Read write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return LogFormatsTest.read(p);
    }

    private static java.util.Map<String, Long> counts(LogFormatsTest.Read r) {
        return r.executions().stream().filter(ManagedLogFormatsTest::isStatement)
                .collect(java.util.stream.Collectors.groupingBy(Execution::sql, java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    }

    private static List<Diagnostic> lost(LogFormatsTest.Read r) {
        return r.diagnostics().stream().filter(Diagnostic::inputLost).toList();
    }

    @Test
    void theSampleRunWrappedAsSyslogLogplexAndCloudSqlReadsAsItsStderrLog() throws IOException {
        String stderr = Files.readString(Samples.STDERR_LOG);
        LogFormatsTest.Read plain = LogFormatsTest.read(Samples.STDERR_LOG);
        assertTrue(plain.executions().size() > 300);
        LogFormatsTest.Read syslog = write("postgresql.log", ProviderWrapping.syslog(stderr));
        LogFormatsTest.Read unnumbered = write("unnumbered-syslog.log", ProviderWrapping.syslog(stderr, false));
        assertEquals(SourceKind.SYSLOG, unnumbered.kind());
        LogFormatsTest.Read logplex = write("heroku.log", ProviderWrapping.logplex(stderr));
        List<String> entries = ProviderWrapping.cloudSqlEntries(stderr);
        LogFormatsTest.Read cloudSql = write("cloudsql.json", String.join("\n", entries) + "\n");
        LogFormatsTest.Read cloudSqlArray = write("downloaded-logs.json", "[\n  " + String.join(",\n  ", entries) + "\n]\n");
        LogFormatsTest.Read cloudWatch = write("rds-events.json", ProviderWrapping.cloudWatch(stderr));
        assertEquals(SourceKind.CLOUDWATCH, cloudWatch.kind());
        assertEquals(SourceKind.SYSLOG, syslog.kind());
        assertEquals(SourceKind.LOGPLEX, logplex.kind());
        assertEquals(SourceKind.CLOUD_SQL, cloudSql.kind());
        assertEquals(SourceKind.CLOUD_SQL, cloudSqlArray.kind());
        for (LogFormatsTest.Read r : List.of(syslog, unnumbered, logplex, cloudSql, cloudSqlArray, cloudWatch)) {
            assertEquals(List.of(), lost(r), r.kind().toString());
            assertEquals(plain.counts(), r.counts(), r.kind().toString());
            assertEquals(plain.sequences(), r.sequences(), r.kind().toString());
            assertEquals(plain.executions().stream().filter(e -> e.plan() != null).count(),
                    r.executions().stream().filter(e -> e.plan() != null).count(), "auto_explain plans " + r.kind());
            assertEquals(plain.executions().stream().mapToDouble(Execution::durationMs).filter(d -> !Double.isNaN(d)).sum(),
                    r.executions().stream().mapToDouble(Execution::durationMs).filter(d -> !Double.isNaN(d)).sum(), 1e-6);
        }
        // the report says which prefix was assumed inside the wrapper
        assertTrue(syslog.diagnostics().stream().anyMatch(d -> d.message().contains("'%q%u@%d '")), syslog.diagnostics().toString());
        assertTrue(cloudSql.diagnostics().stream().anyMatch(d -> d.message().contains("'db=%d,user=%u '")), cloudSql.diagnostics().toString());
    }

    @Test
    void theSampleRunAsCloudNativePgReadsAsItsJsonlog() throws IOException {
        LogFormatsTest.Read jsonlog = LogFormatsTest.read(LogFormatsTest.JSON);
        LogFormatsTest.Read cnpg = write("pod.log", ProviderWrapping.cloudNativePg(Files.readString(LogFormatsTest.JSON)));
        assertEquals(SourceKind.CLOUDNATIVEPG, cnpg.kind());
        assertEquals(List.of(), cnpg.diagnostics());
        assertEquals(jsonlog.counts(), cnpg.counts());
        assertEquals(jsonlog.sequences(), cnpg.sequences());
        assertEquals(jsonlog.executions().stream().map(Execution::session).toList(), cnpg.executions().stream().map(Execution::session).toList());
    }

    @Test
    void committedSamplesAreTheWrappingOfTheRealRun() throws IOException {
        String stderr = Files.readString(Samples.STDERR_LOG);
        String[][] expected = {
            {"formats/taskboard-syslog.log", ProviderWrapping.syslog(stderr)},
            {"formats/taskboard-heroku-logplex.log", ProviderWrapping.logplex(stderr)},
            {"formats/taskboard-cloudsql.json", String.join("\n", ProviderWrapping.cloudSqlEntries(stderr)) + "\n"},
            {"formats/taskboard-cloudnativepg.json", ProviderWrapping.cloudNativePg(Files.readString(LogFormatsTest.JSON))}};
        for (String[] e : expected) {
            Path p = Samples.ROOT.resolve(e[0]);
            if (Boolean.getBoolean("samples.write")) {
                Files.writeString(p, e[1], StandardCharsets.UTF_8);
            }
            assertEquals(e[1], Files.readString(p), e[0] + " (regenerate with -Dsamples.write=true)");
        }
    }

    @Test
    void pgBadgerHerokuLogplexFixture() {
        LogFormatsTest.Read r = LogFormatsTest.read(PGBADGER.resolve("logplex.gz"));
        assertEquals(SourceKind.LOGPLEX, r.kind());
        assertEquals(List.of(), lost(r));
        assertEquals(4, r.executions().stream().filter(ManagedLogFormatsTest::isStatement).count());
        // pgBadger's t/03_consistency.t: the CTE duration of the GREEN database is 21761.546 ms
        double cte = r.executions().stream().filter(e -> e.sql().startsWith("WITH")).mapToDouble(Execution::durationMs).sum();
        assertEquals(21761.546, cte, 1e-6);
        // ... and its multi-line statement in the newer logplex form is read whole, once
        List<Execution> multiline = r.executions().stream().filter(e -> e.sql().contains("WHERE missions.checker_id = checkers.id")).toList();
        assertEquals(1, multiline.size());
        assertTrue(multiline.get(0).sql().contains("AND missions.date < NOW()"), multiline.get(0).sql());
        assertEquals(85756.273, multiline.get(0).durationMs(), 1e-6);
    }

    @Test
    void pgBadgerSyslogFixturesBzip2AndGzip() throws IOException {
        LogFormatsTest.Read bz2 = LogFormatsTest.read(PGBADGER.resolve("pg-syslog.1.bz2"));
        LogFormatsTest.Read gz = LogFormatsTest.read(PGBADGER.resolve("pg-syslog.2.gz"));
        assertEquals(SourceKind.SYSLOG, bz2.kind());
        assertEquals(SourceKind.SYSLOG, gz.kind());
        assertEquals(List.of(), lost(bz2));
        // every first chunk that logs a statement or an execute is one execution
        assertEquals(59_871, bz2.executions().stream().filter(ManagedLogFormatsTest::isStatement).count());
        assertEquals(counts(bz2), counts(gz)); // the same server run, rotated with another compressor
        Execution multi = bz2.executions().stream().filter(ManagedLogFormatsTest::isStatement).filter(e -> e.sql().startsWith("SELECT d.datname as \"Name\"")).findFirst().orElseThrow();
        assertTrue(multi.sql().contains("\n       pg_catalog.pg_get_userbyid(d.datdba) as \"Owner\","), multi.sql());
        assertEquals(13.997, multi.durationMs(), 1e-6);
        assertTrue(bz2.diagnostics().stream().anyMatch(d -> d.message().contains("'db=%d,user=%u,app=%a,client=%h '")));
    }

    @Test
    void pgBadgerCloudSqlAndCloudNativePgFixtures() {
        LogFormatsTest.Read cloudSql = LogFormatsTest.read(PGBADGER.resolve("cloudsql.log.gz"));
        assertEquals(SourceKind.CLOUD_SQL, cloudSql.kind());
        assertEquals(List.of(), lost(cloudSql));
        assertEquals(1, cloudSql.executions().stream().filter(ManagedLogFormatsTest::isStatement).count());
        // sessions are told apart by pid: pgBadger counts 151 cloudsqladmin connections; each ends
        long ends = cloudSql.executions().stream().filter(Execution::endsSession).count();
        assertTrue(ends >= 151, "session ends " + ends);
        LogFormatsTest.Read cnpg = LogFormatsTest.read(PGBADGER.resolve("cnpg.log.gz"));
        assertEquals(SourceKind.CLOUDNATIVEPG, cnpg.kind());
        assertEquals(List.of(), cnpg.diagnostics());
        assertEquals(400, cnpg.executions().stream().filter(ManagedLogFormatsTest::isStatement).count());
    }

    @Test
    void pgBadgerStderrFixturesWithTheirPrefixesRecognised() {
        // RDS (%t:%r:%u@%d:[%p]:) from a bzip2 file: pgBadger's t/03_consistency.t has 2.667 ms for this query
        LogFormatsTest.Read rds = LogFormatsTest.read(PGBADGER.resolve("rds.log.bz2"));
        assertEquals(SourceKind.STDERR_LOG, rds.kind());
        double ms = rds.executions().stream().filter(e -> e.sql().equals("SELECT datname FROM pg_database WHERE NOT datistemplate AND datallowconn;"))
                .mapToDouble(Execution::durationMs).sum();
        assertEquals(2.667, ms, 1e-6);
        // pgBadger's t/03_consistency.t: 629 queries in light.postgres.log
        assertEquals(629, LogFormatsTest.read(PGBADGER.resolve("light.postgres.log.bz2")).executions().stream()
                .filter(ManagedLogFormatsTest::isStatement).count());
        LogFormatsTest.Read beginEnd = LogFormatsTest.read(PGBADGER.resolve("begin_end.log"));
        assertEquals(SourceKind.STDERR_LOG, beginEnd.kind());
        assertEquals(List.of(), lost(beginEnd));
        assertTrue(beginEnd.diagnostics().stream().anyMatch(d -> d.message().contains("'%t [%p]: db=%d,user=%u,app=%a,client=%h '")));
        LogFormatsTest.Read multiline = LogFormatsTest.read(PGBADGER.resolve("multiline_param.log"));
        assertEquals(SourceKind.STDERR_LOG, multiline.kind());
        assertEquals(List.of(), lost(multiline));
    }

    @Test
    void damagedWrappedLogsAreDiagnosticsWithLineAndOffsetAndTheRestIsRead() throws IOException {
        String stderr = Files.readString(Samples.STDERR_LOG);
        LogFormatsTest.Read plain = LogFormatsTest.read(Samples.STDERR_LOG);
        long all = plain.executions().stream().filter(ManagedLogFormatsTest::isStatement).count();
        // a line that is no syslog line, in the middle: skipped with its place, everything else read
        String[] lines = ProviderWrapping.syslog(stderr).split("\n", -1);
        int middle = lines.length / 2;
        while (lines[middle].contains("]: [") && !lines[middle].contains("-1] ")) {
            middle++; // a first chunk, so no message loses a continuation
        }
        String damaged = String.join("\n", java.util.Arrays.copyOfRange(lines, 0, middle)) + "\n\u0000garbage user=secret\n"
                + String.join("\n", java.util.Arrays.copyOfRange(lines, middle, lines.length));
        LogFormatsTest.Read syslog = write("damaged-syslog.log", damaged);
        assertEquals(SourceKind.SYSLOG, syslog.kind());
        List<Diagnostic> lost = lost(syslog);
        assertEquals(1, lost.size(), lost.toString());
        assertEquals(middle + 1, lost.get(0).line());
        assertTrue(lost.get(0).offset() > 0);
        assertTrue(!lost.get(0).message().contains("secret"), lost.get(0).message());
        assertEquals(all, syslog.executions().stream().filter(ManagedLogFormatsTest::isStatement).count());
        // a downloaded JSON array cut short: reading stops there, with the line, and keeps what came before
        List<String> entries = ProviderWrapping.cloudSqlEntries(stderr);
        String array = "[\n" + String.join(",\n", entries) + "\n]\n";
        LogFormatsTest.Read cut = write("cut.json", array.substring(0, array.length() / 2));
        assertEquals(SourceKind.CLOUD_SQL, cut.kind());
        assertEquals(1, lost(cut).size(), cut.diagnostics().toString());
        assertTrue(lost(cut).get(0).line() > entries.size() / 3, lost(cut).toString());
        long kept = cut.executions().stream().filter(ManagedLogFormatsTest::isStatement).count();
        assertTrue(kept > all / 3 && kept < all, kept + " of " + all);
    }
}
