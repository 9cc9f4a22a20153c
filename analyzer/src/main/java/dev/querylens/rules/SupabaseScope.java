package dev.querylens.rules;

import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.schema.Policy;
import dev.querylens.schema.Table;
import dev.querylens.sql.Quote;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the Supabase rules look. They switch on only where the project shows Supabase or PostgREST
 * ({@link dev.querylens.engine.ApiExposure}): client roles reach the tables through the API, so a
 * slow or leaky policy is every user's problem. A plain PostgreSQL project gets none of them. The
 * schemas Supabase itself manages (auth, storage, realtime, ...) are its to fix, not the project's,
 * so they are passed over as Supabase's own linter passes them over.
 */
final class SupabaseScope {
    static final Set<String> MANAGED_SCHEMAS = Set.of("auth", "storage", "realtime", "_realtime", "extensions", "graphql",
            "graphql_public", "vault", "pgsodium", "pgsodium_masks", "net", "supabase_functions", "supabase_migrations",
            "pgbouncer", "cron", "pgtle", "information_schema", "pg_catalog");

    /** The rules that judge only Supabase (PostgREST) projects, named in the one note a plain project gets. */
    static final List<String> SUPABASE_ONLY = List.of("rls-auth-per-row", "rls-multiple-permissive", "rls-policy-column-unindexed",
            "rls-policy-ignored", "rls-write-always-true", "rls-user-metadata", "no-primary-key", "security-definer-exposed",
            "view-security-definer", "extension-in-public", "rls-disabled-sensitive-columns");

    private SupabaseScope() {
    }

    /**
     * The report's one line (the same from every Supabase-only rule, so shown once) when the project
     * shows no Supabase and has a schema to judge: what turns them on. Not when the configuration
     * switched them off on purpose.
     */
    static java.util.Optional<String> note(RuleContext context) {
        if (context.api().exposed() || context.api().configured() || context.catalog().tables().isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("the Supabase-only rules (" + String.join(", ", SUPABASE_ONLY) + ") are off: nothing shows a"
                + " Supabase or PostgREST project (a supabase/config.toml, the auth schema or auth.uid(), the roles anon or"
                + " authenticated); to turn them on, set supabase: true in querylens.yaml");
    }

    /** The tables a Supabase rule judges: none outside a Supabase/PostgREST project; tables with columns outside managed schemas. */
    static List<Table> tables(RuleContext context) {
        if (!context.api().exposed()) {
            return List.of();
        }
        return context.catalog().tables().stream()
                .filter(t -> !MANAGED_SCHEMAS.contains(t.schema()) && !t.columns().isEmpty())
                .toList();
    }

    static Finding finding(String rule, RuleContext context, Table t, String message, List<String> columns,
                           Map<String, Object> evidence, String fix) {
        return finding(rule, context, t, List.of(), message, columns, evidence, fix);
    }

    /**
     * A finding about {@code statements} of the table (its policies): it points at them, the
     * table's CREATE TABLE only when none of their lines is known.
     */
    static Finding finding(String rule, RuleContext context, Table t, List<dev.querylens.collect.SourceLocation> statements, String message,
                           List<String> columns, Map<String, Object> evidence, String fix) {
        return new Finding(rule, context.severity(), message, null, t.qualifiedName(), columns,
                WhereToChange.of(statements, t.definedAt()), evidence, fix);
    }

    /**
     * The lines of the named policies of the table, the one defined last first: of several that
     * overlap, the latest is the one that made them overlap (those a live catalog read have none).
     */
    static List<dev.querylens.collect.SourceLocation> policyLines(Table t, List<String> names) {
        List<dev.querylens.collect.SourceLocation> out = new java.util.ArrayList<>();
        for (Policy p : t.policies()) {
            if (names.contains(p.name())) {
                out.add(0, p.definedAt());
            }
        }
        return out;
    }

    /** ALTER POLICY's head for this policy, names quoted. */
    static String alterPolicy(Table t, Policy p) {
        return "ALTER POLICY " + Quote.ident(p.name()) + " ON " + Quote.qualified(t.schema(), t.name());
    }
}
