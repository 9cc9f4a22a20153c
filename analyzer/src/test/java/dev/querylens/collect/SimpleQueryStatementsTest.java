package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cutting a logged simple Query message into the statements the server ran (and pg_stat_statements counts) apart. */
class SimpleQueryStatementsTest {
    @Test
    void aMessageOfSeveralStatementsIsEachOfThem() {
        assertEquals(List.of("SET client_min_messages TO warning", "SET TIME ZONE INTERVAL '+00:00' HOUR TO MINUTE"),
                SimpleQueryStatements.of("SET client_min_messages TO warning;SET TIME ZONE INTERVAL '+00:00' HOUR TO MINUTE"));
        assertEquals(List.of("BEGIN", "UPDATE t SET a = 1", "COMMIT"), SimpleQueryStatements.of("BEGIN; UPDATE t SET a = 1; COMMIT;"));
    }

    @Test
    void semicolonsInsideStringsNamesBodiesAndCommentsDoNotCut() {
        String one = "SELECT 'a;b', E'c\\';d', \"x;y\", $f$;$f$ /* ; */ -- ;\n FROM t";
        assertEquals(List.of(one), SimpleQueryStatements.of(one));
        assertEquals(List.of("SELECT ';'", "SELECT $$;$$"), SimpleQueryStatements.of("SELECT ';';SELECT $$;$$"));
    }

    @Test
    void beginAtomicInAnyCaseKeepsTheBodyWholeAndOnlyThoseWordsDo() {
        String body = "create function f() returns int language sql Begin ATOMIC select 1; end;";
        assertEquals(List.of(body), SimpleQueryStatements.of(body));
        // a dotted capital I lower-cases to two characters: "begİn" is not BEGIN, so the message is cut
        assertEquals(List.of("create function f() returns int language sql begİn atomic select 1", "end"),
                SimpleQueryStatements.of("create function f() returns int language sql begİn atomic select 1; end;"));
        assertEquals(List.of("begin", "select 1 as atomic", "commit"), SimpleQueryStatements.of("begin; select 1 as atomic; commit"));
    }

    @Test
    void oneStatementStaysAsWritten() {
        assertEquals(List.of("SELECT 1;"), SimpleQueryStatements.of("SELECT 1;"));
        assertEquals(List.of("SELECT 1; -- the end"), SimpleQueryStatements.of("SELECT 1; -- the end"));
        assertEquals(List.of(";;SELECT 1;;"), SimpleQueryStatements.of(";;SELECT 1;;"));
    }

    @Test
    void whatCannotBeCutWithCertaintyStaysWhole() {
        // an SQL-standard routine body has semicolons of its own
        String atomic = "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END; SELECT f()";
        assertEquals(List.of(atomic), SimpleQueryStatements.of(atomic));
        String unclosed = "SELECT 1; SELECT 'never closed; SELECT 2";
        assertEquals(List.of(unclosed), SimpleQueryStatements.of(unclosed));
    }

    @Test
    void executionsShareTheMessagesSessionTimeAndDuration() {
        List<Execution> out = new ArrayList<>();
        var split = SimpleQueryStatements.splitting(out::add);
        SourceLocation at = new SourceLocation("postgresql.log", 7);
        split.accept(new Execution(SourceKind.STDERR_LOG, at, "/*route='/x'*/ SET a TO 1; SET b TO 2", List.of(), "42",
                java.time.Instant.EPOCH, 3.0, null, null));
        assertEquals(List.of("/*route='/x'*/ SET a TO 1", "SET b TO 2"), out.stream().map(Execution::sql).toList());
        assertEquals(List.of("42", "42"), out.stream().map(Execution::session).toList());
        assertEquals(3.0, out.stream().mapToDouble(Execution::durationMs).sum(), 1e-9);
        assertEquals("/x", out.get(1).tags().route(), "the message's tags hold for each of its statements");
        // bound values mean the extended protocol, which carries one statement: never cut
        out.clear();
        split.accept(new Execution(SourceKind.STDERR_LOG, at, "SELECT $1; SELECT 2", List.of("1"), "42", null, 1.0, null, null));
        assertEquals(1, out.size());
    }

    @Test
    void aConstantGluedToAKeywordInPgStatStatementsTextGetsItsSpaceBack() {
        assertEquals("case x when $1 then $2 else $3 end", PgStatStatementsText.unglued("case x when $1 then$2 else$3 end"));
        // a name may end in $n; inside strings and comments nothing changes
        assertEquals("select col$1, 'else$2' from t /* then$3 */", PgStatStatementsText.unglued("select col$1, 'else$2' from t /* then$3 */"));
    }
}
