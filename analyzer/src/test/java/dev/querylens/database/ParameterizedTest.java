package dev.querylens.database;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which literals become parameters. The server is the oracle for whether the result still parses
 * and plans the same (HostileFunctionsTest compares costs); this pins the cases where turning a
 * literal into $n would change the statement's meaning or break it.
 */
class ParameterizedTest {
    private static Parameterized of(String sql) {
        return Parameterized.of(SingleStatement.of(sql).statement());
    }

    @Test
    void valuesBecomeParametersWithTheTypesTheLexerWouldGiveThem() {
        Parameterized p = of("select * from t where a = 'x''y' and b > 42 and c < 3000000000 and d = 1.5e3 and e = 99999999999999999999");
        assertEquals("select * from t where a = $1 and b > $2 and c < $3 and d = $4 and e = $5", p.sql());
        assertEquals(List.of("unknown", "integer", "bigint", "numeric", "numeric"), p.types());
        assertEquals(Arrays.asList("x'y", "42", "3000000000", "1.5e3", "99999999999999999999"), p.values());
        assertEquals("('x''y', '42', '3000000000', '1.5e3', '99999999999999999999')", p.executeArguments());
    }

    @Test
    void aStatementWithParametersOfItsOwnKeepsItsLiteralsForItsGenericPlan() {
        Parameterized p = of("select * from t where a = $2 and b = 'v' and c = $1 and d = '$3' limit 20");
        assertEquals("select * from t where a = $2 and b = 'v' and c = $1 and d = '$3' limit 20", p.sql());
        assertEquals(Arrays.asList(null, null), p.values());
        assertEquals(List.of("unknown", "unknown"), p.types());
        assertEquals("(NULL, NULL)", p.executeArguments());
        assertEquals("select * from t where a = $1", of("select * from t where a = '$3'").sql());
    }

    @Test
    void positionsTypeModifiersAndTypedLiteralsStayAsWritten() {
        assertEquals("select a, count(*) from t where b = $1 group by 1 order by 2 desc, 1 limit $2",
                of("select a, count(*) from t where b = 5 group by 1 order by 2 desc, 1 limit 10").sql());
        assertEquals("select a::numeric(10, 2), cast(b as character varying(20)), c::varchar(3) from t where d = $1",
                of("select a::numeric(10, 2), cast(b as character varying(20)), c::varchar(3) from t where d = 7").sql());
        assertEquals("select * from t where d > date '2025-01-01' and e < now() - interval '3 days' and f = timestamp with time zone '2025-01-01'",
                of("select * from t where d > date '2025-01-01' and e < now() - interval '3 days' and f = timestamp with time zone '2025-01-01'").sql());
        assertEquals("select * from t where a = E'x\\'' and b = $$y$$ and c = B'101' and d = U&'z' and e at time zone $1 = $2",
                of("select * from t where a = E'x\\'' and b = $$y$$ and c = B'101' and d = U&'z' and e at time zone 'UTC' = 'w'").sql());
        assertEquals("select x1, t2.c3 from t2 order by x1 + $1", of("select x1, t2.c3 from t2 order by x1 + 1").sql());
        assertEquals("with w as materialized (select $1 as a) select * from w", of("with w as materialized (select 1 as a) select * from w").sql());
    }

    @Test
    void commentsAndQuotedNamesAreNotValues() {
        assertEquals("select \"it's 1\" /* 'no' 2 */ from t -- '3'\n where a = $1",
                of("select \"it's 1\" /* 'no' 2 */ from t -- '3'\n where a = 'yes'").sql());
    }
}
