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
}
