package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SqlScriptTest {
    @Test
    void splitsAtTopLevelSemicolonsAndKeepsStartLines() {
        String script = """
                -- header comment; not a statement
                SELECT 1;

                /* block ; comment */ SELECT 'a;b'
                  FROM t;
                SELECT "odd;name" FROM t; SELECT 3
                """;
        List<SqlStatementText> st = SqlScript.split(script);
        assertEquals(4, st.size());
        assertEquals("SELECT 1", st.get(0).sql());
        assertEquals(2, st.get(0).line());
        assertEquals("SELECT 'a;b'\n  FROM t", st.get(1).sql());
        assertEquals(4, st.get(1).line());
        assertEquals(6, st.get(2).line());
        assertEquals("SELECT 3", st.get(3).sql());
        assertEquals(6, st.get(3).line());
    }

    @Test
    void dollarQuotedBodiesAndEscapedStringsHideSemicolons() {
        String script = """
                CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $body$
                BEGIN
                  PERFORM 1; RETURN 2;
                END $body$;
                SELECT E'it\\'s; fine', 'doubled '' quote;';
                DO $$ BEGIN NULL; END $$;
                """;
        List<SqlStatementText> st = SqlScript.split(script);
        assertEquals(3, st.size(), st.toString());
        assertTrue(st.get(0).sql().endsWith("END $body$"));
        assertEquals(5, st.get(1).line());
        assertEquals(6, st.get(2).line());
    }

    /**
     * graphile/starter's first migration: a COMMENT whose E'...' text ends in a period, then a function whose body quotes
     * '($1.'. The E prefix is a letter, and the quote after it was taken for part of a name: the string's closing quote
     * opened one, and every statement after it was read inside out (bodies as statements, SELECT INTO as CREATE TABLE AS).
     */
    @Test
    void prefixedStringsOpenWhereverTheirTextEnds() {
        String script = """
                comment on function app_private.tg__add_job() is
                  E'Useful shortcut. The record id will be available on the JSON payload.';
                create function app_private.tg__add_audit_job() returns trigger as $$
                begin
                  execute 'select ($1.' || quote_ident(v_user_id_attribute) || ')::uuid' into v_user_id;
                  return NEW;
                end;
                $$ language plpgsql;
                select B'1010.', X'ff', N'x;', e'a\\'b;', 1;
                """;
        List<SqlStatementText> st = SqlScript.split(script);
        assertEquals(3, st.size(), st.toString());
        assertTrue(st.get(1).sql().startsWith("create function") && st.get(1).sql().endsWith("language plpgsql"), st.toString());
        assertEquals("select B'1010.', X'ff', N'x;', e'a\\'b;', 1", st.get(2).sql());
        assertEquals(List.of("select E'a.'", "select 'b;c'", "select 2"), SimpleQueryStatements.of("select E'a.'; select 'b;c'; select 2"));
    }

    @Test
    void drizzleBreakpointsSeparateStatementsEvenWithoutSemicolons() {
        String script = "CREATE TABLE a (id int)\n--> statement-breakpoint\nCREATE TABLE b (id int);--> statement-breakpoint\nCREATE INDEX i ON b (id);";
        List<SqlStatementText> st = SqlScript.split(script);
        assertEquals(List.of("CREATE TABLE a (id int)", "CREATE TABLE b (id int)", "CREATE INDEX i ON b (id)"),
                st.stream().map(SqlStatementText::sql).toList());
        assertEquals(List.of(1, 3, 4), st.stream().map(SqlStatementText::line).toList());
    }

    @Test
    void suppressionsApplyToTheStatementBelowOrOnTheSameLine() {
        String script = """
                -- querylens:ignore missing-index nightly job
                SELECT * FROM a WHERE x = 1;
                SELECT * FROM b WHERE y = 2; -- querylens:ignore n-plus-one
                SELECT * FROM c;
                """;
        List<SqlStatementText> st = SqlScript.split(script);
        assertEquals(Set.of("missing-index"), st.get(0).suppressed());
        assertEquals(Set.of("n-plus-one"), st.get(1).suppressed());
        assertEquals(Set.of(), st.get(2).suppressed());
    }

    @Test
    void unterminatedStringDoesNotLoseTheStatement() {
        List<SqlStatementText> st = SqlScript.split("SELECT 1;\nSELECT 'never closed;\n");
        assertEquals(2, st.size());
        assertEquals(2, st.get(1).line());
    }

    /**
     * OpenFGA's 001_initialize_schema.sql (corpus/schemas/goose-openfga): goose applies the statements after
     * {@code -- +goose Up}; the five DROP TABLEs after {@code -- +goose Down} run only on {@code goose down}.
     */
    @Test
    void aGooseFilesDownSectionIsNotAmongItsStatements() throws Exception {
        String text = java.nio.file.Files.readString(java.nio.file.Path.of(
                "src/test/resources/corpus/schemas/goose-openfga/assets/migrations/postgres/001_initialize_schema.sql"));
        List<SqlScript.DownSection> down = new java.util.ArrayList<>();
        List<SqlStatementText> st = SqlScript.split(text, u -> { }, down::add);
        assertEquals(8, st.size()); // five CREATE TABLE, three CREATE INDEX
        assertTrue(st.stream().noneMatch(s -> s.sql().startsWith("DROP")), st.toString());
        assertEquals(List.of(new SqlScript.DownSection(53, "-- +goose Down", 5)), down);
        // the statements keep their lines in the file
        assertEquals(2, st.get(0).line());
    }

    @Test
    void dbmateSectionsAndAStatementEndingAtTheAnnotationWithoutASemicolon() {
        String text = "-- migrate:up\nCREATE TABLE a (id int)\n-- migrate:down\nDROP TABLE a;\n";
        List<SqlScript.DownSection> down = new java.util.ArrayList<>();
        List<SqlStatementText> st = SqlScript.split(text, u -> { }, down::add);
        assertEquals(List.of("CREATE TABLE a (id int)"), st.stream().map(SqlStatementText::sql).toList());
        assertEquals(List.of(new SqlScript.DownSection(3, "-- migrate:down", 1)), down);
        // goose's annotations in lower case (goose v3 reads them in any case), Up after Down switches back
        List<SqlStatementText> mixed = SqlScript.split("-- +goose down\nDROP TABLE a;\n-- +goose up\nCREATE TABLE a (id int);\n");
        assertEquals(List.of("CREATE TABLE a (id int)"), mixed.stream().map(SqlStatementText::sql).toList());
        // a comment that only mentions the word is no annotation
        assertEquals(2, SqlScript.split("-- the migrate:down step is manual\nSELECT 1;\nSELECT 2;\n").size());
    }
}
