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
                CREATE TABLE lost (id int PRIMARY KEY, PRIMARY KEY (;
                """);
        assertEquals(2, diagnostics.size());
        assertFalse(diagnostics.get(0).inputLost(), "the catalog misses one index, no table");
        assertTrue(diagnostics.get(1).inputLost(), "a table the reader could not read is lost input");
        assertEquals(List.of("ok1", "ok2"), c.tables().stream().map(Table::name).toList());
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
        assertTrue(message.contains("found a string") && message.contains("'...'"), message);
    }

    @Test
    void indexKeysKeepOperatorClassCollationAndOrder() {
        Catalog c = read("""
                CREATE TABLE docs (id int PRIMARY KEY, slug text, at timestamptz);
                CREATE INDEX docs_keys ON docs (slug COLLATE "C" pg_catalog.text_pattern_ops, at DESC NULLS LAST, lower(slug) DESC);
                """);
        assertTrue(diagnostics.isEmpty(), diagnostics.toString());
        Index ix = c.table("docs").orElseThrow().indexes().stream().filter(i -> i.name().equals("docs_keys")).findFirst().orElseThrow();
        assertEquals(List.of("slug", "at", "lower(slug)"), ix.keys());
        assertEquals(new IndexKey("slug", "slug", false, "C", "text_pattern_ops", false, false), ix.definition().get(0));
        assertEquals(new IndexKey("at", "at", false, null, null, true, false), ix.definition().get(1));
        assertEquals(new IndexKey("lower(slug)", "lower(slug)", true, null, null, true, true), ix.definition().get(2));
    }

    @Test
    void forceRowLevelSecurityDoesNotEnableIt() {
        Catalog c = read("""
                CREATE TABLE a (id int);
                CREATE TABLE b (id int);
                ALTER TABLE a FORCE ROW LEVEL SECURITY;
                ALTER TABLE b ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
                """);
        assertFalse(c.table("a").orElseThrow().rowLevelSecurity());
        assertTrue(c.table("b").orElseThrow().rowLevelSecurity());
        assertTrue(diagnostics.isEmpty(), diagnostics.toString());
    }

    @Test
    void whatTheReaderCannotKnowIsADiagnosticNamingTheStatement() {
        Catalog c = read("""
                CREATE TABLE t (id int PRIMARY KEY, a int);
                DO $$ BEGIN
                  IF current_setting('server_version_num')::int >= 150000 THEN
                    CREATE INDEX t_a_new ON t (a);
                  ELSE
                    CREATE INDEX t_a_old ON t (a);
                  END IF;
                END $$;
                CREATE VIEW v AS SELECT * FROM t;
                CREATE INDEX v_a ON v (a);
                ALTER TABLE missing ADD COLUMN b int;
                CREATE POLICY p ON missing FOR SELECT USING (true);
                """);
        assertEquals(List.of("t_a_new", "t_pkey"), c.table("t").orElseThrow().indexes().stream().map(Index::name).sorted().toList());
        assertEquals(List.of("t"), c.tables().stream().map(Table::name).toList(), "no phantom table for v or missing");
        assertEquals(List.of(2L, 10L, 11L, 12L), diagnostics.stream().map(Diagnostic::line).toList(), diagnostics.toString());
        assertTrue(diagnostics.get(0).message().contains("ELSIF/ELSE") && diagnostics.get(0).message().contains("DO $$"));
        assertTrue(diagnostics.get(1).message().contains("CREATE INDEX v_a ON v (a)"), diagnostics.get(1).message());
        assertTrue(diagnostics.stream().noneMatch(Diagnostic::inputLost), "nothing in the files went unread");
    }

    @Test
    void searchPathStatementsBelongToTheSchema() {
        assertTrue(SchemaReader.isDdl("SET search_path TO app, public"));
        assertTrue(SchemaReader.isDdl("SELECT pg_catalog.set_config('search_path', '', false)"));
        assertFalse(SchemaReader.isDdl("SET statement_timeout = 0"));
        assertFalse(SchemaReader.isDdl("SELECT * FROM tasks"));
        Catalog c = read("""
                CREATE SCHEMA app;
                SET search_path TO app, public;
                CREATE TABLE items (id int PRIMARY KEY);
                CREATE TABLE public.tags (id int, item_id int REFERENCES items);
                """);
        assertEquals(List.of("app.items", "public.tags"), c.tables().stream().map(Table::qualifiedName).toList());
        assertEquals("app.items", c.table("public.tags").orElseThrow().foreignKeys().get(0).referencedTable());
        assertEquals(List.of("id"), c.table("public.tags").orElseThrow().foreignKeys().get(0).referencedColumns());
    }

    @Test
    void liveCatalogIndexDefinitionsReadBackInFull() {
        Catalog c = read("""
                CREATE TABLE public."Docs" ("Slug" text, at timestamptz, body text);
                CREATE UNIQUE INDEX "Docs_slug" ON public."Docs" USING btree ("Slug" COLLATE "C" text_pattern_ops DESC NULLS LAST) INCLUDE (at) WHERE (body IS NOT NULL)
                """);
        Index ix = c.table("public.Docs").orElseThrow().indexes().get(0);
        assertEquals("CREATE UNIQUE INDEX \"Docs_slug\" ON public.\"Docs\" USING btree (\"Slug\" COLLATE \"C\" text_pattern_ops DESC NULLS LAST)"
                + " INCLUDE (at) WHERE (body IS NOT NULL)", ix.ddl());
    }
}
