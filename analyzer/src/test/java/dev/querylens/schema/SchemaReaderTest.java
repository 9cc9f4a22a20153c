package dev.querylens.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.Samples;
import dev.querylens.collect.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaReaderTest {
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    private Catalog read(String ddl) {
        SchemaReader r = new SchemaReader();
        r.read(ddl, "schema.sql", diagnostics::add);
        return r.catalog();
    }

    @Test
    void readsTheSampleDrizzleMigrations() throws Exception {
        SchemaReader r = new SchemaReader();
        try (var files = Files.list(Samples.MIGRATIONS)) {
            for (Path f : files.sorted().toList()) {
                r.read(Files.readString(f), f.toString(), diagnostics::add);
            }
        }
        Catalog c = r.catalog();
        assertTrue(diagnostics.isEmpty(), diagnostics.toString());
        assertEquals(List.of("activity_events", "comments", "members", "organizations", "projects", "tasks"),
                c.tables().stream().map(Table::name).toList());
        Table tasks = c.table("tasks").orElseThrow();
        assertEquals(9, tasks.columns().size());
        assertTrue(tasks.rowLevelSecurity());
        assertEquals(1, tasks.policies().size());
        assertEquals("ALL", tasks.policies().get(0).command());
        // foreign keys come from Drizzle's DO $$ ... $$ blocks
        assertEquals(List.of("project_id", "assignee_id"), tasks.foreignKeys().stream().map(fk -> fk.columns().get(0)).toList());
        assertEquals("public.projects", tasks.foreignKeys().get(0).referencedTable());
        assertTrue(tasks.hasIndexLeadingWith("id"));
        assertFalse(tasks.hasIndexLeadingWith("project_id"));
        Index partial = tasks.indexes().stream().filter(Index::isPartial).findFirst().orElseThrow();
        assertEquals("status <> 'done'", partial.predicate());
        Table members = c.table("public.members").orElseThrow();
        assertEquals(List.of("org_id", "user_id"), members.indexes().stream()
                .filter(ix -> ix.name().equals("members_org_user_idx")).findFirst().orElseThrow().keys());
        assertFalse(c.table("activity_events").orElseThrow().rowLevelSecurity());
        assertTrue(c.table("comments").orElseThrow().policies().isEmpty());
        assertTrue(c.table("organizations").orElseThrow().hasIndexLeadingWith("slug"), "UNIQUE(slug) constraint");
    }

    @Test
    void indexFormsJsqlParserRejects() {
        Catalog c = read("""
                CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY, email text NOT NULL, org bigint,
                  PRIMARY KEY (id), CONSTRAINT users_org_fk FOREIGN KEY (org) REFERENCES orgs (id));
                CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_lower ON ONLY users USING btree (lower(email));
                CREATE INDEX ON users (org DESC NULLS LAST, email text_pattern_ops) INCLUDE (id) WHERE org IS NOT NULL;
                ALTER TABLE users ADD COLUMN IF NOT EXISTS deleted_at timestamptz, ENABLE ROW LEVEL SECURITY;
                CREATE POLICY "own rows" ON public.users FOR SELECT TO authenticated USING (id = 1);
                CREATE EXTENSION IF NOT EXISTS pg_trgm;
                """);
        assertTrue(diagnostics.isEmpty(), diagnostics.toString());
        Table users = c.table("users").orElseThrow();
        assertEquals(List.of("id", "email", "org", "deleted_at"), users.columns().stream().map(Column::name).toList());
        assertEquals("bigint", users.columns().get(0).type().split(" ")[0]);
        Index lower = users.indexes().stream().filter(ix -> ix.name().equals("users_email_lower")).findFirst().orElseThrow();
        assertEquals(List.of("lower(email)"), lower.keys());
        assertTrue(lower.unique());
        Index covering = users.indexes().stream().filter(ix -> !ix.include().isEmpty()).findFirst().orElseThrow();
        assertEquals(List.of("org", "email"), covering.keys());
        assertEquals(List.of("id"), covering.include());
        assertEquals("org IS NOT NULL", covering.predicate());
        assertTrue(users.rowLevelSecurity());
        assertEquals("SELECT", users.policies().get(0).command());
        assertEquals("public.orgs", users.foreignKeys().get(0).referencedTable());
    }

    @Test
    void droppedIndexesAndConstraintsLeaveTheCatalog() {
        Catalog c = read("""
                CREATE TABLE t (id int PRIMARY KEY, a int, b int);
                CREATE INDEX t_a_idx ON t (a);
                CREATE INDEX t_b_idx ON t (b);
                DROP INDEX CONCURRENTLY IF EXISTS t_a_idx;
                ALTER TABLE t DROP COLUMN b;
                """);
        Table t = c.table("t").orElseThrow();
        assertEquals(List.of("t_pkey"), t.indexes().stream().map(Index::name).toList());
        assertEquals(2, t.columns().size());
    }

    @Test
    void unreadableDdlIsADiagnosticAndTheRestIsStillRead() {
        Catalog c = read("""
                CREATE TABLE ok1 (id int PRIMARY KEY);
                CREATE INDEX broken ON (a;
                CREATE TABLE ok2 (id int PRIMARY KEY);
                """);
        assertEquals(1, diagnostics.size());
        assertEquals(2, diagnostics.get(0).line());
        assertTrue(diagnostics.get(0).message().startsWith("could not read DDL"));
        assertEquals(2, c.tables().size());
    }

    @Test
    void anUnreadableDdlDiagnosticShowsNoLiteral() {
        read("CREATE INDEX 'hunter2' ON users (email) WHERE email = 'carol@example.org';");
        assertEquals(1, diagnostics.size());
        String message = diagnostics.get(0).message();
        assertTrue(!message.contains("hunter2") && !message.contains("carol"), message);
        assertTrue(message.contains("found a string") && message.contains("$2"), message);
    }
}
