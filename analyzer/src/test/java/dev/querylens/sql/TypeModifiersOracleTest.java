package dev.querylens.sql;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.advisor.PostgresServer;
import dev.querylens.schema.Catalog;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * pg_stat_statements on PostgreSQL 15 is the oracle for what a type modifier is: the integers in
 * {@code decimal(7,2)} or {@code varchar(10)} are part of the type and stay as written, while the
 * values around them become {@code $n}. QueryLens's normalized text must equal the server's (up to
 * case and spacing, which the server keeps as the first caller wrote them) and still parse: the
 * TPC-DS texts with {@code cast(0 AS decimal(7,2))} were unreadable after normalization (issue #29).
 */
class TypeModifiersOracleTest {
    private static final List<String> STATEMENTS = List.of(
            "select cast(0 as decimal(7,2)) as a, cast(1.5 as numeric(15, 4)) from pg_class where relpages > 10",
            "select cast('x' as varchar(10)), cast('y' as char(4)), cast('z' as character varying(12)) from pg_class where oid = 5",
            "select now() - interval '30 days', cast(now() as timestamp(3)), cast(now() as time(0)) from pg_class limit 3",
            "select cast(5 as bit(8)), cast(2.5 as float(24)), cast(7 as dec(5,1)) where 1 = 2",
            "select relname from pg_class where relpages between cast(3 as numeric(10,0)) and 700 order by 1");

    @Test
    void typeModifiersStayAsTheServerKeepsThemAndTheTextStillParses() throws Exception {
        List<String> server = new ArrayList<>();
        try (PostgresServer pg = PostgresServer.start("-c shared_preload_libraries=pg_stat_statements");
             Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION pg_stat_statements");
            s.execute("SELECT pg_stat_statements_reset()");
            for (String sql : STATEMENTS) {
                // the simple protocol, so the server sees the literals and replaces them itself
                s.execute(sql);
            }
            try (ResultSet rs = s.executeQuery("SELECT query FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'")) {
                while (rs.next()) {
                    server.add(squeeze(rs.getString(1)));
                }
            }
        }
        Fingerprinter fingerprinter = new Fingerprinter();
        try (FactExtractor facts = new FactExtractor(new Catalog(List.of()))) {
            for (int k = 0; k < STATEMENTS.size(); k++) {
                String ours = fingerprinter.normalize(STATEMENTS.get(k));
                assertTrue(server.contains(squeeze(ours)), "pg_stat_statements normalizes " + STATEMENTS.get(k) + " as one of " + server
                        + ", not as " + ours);
                StatementFacts f = facts.extract(ours);
                assertTrue(f.parsed(), ours + ": " + f.parseError());
            }
        }
    }

    /** Case and spacing are the first caller's in pg_stat_statements; what must agree is the rest. */
    private static String squeeze(String sql) {
        return sql.toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
    }
}
