package dev.querylens.migration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.querylens.collect.Diagnostic;
import dev.querylens.schema.Catalog;
import dev.querylens.schema.SchemaReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How a declared function is matched with the history's, in the spellings real projects use: ONEARMY/community-platform
 * (MIT) keeps its functions bare in supabase/schemas/*.sql and its squashed migration is pg_dump's output, with every
 * type quoted and qualified. Tried on it before this test existed, QueryLens said 11 functions were declared but never
 * created and 11 created but never declared: the same functions. Two it named were real: get_profiles_with_any_badge
 * and get_profiles_by_badge_ids take one more argument (p_tenant_id text) in the migration than in the schema file.
 */
class DeclaredSchemaTest {
    private static Catalog read(String sql) {
        SchemaReader reader = new SchemaReader();
        reader.read(sql, "f.sql", d -> { });
        return reader.catalog();
    }

    @Test
    void aFunctionPgDumpSpellsQuotedIsTheDeclaredOne() {
        Catalog declared = read("""
                CREATE TYPE content_reach AS ENUM ('all', 'important');
                CREATE OR REPLACE FUNCTION get_news_feed(p_user_profile_id bigint, p_search text, p_reach content_reach)
                RETURNS SETOF bigint LANGUAGE sql STABLE AS $$ SELECT 1::bigint $$;
                """);
        Catalog migrated = read("""
                CREATE TYPE "public"."content_reach" AS ENUM ('all', 'important');
                CREATE OR REPLACE FUNCTION "public"."get_news_feed"("p_user_profile_id" bigint, "p_search" "text",
                    "p_reach" "public"."content_reach") RETURNS SETOF bigint LANGUAGE "sql" STABLE AS $$ SELECT 1::bigint $$;
                """);
        assertEquals(List.of(), DeclaredSchema.compare(declared, migrated).stream().map(Diagnostic::message).toList());
    }

    @Test
    void aFunctionWithAnotherArgumentIsAnotherFunction() {
        Catalog declared = read("""
                CREATE OR REPLACE FUNCTION get_profiles_with_any_badge() RETURNS SETOF bigint LANGUAGE sql AS $$ SELECT 1::bigint $$;
                """);
        Catalog migrated = read("""
                CREATE OR REPLACE FUNCTION "public"."get_profiles_with_any_badge"("p_tenant_id" "text") RETURNS SETOF bigint
                    LANGUAGE "sql" AS $$ SELECT 1::bigint $$;
                """);
        List<String> said = DeclaredSchema.compare(declared, migrated).stream().map(Diagnostic::message).toList();
        assertEquals(2, said.size(), said.toString());
        assertEquals(true, said.get(0).contains("function public.get_profiles_with_any_badge() is declared here but no migration creates it"), said.toString());
    }
}
