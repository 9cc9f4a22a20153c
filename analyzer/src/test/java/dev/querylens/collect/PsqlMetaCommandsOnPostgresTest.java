package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.advisor.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * psql as the oracle for a script with psql meta-commands (pgTAP tests, sqitch scripts, dumps set
 * them): the statements QueryLens reads from the file are the ones psql sends to the server
 * ({@code --echo-queries}), and a quote or {@code $$} in a meta-command's arguments opens nothing, nor
 * does one in the rows that follow {@code COPY ... FROM stdin} (as pg_dump writes them).
 */
class PsqlMetaCommandsOnPostgresTest {
    private static final String SCRIPT = """
            \\set ON_ERROR_STOP on
            \\set note 'it''s $$ not a body'
            \\pset format unaligned
            CREATE TABLE t (id int);
            SELECT count(*) AS n FROM t \\gset
            INSERT INTO t VALUES (1);
            SELECT 'a;b' AS x
            \\g
            -- a comment between statements
            CREATE FUNCTION f() RETURNS int AS $$ BEGIN RETURN 1; END; $$ LANGUAGE plpgsql;
            \\unset note
            SELECT f();
            CREATE TABLE items (id integer NOT NULL, title text);
            COPY items (id, title) FROM stdin;
            1\tfirst; item
            2\tit's second
            \\.
            ALTER TABLE ONLY items ADD CONSTRAINT items_pkey PRIMARY KEY (id);
            SELECT count(*) FROM items;
            """;

    @TempDir
    Path dir;

    @Test
    void theStatementsReadAreTheOnesPsqlSends() throws Exception {
        Path file = Files.writeString(dir.resolve("script.sql"), SCRIPT);
        List<String> sent;
        try (PostgresServer pg = PostgresServer.start()) {
            Process p = new ProcessBuilder(PostgresServer.BIN.resolve("psql").toString(), "-X", "-q", "-h", "127.0.0.1",
                    "-p", String.valueOf(pg.port), "-U", "postgres", "-d", "postgres", "--echo-queries", "-o", "/dev/null",
                    "-f", file.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), "psql ran the whole script: " + out);
            sent = out.lines().map(PsqlMetaCommandsOnPostgresTest::normalized).filter(s -> !s.isEmpty()).toList();
        }
        List<String> read = new ArrayList<>();
        List<SqlScript.Unclosed> unclosed = new ArrayList<>();
        SqlScript.split(SCRIPT, unclosed::add).forEach(st -> read.add(normalized(st.sql())));
        assertEquals(List.of(), unclosed);
        assertEquals(10, sent.size(), sent.toString());
        assertEquals(sent, read);
    }

    private static String normalized(String sql) {
        String s = sql.replaceAll("\\s+", " ").strip();
        return s.endsWith(";") ? s.substring(0, s.length() - 1).strip() : s;
    }
}
