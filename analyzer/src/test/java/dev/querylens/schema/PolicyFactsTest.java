package dev.querylens.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CREATE / ALTER POLICY read as facts: permissive, roles, and what USING / WITH CHECK call and compare. */
class PolicyFactsTest {
    private static Table read(String ddl) {
        SchemaReader reader = new SchemaReader();
        List<Object> diagnostics = new ArrayList<>();
        reader.read(ddl, "schema.sql", diagnostics::add);
        assertEquals(List.of(), diagnostics);
        return reader.catalog().table("public.t").orElseThrow();
    }

    @Test
    void createPolicyClauses() {
        Table t = read("""
                CREATE TABLE t (id int PRIMARY KEY, user_id uuid, org_id int, meta jsonb);
                CREATE POLICY "Own rows" ON t AS RESTRICTIVE FOR UPDATE TO authenticated, "Admin"
                  USING (auth.uid() = user_id AND org_id IN (SELECT org_id FROM m WHERE m.user_id = auth.uid()))
                  WITH CHECK ((select auth.jwt()) -> 'user_metadata' ->> 'x' = 'y');
                CREATE POLICY p2 ON t USING (t.org_id = (SELECT current_setting('app.org', true))::int);
                """);
        Policy own = t.policies().get(0);
        assertEquals("UPDATE", own.command());
        assertFalse(own.permissive());
        assertEquals(List.of("authenticated", "Admin"), own.roles());
        assertEquals(List.of("auth.uid"), own.using().functions());
        assertEquals(List.of("auth.uid()"), own.using().perRowCalls(), "both calls bare, reported once");
        assertEquals(List.of("user_id", "org_id"), own.using().comparedColumns(), "m.user_id in the subquery is another table's");
        assertEquals(List.of(), own.withCheck().perRowCalls(), "(select auth.jwt()) is evaluated once");
        assertTrue(own.withCheck().readsUserMetadata());
        Policy p2 = t.policies().get(1);
        assertEquals("ALL", p2.command());
        assertTrue(p2.permissive());
        assertEquals(List.of("public"), p2.roles());
        assertEquals(List.of("org_id"), p2.using().comparedColumns());
        assertEquals(List.of(), p2.using().perRowCalls());
        assertFalse(p2.withCheck().present());
    }

    @Test
    void alterPolicyReplacesOnlyTheClausesItNames() {
        Table t = read("""
                CREATE TABLE t (id int PRIMARY KEY, owner uuid);
                CREATE POLICY p ON t FOR DELETE TO authenticated USING (true);
                ALTER POLICY p ON t USING (owner = auth.uid());
                ALTER POLICY p ON t RENAME TO q;
                """);
        Policy q = t.policies().get(0);
        assertEquals("q", q.name());
        assertEquals(List.of("authenticated"), q.roles());
        assertEquals(List.of("owner"), q.using().comparedColumns());
        assertFalse(q.using().alwaysTrue());
    }
}
