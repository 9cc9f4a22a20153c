package dev.querylens.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.advisor.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DDL forms real migrations use that a reader easily gets wrong, each run on PostgreSQL 15
 * and compared with what {@link SchemaReader} makes of it (see {@link SchemaOracle}). Forms the
 * reader models must come out equal with no diagnostic; forms it cannot model (dynamic EXECUTE,
 * CREATE TABLE ... AS) must differ only where a diagnostic names the statement.
 */
class DdlOracleTest {
    private static PostgresServer server;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void renamesOfTablesColumnsConstraintsAndIndexes() throws Exception {
        SchemaOracle.Result r = run("""
                CREATE TABLE accounts (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, org int);
                CREATE INDEX accounts_org_idx ON accounts (org);
                CREATE INDEX ON accounts (lower(email));
                CREATE TABLE notes (id serial PRIMARY KEY, account_id bigint REFERENCES accounts, body text);
                ALTER TABLE accounts RENAME COLUMN email TO mail;
                ALTER TABLE accounts RENAME org TO organization_id;
                ALTER TABLE accounts RENAME CONSTRAINT accounts_email_key TO accounts_mail_key;
                ALTER INDEX accounts_org_idx RENAME TO accounts_organization_idx;
                ALTER TABLE accounts RENAME TO users;
                ALTER TABLE notes RENAME CONSTRAINT notes_account_id_fkey TO notes_user_fkey;
                ALTER TABLE IF EXISTS notes RENAME COLUMN account_id TO user_id;
                CREATE INDEX ON users (organization_id) WHERE organization_id IS NOT NULL;
                ALTER TABLE users ADD UNIQUE (mail, organization_id), ALTER COLUMN organization_id SET NOT NULL;
                ALTER TABLE users ALTER COLUMN mail TYPE varchar(320), DROP COLUMN IF EXISTS nothing_here;
                """);
        assertUnderstood(r);
        assertTrue(r.server().stream().anyMatch(f -> f.startsWith("public.users index accounts_lower_idx")),
                "the expression index keeps its name and follows the renamed column and table: " + r.server());
    }

    @Test
    void viewsMaterializedViewsAndSequencesAreNotTables() throws Exception {
        SchemaOracle.Result r = run("""
                CREATE TABLE events (id int PRIMARY KEY, kind text, at timestamptz);
                CREATE MATERIALIZED VIEW event_counts AS SELECT kind, count(*) AS n FROM events GROUP BY kind;
                CREATE UNIQUE INDEX event_counts_kind ON event_counts (kind);
                CREATE VIEW recent_events AS SELECT * FROM events WHERE at > now() - interval '1 day';
                CREATE SEQUENCE ticket_seq;
                ALTER TABLE ticket_seq OWNER TO CURRENT_USER;
                ALTER SEQUENCE ticket_seq OWNED BY events.id;
                ALTER TABLE recent_events OWNER TO CURRENT_USER;
                CREATE MATERIALIZED VIEW stale AS SELECT 1 AS one;
                CREATE INDEX stale_one ON stale (one);
                DROP MATERIALIZED VIEW stale;
                CREATE TABLE stale (one int);
                CREATE INDEX stale_one ON stale (one);
                ALTER MATERIALIZED VIEW event_counts RENAME TO kinds;
                CREATE RECURSIVE VIEW nums (n) AS VALUES (1) UNION ALL SELECT n + 1 FROM nums WHERE n < 3;
                DROP VIEW IF EXISTS recent_events;
                """);
        assertUnderstood(r);
    }

    @Test
    void pgDumpSearchPathAndItsSequencesAcrossFiles() throws Exception {
        SchemaOracle.Result r = run("""
                SELECT pg_catalog.set_config('search_path', '', false);
                CREATE SCHEMA app;
                CREATE TABLE app.items (id integer NOT NULL, name character varying(80));
                CREATE SEQUENCE app.items_id_seq AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
                ALTER TABLE app.items_id_seq OWNER TO postgres;
                ALTER SEQUENCE app.items_id_seq OWNED BY app.items.id;
                ALTER TABLE ONLY app.items ALTER COLUMN id SET DEFAULT nextval('app.items_id_seq'::regclass);
                ALTER TABLE ONLY app.items ADD CONSTRAINT items_pkey PRIMARY KEY (id);
                SET search_path = app, public;
                CREATE TABLE tags (id int PRIMARY KEY, item_id int REFERENCES items (id));
                CREATE INDEX tags_item ON tags (item_id);
                """, """
                -- a new file is a new session: the search_path is the default again
                CREATE TABLE tags (id int PRIMARY KEY, item_id int REFERENCES app.items);
                """);
        assertUnderstood(r);
        assertTrue(r.server().contains("app.tags table") && r.server().contains("public.tags table"), r.server().toString());
    }

    @Test
    void ddlInDoBlocksIfBranchesAndDynamicSql() throws Exception {
        SchemaOracle.Result r = run("""
                CREATE TABLE jobs (id int PRIMARY KEY, state text, owner_id int);
                DO $$
                BEGIN
                  IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'jobs_state_idx') THEN
                    CREATE INDEX jobs_state_idx ON jobs (state);
                  END IF;
                  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'jobs_owner_fk') THEN
                    ALTER TABLE jobs ADD CONSTRAINT jobs_owner_fk FOREIGN KEY (owner_id) REFERENCES jobs (id);
                  END IF;
                END $$;
                DO $$ BEGIN
                  CREATE TYPE job_state AS ENUM ('new', 'done');
                EXCEPTION WHEN duplicate_object THEN null;
                END $$;
                CREATE TABLE runs (id int PRIMARY KEY);
                DO $$ BEGIN
                  EXECUTE 'CREATE INDEX runs_id_desc ON runs (id DESC)';
                END $$;
                DO $$
                DECLARE t text;
                BEGIN
                  FOR t IN SELECT unnest(ARRAY['runs']) LOOP
                    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
                  END LOOP;
                END $$;
                """);
        assertEquals(List.of(), r.unexplained(), "unexplained differences");
        assertEquals(List.of("only PostgreSQL: public.runs row level security"), r.explained(), "only the dynamic statement is missed");
        assertEquals(1, r.diagnostics().size(), r.diagnostics().toString());
        assertTrue(r.diagnostics().get(0).message().contains("EXECUTE"), r.diagnostics().toString());
    }

    /**
     * PostgreSQL 15's NULLS NOT DISTINCT makes a unique index reject a second row of nulls: the
     * server keeps it in pg_index.indnullsnotdistinct, and two unique indexes that differ in it are
     * not the same index; a plain index beside either is (the unique one enforces more).
     */
    @Test
    void nullsNotDistinctMakesADifferentUniqueIndex() throws Exception {
        SchemaOracle.Result r = run("""
                CREATE TABLE handles (id int PRIMARY KEY, org int, handle text);
                CREATE UNIQUE INDEX handles_org_handle ON handles (org, handle);
                CREATE UNIQUE INDEX handles_org_handle_nnd ON handles (org, handle) NULLS NOT DISTINCT;
                CREATE UNIQUE INDEX handles_handle_nnd ON handles (handle) NULLS NOT DISTINCT WHERE org IS NULL;
                CREATE INDEX handles_handle_plain ON handles (handle) WHERE org IS NULL;
                CREATE TABLE slots (day date, room int, UNIQUE NULLS NOT DISTINCT (day, room), UNIQUE (day, room),
                  code text UNIQUE NULLS NOT DISTINCT);
                ALTER TABLE slots ADD CONSTRAINT slots_again UNIQUE NULLS NOT DISTINCT (day, room);
                """);
        assertUnderstood(r);
        try (Connection c = server.connect(lastDatabase)) {
            Set<String> truth = SchemaOracle.serverDuplicates(c);
            assertEquals(Set.of("public.handles: handles_handle_nnd = handles_handle_plain", "public.slots: slots_again = slots_day_room_key"),
                    truth, "the server holds only these pairs as one index");
            assertEquals(truth, SchemaOracle.reportedDuplicates(files));
        }
    }

    /**
     * CREATE TABLE ... AS and SELECT ... INTO make a table whose columns the query names: the
     * server's catalog after the same DDL must match, indexes and foreign keys added to it later
     * included, and the duplicate-index pair on it is the server's. Where the query does not show
     * a column's type, or the columns come from a type (OF), a diagnostic names the statement.
     */
    @Test
    void createTableAsAndSelectIntoTakeTheQuerysColumns() throws Exception {
        SchemaOracle.Result r = run("""
                CREATE TABLE src (a int PRIMARY KEY, b text, c timestamptz NOT NULL);
                CREATE TABLE copy_all AS SELECT a, b FROM src;
                CREATE TABLE copy_named (x, y) AS SELECT a, b FROM src WITH NO DATA;
                CREATE TABLE copy_star AS SELECT * FROM src s WHERE s.a > 1;
                CREATE TABLE "Mixed Copy" AS SELECT s.a AS "Id", s.c::date AS day, count(*), 1 AS one, 'x' AS label, now() FROM src s GROUP BY 1, 2;
                CREATE UNLOGGED TABLE copy_table AS TABLE src;
                SELECT a AS id, b INTO archived FROM src WHERE a < 10;
                SELECT * INTO TABLE archived_all FROM src;
                CREATE INDEX ON copy_all (a);
                CREATE INDEX copy_all_a_again ON copy_all (a);
                CREATE INDEX copy_all_a_b ON copy_all (a, b);
                ALTER TABLE copy_all ADD PRIMARY KEY (a);
                ALTER TABLE archived ADD CONSTRAINT archived_src FOREIGN KEY (id) REFERENCES src (a);
                CREATE UNIQUE INDEX ON "Mixed Copy" ("Id", day);
                CREATE TABLE guessed AS SELECT a + 1 AS next, upper(b) FROM src;
                """);
        assertEquals(List.of(), r.unexplained(), "unexplained differences");
        assertEquals(List.of("only PostgreSQL: public.guessed column next integer", "only QueryLens: public.guessed column next unknown"), r.explained().stream().map(x -> x.replaceAll("\\s+", " ")).sorted().toList(),
                "only the type the query does not show is missed: " + r.explained());
        assertEquals(1, r.diagnostics().size(), r.diagnostics().toString());
        assertTrue(r.diagnostics().get(0).message().contains("guessed") && r.diagnostics().get(0).message().contains("next"), r.diagnostics().toString());
        try (Connection c = server.connect(lastDatabase)) {
            Set<String> truth = SchemaOracle.serverDuplicates(c);
            assertTrue(truth.contains("public.copy_all: copy_all_a_again = copy_all_a_idx"), truth.toString());
            assertEquals(truth, SchemaOracle.reportedDuplicates(files));
            Set<String> redundant = SchemaOracle.serverRedundant(c);
            assertTrue(redundant.contains("public.copy_all: copy_all_a_idx < copy_all_a_b"), redundant.toString());
            assertEquals(redundant, SchemaOracle.reportedRedundant(files));
        }
    }

    @Test
    void indexDefinitionsInFullAndOnlyTrueDuplicates() throws Exception {
        SchemaOracle.Result r = run("""
                CREATE TABLE docs (id int UNIQUE PRIMARY KEY, slug text, title text COLLATE "C", body text, at timestamptz);
                CREATE INDEX docs_slug ON docs (slug);
                CREATE INDEX docs_slug_pattern ON docs (slug text_pattern_ops);
                CREATE INDEX docs_at_desc_nulls_last ON docs (at DESC NULLS LAST);
                CREATE INDEX docs_at_desc ON docs (at DESC);
                CREATE INDEX docs_at_desc_nulls_first ON docs (at DESC NULLS FIRST);
                CREATE INDEX docs_slug_incl ON docs (slug) INCLUDE (title);
                CREATE INDEX docs_slug_partial ON docs (slug) WHERE body IS NOT NULL;
                CREATE INDEX docs_title ON docs (title);
                CREATE INDEX docs_title_posix ON docs (title COLLATE "POSIX");
                CREATE INDEX docs_slug_again ON docs USING btree (slug ASC NULLS LAST);
                CREATE INDEX ON docs USING hash (slug);
                CREATE INDEX ON docs (lower(title), (slug || 'x'));
                CREATE UNIQUE INDEX docs_slug_unique ON docs (slug);
                CREATE TABLE "a_table_with_a_name_long_enough_that_postgres_must_cut_it_somewhere" (
                  id int PRIMARY KEY, "Mixed Case" text UNIQUE, t text REFERENCES docs (slug));
                CREATE TABLE pairs (a int, b int, UNIQUE (a, b), UNIQUE (a, b), CONSTRAINT pairs_b UNIQUE (b));
                ALTER TABLE pairs ADD UNIQUE (a, b);
                CREATE TABLE codes (code text, CONSTRAINT codes_pkey PRIMARY KEY (code));
                CREATE UNIQUE INDEX codes_code_unique ON codes (code);
                CREATE TABLE tokens (token text);
                CREATE UNIQUE INDEX tokens_token_idx ON tokens (token);
                ALTER TABLE tokens ADD CONSTRAINT tokens_token_key UNIQUE (token);
                """);
        assertUnderstood(r);
        try (Connection c = server.connect(lastDatabase)) {
            Set<String> truth = SchemaOracle.serverDuplicates(c);
            assertEquals(Set.of("public.docs: docs_at_desc = docs_at_desc_nulls_first", "public.docs: docs_slug = docs_slug_again",
                    "public.docs: docs_slug = docs_slug_unique", "public.docs: docs_slug_again = docs_slug_unique",
                    "public.pairs: pairs_a_b_key = pairs_a_b_key1", "public.codes: codes_code_unique = codes_pkey",
                    "public.tokens: tokens_token_idx = tokens_token_key"), truth, "the server agrees which pairs are the same index");
            assertEquals(truth, SchemaOracle.reportedDuplicates(files));
            // each fix runs as written, and once all have run no two indexes are the same (one of each kept)
            Set<String> before = SchemaOracle.indexNames(c);
            for (var f : SchemaOracle.analyze(files).findings()) {
                if (f.rule().equals("duplicate-index")) {
                    try (var s = c.createStatement()) {
                        s.execute(f.fix());
                    }
                }
            }
            assertEquals(Set.of(), SchemaOracle.serverDuplicates(c), "duplicates left after applying the fixes");
            Set<String> dropped = new java.util.TreeSet<>(before);
            dropped.removeAll(SchemaOracle.indexNames(c));
            assertEquals(Set.of("public.docs.docs_at_desc_nulls_first", "public.docs.docs_slug_again", "public.docs.docs_slug",
                    "public.pairs.pairs_a_b_key1", "public.codes.codes_code_unique", "public.tokens.tokens_token_idx"), dropped,
                    "the primary key, the constraints and the unique index are kept");
        }
    }

    @Test
    void dropsCascadesAndServerChosenNames() throws Exception {
        SchemaOracle.Result r = run("""
                CREATE TABLE orgs (id int GENERATED ALWAYS AS IDENTITY, slug text, total int GENERATED ALWAYS AS (id * 2) STORED);
                CREATE UNIQUE INDEX orgs_id_unique ON orgs (id);
                ALTER TABLE orgs ADD CONSTRAINT orgs_pkey PRIMARY KEY USING INDEX orgs_id_unique;
                CREATE TABLE IF NOT EXISTS orgs (nothing int);
                CREATE INDEX ON orgs (slug);
                CREATE INDEX ON orgs (slug);
                CREATE INDEX IF NOT EXISTS orgs_slug_idx ON orgs (id);
                CREATE TABLE members (id int PRIMARY KEY, org_id int REFERENCES orgs, "Email" text, nickname text);
                CREATE INDEX members_nick ON members (nickname) WHERE "Email" IS NOT NULL;
                CREATE INDEX members_email_lower ON members (lower("Email"));
                ALTER TABLE members DROP COLUMN "Email";
                ALTER TABLE members ADD COLUMN IF NOT EXISTS nickname text, ADD COLUMN joined date NOT NULL DEFAULT now();
                ALTER TABLE members ADD COLUMN tags text[] DEFAULT ARRAY['a', 'b']::text[], ADD COLUMN score int;
                CREATE TABLE invites (id int PRIMARY KEY, org_id int, CONSTRAINT invites_org FOREIGN KEY (org_id) REFERENCES orgs (id));
                ALTER TABLE invites ALTER CONSTRAINT invites_org DEFERRABLE INITIALLY DEFERRED, NO FORCE ROW LEVEL SECURITY;
                ALTER TABLE ALL IN TABLESPACE pg_default SET TABLESPACE pg_default;
                ALTER TABLE orgs DROP CONSTRAINT orgs_pkey CASCADE;
                CREATE TABLE teams (id int PRIMARY KEY);
                CREATE TABLE seats (id int PRIMARY KEY, team_id int REFERENCES teams);
                DROP TABLE teams CASCADE;
                CREATE SCHEMA archive;
                ALTER TABLE seats SET SCHEMA archive;
                ALTER TABLE members ENABLE ROW LEVEL SECURITY;
                CREATE POLICY own ON members AS RESTRICTIVE FOR UPDATE TO CURRENT_USER USING (true);
                CREATE POLICY everyone ON members USING (true);
                CREATE POLICY gone ON members FOR DELETE USING (false);
                DROP POLICY gone ON members;
                ALTER POLICY everyone ON members RENAME TO anyone;
                """);
        assertUnderstood(r);
    }

    @Test
    void partitionsTakeTheirParentsIndexesAndForeignKeys() throws Exception {
        SchemaOracle.Result r = run("""
                CREATE TABLE sensors (id int PRIMARY KEY);
                CREATE TABLE measurements (id bigint NOT NULL, at date NOT NULL, sensor_id int REFERENCES sensors, value numeric,
                  PRIMARY KEY (id, at), UNIQUE (sensor_id, at)) PARTITION BY RANGE (at);
                CREATE UNIQUE INDEX measurements_natural ON measurements (sensor_id, id, at);
                CREATE INDEX ON measurements (value);
                CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                CREATE INDEX measurements_late ON measurements (at DESC);
                CREATE INDEX measurements_parent_only ON ONLY measurements (sensor_id);
                CREATE TABLE measurements_2025 (id bigint NOT NULL, at date NOT NULL, sensor_id int, value numeric);
                CREATE INDEX measurements_2025_own_value ON measurements_2025 (value);
                ALTER TABLE measurements ATTACH PARTITION measurements_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
                CREATE TABLE measurements_old PARTITION OF measurements FOR VALUES FROM ('2000-01-01') TO ('2024-01-01');
                ALTER TABLE measurements DETACH PARTITION measurements_old;
                DROP INDEX measurements_late;
                CREATE TABLE logs (id int, at date) PARTITION BY RANGE (at);
                CREATE TABLE logs_2024 PARTITION OF logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                DROP TABLE logs;
                """);
        assertUnderstood(r);
    }

    @Test
    void pgDumpOfAPartitionedTable() throws Exception {
        SchemaOracle.Result r = run("""
                SELECT pg_catalog.set_config('search_path', '', false);
                CREATE TABLE public.events (id bigint NOT NULL, at date NOT NULL, kind text) PARTITION BY RANGE (at);
                CREATE TABLE public.events_2024 (id bigint NOT NULL, at date NOT NULL, kind text);
                ALTER TABLE ONLY public.events ATTACH PARTITION public.events_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                ALTER TABLE ONLY public.events ADD CONSTRAINT events_pkey PRIMARY KEY (id, at);
                ALTER TABLE ONLY public.events_2024 ADD CONSTRAINT events_2024_pkey PRIMARY KEY (id, at);
                CREATE INDEX events_kind_idx ON ONLY public.events USING btree (kind);
                CREATE INDEX events_2024_kind_idx ON public.events_2024 USING btree (kind);
                ALTER INDEX public.events_pkey ATTACH PARTITION public.events_2024_pkey;
                ALTER INDEX public.events_kind_idx ATTACH PARTITION public.events_2024_kind_idx;
                CREATE INDEX events_at_idx ON ONLY public.events USING btree (at);
                CREATE INDEX events_2024_at_idx ON public.events_2024 USING btree (at);
                ALTER INDEX public.events_at_idx ATTACH PARTITION public.events_2024_at_idx;
                DROP INDEX public.events_at_idx;
                """);
        assertUnderstood(r);
    }

    @Test
    void exclusionConstraintsAndSchemaRenames() throws Exception {
        SchemaOracle.Result r = run("""
                CREATE TABLE bookings (id int PRIMARY KEY, room int, during tsrange, cancelled boolean,
                  EXCLUDE USING gist (during WITH &&) WHERE (NOT cancelled),
                  CONSTRAINT bookings_one_per_room EXCLUDE (room WITH =) INCLUDE (id));
                CREATE SCHEMA legacy;
                CREATE TABLE legacy.rooms (id int PRIMARY KEY, name text UNIQUE);
                CREATE MATERIALIZED VIEW legacy.room_names AS SELECT name FROM legacy.rooms;
                ALTER SCHEMA legacy RENAME TO archive;
                CREATE INDEX ON archive.rooms (lower(name));
                """);
        assertUnderstood(r);
    }

    @Test
    void copiedDefinitionsLikeAndInherits() throws Exception {
        SchemaOracle.Result r = run("""
                CREATE TABLE template (id int PRIMARY KEY, name text NOT NULL UNIQUE, tag text);
                CREATE INDEX template_tag ON template (lower(tag)) WHERE tag IS NOT NULL;
                CREATE TABLE copy_all (LIKE template INCLUDING ALL);
                CREATE TABLE copy_no_indexes (LIKE template INCLUDING ALL EXCLUDING INDEXES, extra int UNIQUE);
                CREATE TABLE copy_columns (LIKE template);
                CREATE TABLE child_of_template (extra int, name text) INHERITS (template);
                CREATE TABLE t (a_b int, a int, b int, UNIQUE (a_b), UNIQUE (a, b));
                """);
        assertUnderstood(r);
    }

    private String lastDatabase;
    private List<Path> files;

    private SchemaOracle.Result run(String... texts) throws Exception {
        files = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            Path f = dir.resolve(String.format("%03d-case.sql", i + 1));
            Files.writeString(f, texts[i]);
            files.add(f);
        }
        lastDatabase = "ddl_case_" + DATABASES.incrementAndGet();
        SchemaOracle.Result r = SchemaOracle.run(server, lastDatabase, files);
        System.out.println(lastDatabase + ": " + r.server().size() + " facts; explained " + r.explained()
                + "; unexplained " + r.unexplained() + "; diagnostics " + r.diagnostics());
        return r;
    }

    private static void assertUnderstood(SchemaOracle.Result r) {
        assertEquals(List.of(), r.unexplained(), "unexplained differences");
        assertEquals(List.of(), r.explained(), "differences the reader should not have needed a diagnostic for");
        assertEquals(List.of(), r.diagnostics(), "diagnostics");
    }
}
