package dev.querylens.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.querylens.schema.Catalog;
import dev.querylens.schema.SchemaReader;
import dev.querylens.sql.FactExtractor;
import dev.querylens.sql.Predicate;
import dev.querylens.sql.StatementFacts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which policies a read is costed with, and how they are put in its text. */
class PolicyConditionsTest {
    private static Catalog catalog() {
        SchemaReader reader = new SchemaReader();
        reader.read("""
                CREATE TABLE notes (id int PRIMARY KEY, user_id uuid, team int);
                CREATE TABLE "Open" (id int PRIMARY KEY);
                ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
                CREATE POLICY own ON notes FOR SELECT TO authenticated USING ((select auth.uid()) = user_id);
                CREATE POLICY team ON notes FOR ALL USING (team = 7);
                CREATE POLICY mfa ON notes AS RESTRICTIVE FOR SELECT TO authenticated USING (auth.jwt() ->> 'aal' = 'aal2');
                CREATE POLICY writes ON notes FOR INSERT TO authenticated WITH CHECK (true);
                CREATE POLICY anon ON notes FOR SELECT TO anon USING (false);
                """, "schema.sql", d -> { throw new AssertionError(d); });
        return reader.catalog();
    }

    @Test
    void permissivePoliciesOrRestrictiveOnesAndAuthUidIsTheNextParameter() {
        assertEquals("select n.id from (SELECT * FROM public.notes WHERE ((($2::uuid) = user_id) OR (team = 7))"
                        + " AND (auth.jwt() ->> 'aal' = 'aal2')) AS n where n.team = $1 and 'from notes' <> ''",
                PolicyConditions.apply("select n.id from notes n where n.team = $1 and 'from notes' <> ''", catalog(), "authenticated"));
        assertEquals("select count(*) from \"Open\" o join (SELECT * FROM public.notes WHERE ((($1::uuid) = user_id) OR (team = 7))"
                        + " AND (auth.jwt() ->> 'aal' = 'aal2')) AS notes on notes.id = o.id",
                PolicyConditions.apply("select count(*) from \"Open\" o join notes on notes.id = o.id", catalog(), "authenticated"));
    }

    @Test
    void writesGetTheirCommandsPoliciesAndTheSelectOnesWhenTheyReadColumns() {
        // UPDATE ... WHERE reads the rows: the UPDATE policies (FOR ALL team) AND the SELECT ones, the WHERE kept whole
        assertEquals("update notes set team = 1 WHERE (((team = 7))) AND (((($2::uuid) = user_id) OR (team = 7)) AND (auth.jwt() ->> 'aal' = 'aal2'))"
                        + " AND (id = $1 OR team = 2) returning id",
                PolicyConditions.apply("update notes set team = 1 where id = $1 OR team = 2 returning id;", catalog(), "authenticated"));
        // a DELETE that reads no column: only its command's policies
        assertEquals("delete from notes n WHERE ((team = 7))", PolicyConditions.apply("delete from notes n", catalog(), "authenticated"));
        assertEquals("delete from notes where current of c", PolicyConditions.apply("delete from notes where current of c", catalog(), "authenticated"));
        assertEquals("select * from \"Open\"", PolicyConditions.apply("select * from \"Open\"", catalog(), "authenticated"));
    }

    @Test
    void thePoliciesComparedColumnsBecomeEqualityPredicates() throws Exception {
        Catalog catalog = catalog();
        StatementFacts facts;
        try (FactExtractor extractor = new FactExtractor(catalog)) {
            facts = PolicyConditions.withPolicyPredicates(extractor.extract("select count(*) from notes"), catalog, "authenticated");
        }
        assertEquals(List.of("user_id", "team"), facts.predicates().stream().filter(p -> p.op() == Predicate.Operator.EQUALS)
                .map(p -> p.column().column()).toList());
    }
}
