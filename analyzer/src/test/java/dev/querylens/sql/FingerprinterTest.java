package dev.querylens.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class FingerprinterTest {
    private final Fingerprinter fp = new Fingerprinter();

    @Test
    void constantsBecomeNumberedParameters() {
        assertEquals("select * from t where a = $1 and b = $2 and c = $3",
                fp.normalize("SELECT * FROM t WHERE a = 42 AND b = 'x''y' AND c = 1.5e3"));
    }

    @Test
    void wordsAreLowerCasedAsToLowerCaseDoesWhateverTheirCaseAndScript() {
        // ASCII words are compared and lower-cased in place; others as String.toLowerCase(Locale.ROOT) does
        // (a final sigma, a dotted capital I that becomes two characters), and neither is ever a keyword
        java.util.List<String> constants = new java.util.ArrayList<>();
        assertEquals("select äbc, οδος, i̇stanbul from ταβλε where οδος = $1 and i̇ = $2 and x is not true and y = $3",
                fp.normalize("SELECT ÄBC, ΟΔΟΣ, İstanbul FROM ΤΑΒΛΕ WHERE ΟΔΟΣ = 'Σ' AND İ = TRUE AND x IS NOT True AND y = NuLL", constants));
        assertEquals(java.util.Arrays.asList("Σ", "true", null), constants);
        assertEquals("select x from t where x is i̇ $1", fp.normalize("SELECT x FROM t WHERE x IS İ NULL"));
        assertEquals("select a.true, b.null, null($1) from t order by 1, 2 limit $2",
                fp.normalize("Select a.TRUE, b.NULL, Null(False) From t Order By 1, 2 Limit 5"));
        assertEquals("select x from t group by 1 having count(*) > $1 order by 2 desc",
                fp.normalize("SELECT x FROM t GROUP BY 1 HAVING count(*) > 2 ORDER BY 2 DESC"));
        assertEquals("select $1, $10, $11 from t where a = $9", fp.normalize("select $1, $10, 7 from t where a = $9"));
    }

    @Test
    void existingParametersKeepTheirNumbersAndNewOnesFollow() {
        assertEquals("select * from t where a = $1 and b = $3 limit $2",
                fp.normalize("select * from t where a = $1 and b = 'open' limit $2"));
    }

    @Test
    void aParameterOfMoreThanSixDigitsIsOneTokenKeptAsWritten() {
        // it used to split after six digits into $123456 and a constant 7 numbered $123457
        assertEquals("select * from t where a = $1234567 and b = $1", fp.normalize("select * from t where a = $1234567 and b = 5"));
        assertEquals(0, Fingerprinter.highestParameter("select $1234567"));
        assertEquals("select * from t where a = $123456 and b = $123457", fp.normalize("select * from t where a = $123456 and b = 5"));
        assertEquals(123456, Fingerprinter.highestParameter("select $123456"));
    }

    @Test
    void layoutCommentsAndKeywordCaseDoNotMatter() {
        String a = fp.normalize("SELECT id\n  FROM tasks -- trailing\n WHERE id = 1;");
        String b = fp.normalize("select /* hint */ id from TASKS where ID=2");
        assertEquals(a, b);
        assertEquals(fp.fingerprint("SELECT 1").id(), fp.fingerprint("select   2 ;").id());
    }

    @Test
    void inListsOfAnyLengthCollapse() {
        String three = fp.normalize("select * from t where id in (1, 2, 3) and x = 'a'");
        String five = fp.normalize("select * from t where id IN (10,20,30,40,50) and x = 'b'");
        assertEquals(three, five);
        assertEquals("select * from t where id in ($1 /*, ... */) and x = $2", three);
    }

    @Test
    void subqueryInInIsNotCollapsed() {
        assertEquals("select * from t where id in (select id from u where k = $1)",
                fp.normalize("select * from t where id in (select id from u where k = 5)"));
    }

    @Test
    void quotedLowerCaseNamesEqualBareNamesButKeywordsStayQuoted() {
        assertEquals(fp.normalize("select \"id\" from \"tasks\""), fp.normalize("SELECT id FROM tasks"));
        assertEquals("select \"user\", \"Name\" from t", fp.normalize("select \"user\", \"Name\" from t"));
    }

    @Test
    void dollarQuotedAndEscapeStringsAreConstants() {
        assertEquals("select $1, $2, $3", fp.normalize("select $$a;b$$, E'it\\'s', x'ff'"));
    }

    @Test
    void differentShapesDiffer() {
        assertNotEquals(fp.fingerprint("select * from t where a = 1").id(), fp.fingerprint("select * from t where b = 1").id());
        assertNotEquals(fp.normalize("select a from t"), fp.normalize("select a_1 from t"));
    }

    @Test
    void castsAndIdentifiersWithDigitsSurvive() {
        assertEquals("select col2::text from t2 where d = $1::date",
                fp.normalize("select col2::text from t2 where d = '2024-01-01'::date"));
    }

    @Test
    void reportsShowTheStatementAsWrittenWithLiteralsAsParameters() {
        Fingerprinter f = new Fingerprinter();
        String sent = "INSERT INTO products(sku, \"Name\") VALUES ('A-1', 'secret@example.org')  -- seeded\n   RETURNING id";
        assertEquals("INSERT INTO products(sku, \"Name\") VALUES ($1, $2) RETURNING id", f.displayText(sent));
        String lookup = "SELECT id FROM tasks\n  WHERE project_id = 17 AND status IN ('todo', 'doing') ORDER BY 1 DESC LIMIT 50;";
        assertEquals("SELECT id FROM tasks WHERE project_id = $1 AND status IN ($2 /*, ... */) ORDER BY 1 DESC LIMIT $3", f.displayText(lookup));
        assertEquals("select id from tasks where project_id = $1 and status in ($2 /*, ... */) order by 1 desc limit $3", f.normalize(lookup),
                "the same $n as the normalized text");
        assertEquals("UPDATE a SET b = b + $1 WHERE id = $2", f.displayText("UPDATE a SET b = b + -2434 WHERE id = 5"));
    }

    @Test
    void inListsOfBoundParametersGroupWhateverTheirLength() {
        Fingerprinter f = new Fingerprinter();
        String two = f.normalize("select * from t where a in ($1, $2) and b = $3 and c = 'x'");
        String three = f.normalize("select * from t where a in ($1, $2, $3) and b = $4 and c = 'x'");
        assertEquals("select * from t where a in ($1 /*, ... */) and b = $2 and c = $3", two);
        assertEquals(two, three, "one group, with the later parameters numbered down");
        assertEquals(java.util.List.of(2, 3), f.collapsedParameters("select * from t where a in ($1, $2, $3) and b = $4"));
        assertEquals("select * from t where a = $1 and b in ($2 /*, ... */)", f.normalize("select * from t where a = $1 and b in ($2, $3, $4)"));
    }

    @Test
    void psqlAndPgbenchVariablesAreParameters() {
        Fingerprinter f = new Fingerprinter();
        assertEquals("select abalance from pgbench_accounts where aid = $1", f.normalize("SELECT abalance FROM pgbench_accounts WHERE aid = :aid;"));
        assertEquals(f.normalize("select * from t where name = 'carol'"), f.normalize("select * from t where name = :'name'"));
        assertEquals("select b::text from t", f.normalize("select b::text from t"), "a cast is not a variable");
    }
}
