package dev.querylens.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.advisor.PostgresServer;
import dev.querylens.collect.Diagnostic;
import dev.querylens.database.ConnectionSettings;
import dev.querylens.database.UserDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Functions, views and extensions, the forms a reader easily gets wrong, run on PostgreSQL 15 and
 * compared fact by fact with {@link SchemaReader}'s catalog of the same files and with the live
 * catalog read as {@code analyze --db} reads it (see {@link SecurityFacts}).
 */
class SecurityFactsOracleTest {
    private static PostgresServer server;

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
    void functionsTheirGrantsViewsAndExtensionsReadAsPostgresBuildsThem() throws Exception {
        Path first = Files.writeString(dir.resolve("001-setup.sql"), """
                DO $$ BEGIN CREATE ROLE anon NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
                DO $$ BEGIN CREATE ROLE authenticated NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
                CREATE SCHEMA private;
                CREATE SCHEMA extensions;
                CREATE TABLE public.profiles (id uuid PRIMARY KEY, name text);
                -- overloads, named and unnamed arguments, OUT arguments (not part of the identity), defaults, multi-word types
                CREATE FUNCTION public.lookup(p_id uuid) RETURNS text LANGUAGE sql STABLE AS $$ SELECT name FROM public.profiles WHERE id = p_id $$;
                CREATE FUNCTION public.lookup(text, OUT n int, INOUT flag boolean DEFAULT false) LANGUAGE sql AS $$ SELECT 1, flag $$;
                CREATE FUNCTION public."Mixed Case"(ts timestamp with time zone, double precision, character varying(20)[] = '{}')
                  RETURNS void LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN END $$;
                CREATE OR REPLACE FUNCTION public.is_admin() RETURNS boolean LANGUAGE sql SECURITY DEFINER SET search_path = '' AS $$ SELECT true $$;
                CREATE FUNCTION private.helper(int4, varchar) RETURNS int LANGUAGE sql SET search_path FROM CURRENT AS 'SELECT 1';
                CREATE FUNCTION public.on_signup() RETURNS TRIGGER LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN RETURN NEW; END $$;
                CREATE FUNCTION public.rows_of(p int) RETURNS TABLE (id int, "returns" text) LANGUAGE sql AS 'SELECT 1, null::text';
                CREATE PROCEDURE public.cleanup(days int) LANGUAGE sql AS $$ DELETE FROM public.profiles WHERE false $$;
                CREATE FUNCTION public.gone() RETURNS int LANGUAGE sql AS 'SELECT 1';
                DROP FUNCTION public.gone;
                -- privileges: PUBLIC by default, revoked, granted to the client roles, all functions in a schema
                REVOKE EXECUTE ON FUNCTION public.is_admin() FROM PUBLIC;
                GRANT EXECUTE ON FUNCTION public.is_admin() TO authenticated;
                REVOKE ALL ON FUNCTION public.lookup(uuid) FROM public;
                REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA private FROM PUBLIC;
                GRANT EXECUTE ON PROCEDURE public.cleanup TO anon;
                ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO anon;
                ALTER DEFAULT PRIVILEGES REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
                CREATE FUNCTION public.after_defaults() RETURNS int LANGUAGE sql AS 'SELECT 1';
                CREATE FUNCTION private.after_defaults() RETURNS int LANGUAGE sql AS 'SELECT 1';
                ALTER DEFAULT PRIVILEGES GRANT EXECUTE ON FUNCTIONS TO PUBLIC;
                -- ALTER: security, search_path, rename, schema
                ALTER FUNCTION public."Mixed Case"(timestamptz, float8, varchar[]) SET search_path = pg_catalog, public;
                ALTER FUNCTION public.lookup(p_id uuid) SECURITY DEFINER;
                ALTER FUNCTION private.helper(integer, character varying) RESET search_path;
                ALTER FUNCTION private.helper(integer, character varying) RENAME TO helped;
                ALTER FUNCTION public.after_defaults() SET SCHEMA extensions;
                -- views: the option as written, set and reset later, lost by CREATE OR REPLACE without it
                CREATE VIEW public.names WITH (security_invoker = true) AS SELECT name FROM public.profiles;
                CREATE VIEW public.names_on WITH (security_barrier, security_invoker) AS SELECT name FROM public.profiles;
                CREATE VIEW public.names_plain AS SELECT name FROM public.profiles;
                ALTER VIEW public.names_plain SET (security_invoker = on);
                CREATE VIEW public.names_reset WITH (security_invoker = 'yes') AS SELECT name FROM public.profiles;
                ALTER VIEW public.names_reset RESET (security_invoker);
                CREATE OR REPLACE VIEW public.names AS SELECT name FROM public.profiles;
                -- extensions: named schema, the search_path's first schema, moved, dropped
                CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA extensions;
                CREATE EXTENSION IF NOT EXISTS pg_trgm;
                CREATE EXTENSION ltree;
                ALTER EXTENSION ltree SET SCHEMA extensions;
                SET search_path = private, public;
                CREATE EXTENSION "uuid-ossp";
                CREATE EXTENSION pgcrypto;
                DROP EXTENSION pgcrypto;
                """);
        SchemaOracle.Result r = SchemaOracle.run(server, "security_facts", List.of(first));
        System.out.println("security facts: " + r.server().size() + "; explained " + r.explained() + "; unexplained " + r.unexplained()
                + "; diagnostics " + r.diagnostics());
        assertEquals(List.of(), r.unexplained(), "unexplained differences");
        assertEquals(List.of(), r.explained(), "differences the reader should not have needed a diagnostic for");
        assertEquals(List.of(), r.diagnostics(), "diagnostics");
        // the cases are there to be compared, not vacuously equal
        assertTrue(r.server().contains("public.is_admin function () definer sets search_path, sql"), r.server().toString());
        assertTrue(r.server().contains("public.is_admin function () EXECUTE to [authenticated]"), r.server().toString());
        assertTrue(r.server().contains("public.names view security_invoker false"), r.server().toString());
        assertTrue(r.server().contains("public.on_signup function () definer no search_path, plpgsql, trigger"), r.server().toString());
        assertTrue(r.server().contains("uuid-ossp extension in private"), r.server().toString());

        List<Diagnostic> diagnostics = new ArrayList<>();
        Catalog live;
        try (UserDatabase db = UserDatabase.open(ConnectionSettings.parse(server.url("security_facts")), UserDatabase.Access.READ_ONLY)) {
            live = LiveCatalogReader.read(db.catalog(), diagnostics::add);
        }
        TreeSet<String> liveFacts;
        try (Connection c = server.connect("security_facts")) {
            liveFacts = SchemaOracle.facts(live, c);
        }
        assertEquals(List.of(), diagnostics, "diagnostics reading the live catalog");
        assertEquals(r.server(), liveFacts, "the live catalog's facts");
    }
}
