package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.advisor.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A real PostgreSQL 15 writes one stderr log whose log_line_prefix changes three times in the
 * middle (ALTER SYSTEM SET log_line_prefix and pg_reload_conf, as an operator does), through
 * pgBadger's three documented prefixes. Read without --log-line-prefix, every execution must be
 * read: per phase, the executions QueryLens reads equal the calls pg_stat_statements counted for
 * the same statement, and no line is lost.
 */
class LogLinePrefixOnPostgresTest {
    /** pgBadger's documented prefixes (its README, "POSTGRESQL CONFIGURATION"), in the order the run switches to them. */
    static final List<String> PREFIXES = List.of(
            "%t [%p]: user=%u,db=%d,app=%a,client=%h ",
            "%t [%p]: [%l-1] user=%u,db=%d ",
            "%t [%p]: [%l-1] [%x] usr=%u,db=%d,appli=%a ");

    @Test
    void everyExecutionIsReadAcrossPrefixChangesAndEqualsPgStatStatementsCalls() throws Exception {
        try (PostgresServer pg = PostgresServer.start("-c shared_preload_libraries=pg_stat_statements -c log_statement=all"
                + " -c pg_stat_statements.track=top")) {
            try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
                s.execute("CREATE EXTENSION pg_stat_statements");
                for (int phase = 0; phase <= PREFIXES.size(); phase++) {
                    s.execute("CREATE TABLE phase_" + phase + " (id bigint PRIMARY KEY, note text)");
                }
                s.execute("SELECT pg_stat_statements_reset()");
            }
            // phase 0 under the server's default prefix ('%m [%p] '), then one phase per pgBadger prefix
            for (int phase = 0; phase <= PREFIXES.size(); phase++) {
                if (phase > 0) {
                    switchPrefix(pg, PREFIXES.get(phase - 1));
                }
                runPhase(pg, phase);
            }
            Map<Integer, Long> calls = new LinkedHashMap<>();
            try (Connection c = pg.connect("postgres"); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT query, calls FROM pg_stat_statements WHERE query ~ 'phase_\\d'")) {
                while (r.next()) {
                    int phase = Integer.parseInt(r.getString(1).replaceAll("(?s).*phase_(\\d).*", "$1"));
                    calls.merge(phase, r.getLong(2), Long::sum);
                }
            }
            Path log = pg.directory().resolve("server.log");
            List<Execution> executions = new ArrayList<>();
            List<Diagnostic> diagnostics = new ArrayList<>();
            SourceKind kind = new InputFiles(null, new com.fasterxml.jackson.databind.ObjectMapper()).read(log, executions::add,
                    diagnostics::add);
            assertEquals(SourceKind.STDERR_LOG, kind);
            assertEquals(List.of(), diagnostics.stream().filter(Diagnostic::inputLost).toList(), "no line lost");
            Map<Integer, Long> read = new LinkedHashMap<>();
            for (Execution e : executions) {
                if (e.connection() == null && e.sql().matches("(?s).*phase_\\d.*") && !e.sql().toLowerCase(java.util.Locale.ROOT).startsWith("create")) {
                    read.merge(Integer.parseInt(e.sql().replaceAll("(?s).*phase_(\\d).*", "$1")), 1L, Long::sum);
                }
            }
            assertEquals(PREFIXES.size() + 1, calls.size(), calls.toString());
            assertEquals(calls, read, "executions read per phase vs pg_stat_statements calls");
            // each switch is said once, where it happens
            long said = diagnostics.stream().filter(d -> d.message().startsWith("log_line_prefix changes here")).count();
            assertEquals(PREFIXES.size(), said, diagnostics.toString());
            // sessions are told apart by the process id every prefix carries: phase 3's two connections are two sessions
            List<Execution> phase3 = executions.stream().filter(e -> e.connection() == null && e.sql().contains("phase_3")
                    && !e.sql().startsWith("CREATE")).toList();
            assertEquals(2, phase3.stream().map(Execution::session).distinct().count(),
                    phase3.stream().map(e -> e.session() + " " + e.location()).toList().toString());
        }
    }

    /**
     * log_error_verbosity = verbose (Filebeat's postgresql-11.4.log fixture showed it: "LOG:  00000: statement: ...",
     * then a LOCATION line): the same phase of simple and extended-protocol statements, read without flags, gives as
     * many executions as pg_stat_statements counted calls, and nothing is lost.
     */
    @Test
    void verboseErrorMessagesAreReadAsTheTerseOnesAre() throws Exception {
        try (PostgresServer pg = PostgresServer.start("-c shared_preload_libraries=pg_stat_statements -c log_statement=all"
                + " -c pg_stat_statements.track=top -c log_error_verbosity=verbose")) {
            try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
                s.execute("CREATE EXTENSION pg_stat_statements");
                s.execute("CREATE TABLE phase_0 (id bigint PRIMARY KEY, note text)");
                s.execute("SELECT pg_stat_statements_reset()");
            }
            runPhase(pg, 0);
            long calls;
            // the pattern is written so this query's own text does not name phase_0 (it is logged too)
            try (Connection c = pg.connect("postgres"); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE query ~ 'phase_[0]'")) {
                r.next();
                calls = r.getLong(1);
            }
            Path log = pg.directory().resolve("server.log");
            assertTrue(Files.readString(log).contains("LOG:  00000: "), "the server wrote verbose messages");
            List<Execution> executions = new ArrayList<>();
            List<Diagnostic> diagnostics = new ArrayList<>();
            new InputFiles(null, new com.fasterxml.jackson.databind.ObjectMapper()).read(log, executions::add, diagnostics::add);
            assertEquals(List.of(), diagnostics.stream().filter(Diagnostic::inputLost).toList(), "no line lost");
            long read = executions.stream().filter(e -> e.connection() == null && e.sql().contains("phase_0")
                    && !e.sql().startsWith("CREATE")).count();
            assertTrue(calls > 0, "pg_stat_statements counted the phase");
            assertEquals(calls, read, "executions read vs pg_stat_statements calls");
            assertTrue(executions.stream().noneMatch(e -> e.sql().startsWith("00000")), "no SQLSTATE in a statement");
        }
    }

    /** ALTER SYSTEM and a reload, then wait until a new session sees the new prefix (the postmaster reloads asynchronously). */
    private static void switchPrefix(PostgresServer pg, String prefix) throws Exception {
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET log_line_prefix = " + dev.querylens.sql.Quote.literal(prefix));
            s.execute("SELECT pg_reload_conf()");
        }
        for (int tries = 0; tries < 100; tries++) {
            try (Connection c = pg.connect("postgres"); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SHOW log_line_prefix")) {
                r.next();
                if (r.getString(1).equals(prefix)) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("log_line_prefix never became " + prefix);
    }

    /**
     * Phase k: two sessions with an application name, extended-protocol lookups (execute + parameters),
     * simple-protocol statements spanning lines, and writes in a transaction (so %x is not 0).
     */
    private static void runPhase(PostgresServer pg, int phase) throws Exception {
        String table = "phase_" + phase;
        for (int session = 0; session < 2; session++) {
            try (Connection c = java.sql.DriverManager.getConnection(pg.url("postgres") + "&ApplicationName=querylens-phase-" + phase,
                    "postgres", "")) {
                c.setAutoCommit(false);
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " (id, note) VALUES (?, ?)")) {
                    for (int i = 0; i < 3 + phase; i++) {
                        insert.setLong(1, session * 1000L + i);
                        insert.setString(2, "row " + i);
                        insert.executeUpdate();
                    }
                }
                c.commit();
                c.setAutoCommit(true);
                try (PreparedStatement lookup = c.prepareStatement("SELECT note FROM " + table + " WHERE id = ?")) {
                    for (int i = 0; i < 5 + phase; i++) {
                        lookup.setLong(1, i);
                        lookup.executeQuery().close();
                    }
                }
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT count(*)\nFROM " + table + "\nWHERE note LIKE 'row%'");
                }
            }
        }
    }
}
