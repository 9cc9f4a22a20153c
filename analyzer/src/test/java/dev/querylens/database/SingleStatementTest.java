package dev.querylens.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The lexical wall: what may be sent as one plannable statement, and what never is. */
class SingleStatementTest {
    @Test
    void oneStatementWhateverHidesInStringsCommentsAndQuotes() {
        for (String sql : List.of(
                "select 1",
                "select 1;",
                "select 1;  -- trailing comment; with a semicolon",
                "select ';' as semi",
                "select 'it''s; fine'",
                "select E'\\'; delete from t' as escaped",
                "select $$;$$",
                "select $tag$ ; $$ ; $tag$",
                "select \"a;b\" from t",
                "select 1 /* ; /* nested ; */ ; */",
                "  (select 1) union (select 2)",
                "with x as (select 1) select * from x",
                "insert into t values ($1, $2)",
                "update t set a = $1 where id = $2",
                "delete from t where id = $1",
                "values (1), (2)",
                "table t",
                "merge into t using s on t.id = s.id when matched then do nothing")) {
            SingleStatement.Result r = SingleStatement.of(sql);
            assertNotNull(r.statement(), sql + ": " + r.refusal());
            assertEquals(-1, r.statement().sql().indexOf(";", r.statement().sql().length() - 1), "no trailing semicolon is sent: " + sql);
        }
    }

    @Test
    void moreThanOneStatementOrAnyUtilityIsRefused() {
        for (String sql : List.of(
                "select 1; delete from t",
                "select 1 /* ; */ ; delete from t",
                "select $$;$$; delete from t",
                "select E'\\';'; delete from t",
                "select ';' ; drop table t",
                "select 1 -- ;\n; update t set a = 1",
                "select 1;;",
                "select 'unterminated",
                "select $$ unterminated",
                "select /* unterminated",
                "select \"unterminated",
                "copy (select 1) to program 'touch x'",
                "set statement_timeout = 0",
                "commit",
                "begin read write",
                "drop table t",
                "do $$ begin delete from t; end $$",
                "call p()",
                "explain analyze delete from t",
                "prepare p as delete from t",
                "execute p",
                "select 1\0; delete from t",
                "",
                "   -- only a comment")) {
            SingleStatement.Result r = SingleStatement.of(sql);
            assertNull(r.statement(), "sent: " + sql);
            assertNotNull(r.refusal());
            assertEquals(-1, r.refusal().indexOf("delete"), "the refusal names no part of the text: " + r.refusal());
        }
    }

    @Test
    void aRefusalNamesOnlyPostgresqlsOwnWords() {
        assertEquals("only SELECT, VALUES, TABLE, WITH, INSERT, UPDATE, DELETE and MERGE are planned; this statement is another kind",
                SingleStatement.of("hunter2 secret").refusal());
        assertEquals(true, SingleStatement.of("copy t to program 'x'").refusal().endsWith("(COPY)"));
    }

    @Test
    void readsAreToldFromWrites() {
        assertEquals(true, SingleStatement.of("select * from t where id = $1").statement().isRead());
        assertEquals(true, SingleStatement.of("with x as (select 1) select * from x").statement().isRead());
        assertEquals(false, SingleStatement.of("with d as (delete from t returning *) select * from d").statement().isRead());
        assertEquals(false, SingleStatement.of("select * into t2 from t").statement().isRead());
        assertEquals(false, SingleStatement.of("select * from t for update").statement().isRead());
        assertEquals(false, SingleStatement.of("update t set a = 1").statement().isRead());
    }
}
