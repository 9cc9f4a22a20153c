package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * pgBadger's own log fixtures (corpus/logs/pgbadger, PROVENANCE.md), read without any flag: each is
 * detected as what it is, no line is lost, and the executions read equal the statements the
 * fixture holds. The counts were taken with grep on each fixture before QueryLens read it (the
 * commands are in PROVENANCE.md); none was taken from QueryLens's output.
 */
class PgBadgerFixturesTest {
    private static final Path DIR = ManagedLogFormatsTest.PGBADGER;

    /** fixture -> (kind, statements counted with grep) */
    private static final Map<String, Object[]> EXPECTED = Map.of(
            "postgresql_param_range.log", new Object[] {SourceKind.STDERR_LOG, 3},
            "tempfile_only.log.gz", new Object[] {SourceKind.STDERR_LOG, 65},
            "queryid.log.gz", new Object[] {SourceKind.STDERR_LOG, 20},
            "stmt_type.log", new Object[] {SourceKind.STDERR_LOG, 12},
            "csv_statement_without_duration.log", new Object[] {SourceKind.CSV_LOG, 2},
            "anonymize.log", new Object[] {SourceKind.CSV_LOG, 5},
            "weeknumber.log", new Object[] {SourceKind.CSV_LOG, 6},
            "begin_end.log", new Object[] {SourceKind.STDERR_LOG, 0});

    @Test
    void everyFixtureIsReadWithoutFlagsAndItsStatementsCounted() {
        for (Map.Entry<String, Object[]> e : EXPECTED.entrySet()) {
            LogFormatsTest.Read r = LogFormatsTest.read(DIR.resolve(e.getKey()));
            assertEquals(e.getValue()[0], r.kind(), e.getKey());
            assertEquals(List.of(), r.diagnostics().stream().filter(Diagnostic::inputLost).toList(), e.getKey());
            // connection and disconnection lines are markers, not executions
            assertEquals(e.getValue()[1], (int) r.executions().stream().filter(x -> x.connection() == null).count(), e.getKey());
        }
    }

    @Test
    void pgBadgersDocumentedPrefixesAreWorkedOutFromTheLines() {
        // the prefixes pgBadger's README tells users to set; the two fixtures that use them say which one they were written with
        LogFormatsTest.Read range = LogFormatsTest.read(DIR.resolve("postgresql_param_range.log"));
        assertTrue(range.diagnostics().stream().anyMatch(d -> d.message().contains("'%t [%p]: %q[%l-1] [%x] usr=%u,db=%d,appli=%a '")),
                range.diagnostics().toString());
        // the session is the process id, the user and database come from usr= and db=
        assertEquals(List.of("130096", "2052", "115852"), range.executions().stream().map(Execution::session).toList());
        // begin_end.log ('%t [%p]: db=%d,user=%u,app=%a,client=%h ', in the common list) has only connection lines: all read
        LogFormatsTest.Read beginEnd = LogFormatsTest.read(DIR.resolve("begin_end.log"));
        assertEquals(24, beginEnd.executions().size());
        LogFormatsTest.Read temp = LogFormatsTest.read(DIR.resolve("tempfile_only.log.gz"));
        assertTrue(temp.diagnostics().stream().anyMatch(d -> d.message().contains("'%t [%p]: %q[%l-1] user=%u,db=%d '")),
                temp.diagnostics().toString());
    }

    @Test
    void continuationLinesWhoseTabBecameSpacesStayInTheirStatement() {
        LogFormatsTest.Read r = LogFormatsTest.read(DIR.resolve("queryid.log.gz"));
        // line 25's statement goes on over line 26 ("        LIMIT 1000"): the text is one statement
        assertTrue(r.executions().stream().anyMatch(e -> e.sql().contains("pg_catalog.lower(name)") && e.sql().contains("\nLIMIT 1000")),
                r.executions().stream().map(Execution::sql).toList().toString());
        assertTrue(r.diagnostics().stream().anyMatch(d -> d.message().startsWith("5 continuation line(s) start with spaces")));
    }

    private static final java.nio.file.Path BEATS = java.nio.file.Path.of("src/test/resources/corpus/logs/beats");

    /**
     * Filebeat's PostgreSQL module fixtures (corpus/logs/beats, PROVENANCE.md): stderr logs of PostgreSQL 9.6 to 11 written
     * with other prefixes than pgBadger's ({@code %m [%p] %q%u@%d }, {@code %t [%p-%l] %q%u@%d } with time zones changing
     * mid-file, {@code %m [%p] } with log_error_verbosity = verbose, so a SQLSTATE after the level and LOCATION lines).
     * Read without flags, nothing lost, and the executions equal the statement lines counted with grep beforehand
     * (a {@code parse} step is no execution; its {@code execute} is).
     */
    @Test
    void filebeatsFixturesAreReadWithoutFlagsAndTheirStatementsCounted() {
        Map<String, Integer> statements = Map.of(
                "postgresql-9.6-debian-with-slowlog.log", 11,
                "postgresql-11.4.log", 3,
                "postgresql-9.6-multi-core.log", 1,
                "postgresql-query-steps-slowlog.log", 1);
        for (Map.Entry<String, Integer> e : statements.entrySet()) {
            LogFormatsTest.Read r = LogFormatsTest.read(BEATS.resolve(e.getKey()));
            assertEquals(SourceKind.STDERR_LOG, r.kind(), e.getKey());
            assertEquals(List.of(), r.diagnostics().stream().filter(Diagnostic::inputLost).toList(), e.getKey());
            assertEquals(e.getValue(), (int) r.executions().stream().filter(x -> x.connection() == null).count(),
                    e.getKey() + ": " + r.executions().stream().map(Execution::sql).toList());
        }
        // the statement text goes on over its tab-indented lines; the duration on the line is the execution's
        LogFormatsTest.Read debian = LogFormatsTest.read(BEATS.resolve("postgresql-9.6-debian-with-slowlog.log"));
        Execution first = debian.executions().stream().filter(x -> x.connection() == null).findFirst().orElseThrow();
        assertTrue(first.sql().startsWith("SELECT d.datname as \"Name\"") && first.sql().endsWith("ORDER BY 1;"), first.sql());
        assertEquals(37.118, first.durationMs(), 1e-9);
        // verbose errors: the SQLSTATE is no part of the statement
        LogFormatsTest.Read verbose = LogFormatsTest.read(BEATS.resolve("postgresql-11.4.log"));
        assertEquals(List.of("show config_filel;", "show config_file;", "SELECT * FROM pg_catalog.pg_tables;"),
                verbose.executions().stream().filter(x -> x.connection() == null).map(Execution::sql).toList());
    }
}
