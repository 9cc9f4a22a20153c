package dev.querylens.rules;

import dev.querylens.collect.SourceLocation;
import dev.querylens.engine.Finding;
import dev.querylens.engine.RuleContext;
import dev.querylens.schema.Routine;
import dev.querylens.sql.Quote;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the rules on functions, views and extensions share: which schemas are the project's own
 * (in a Supabase project the schemas Supabase manages are its to fix, as for the table rules),
 * who may call a function through the API, and how a finding on an object that is not a table is
 * built (the object's name where a table's would be).
 */
final class SecurityObjects {
    static final List<String> CLIENT_ROLES = List.of("anon", "authenticated");
    private static final Set<String> SYSTEM = Set.of("pg_catalog", "information_schema");

    private SecurityObjects() {
    }

    /** Whether a rule judges objects in this schema. */
    static boolean ownSchema(RuleContext context, String schema) {
        return !SYSTEM.contains(schema) && !(context.api().exposed() && SupabaseScope.MANAGED_SCHEMAS.contains(schema));
    }

    /**
     * The API's client roles that may call the function. Read live, the server said. From DDL,
     * PUBLIC's default EXECUTE counts, and in a Supabase project so do the platform's default
     * privileges (ALTER DEFAULT PRIVILEGES ... IN SCHEMA public GRANT ALL ON FUNCTIONS TO anon,
     * authenticated, run before any migration) unless the DDL revoked EXECUTE from the role itself.
     */
    static List<String> callers(RuleContext context, Routine r) {
        boolean fromDdl = r.definedAt() != null;
        return CLIENT_ROLES.stream().filter(role -> r.executableBy(role) || fromDdl && context.api().exposed()
                && r.schema().equals("public") && !r.revokedFrom().contains(role)).toList();
    }

    /** The function as ALTER FUNCTION, REVOKE and GRANT name it: quoted name, argument types as declared. */
    static String signature(Routine r) {
        return Quote.qualified(r.schema(), r.name()) + "(" + String.join(", ", r.argumentTypes()) + ")";
    }

    static String kind(Routine r) {
        return r.procedure() ? "PROCEDURE" : "FUNCTION";
    }

    static Finding finding(String rule, RuleContext context, String subject, String message, Map<String, Object> evidence,
                           String fix, SourceLocation at) {
        return new Finding(rule, context.severity(), message, null, subject, List.of(), at == null ? List.of() : List.of(at), evidence, fix);
    }
}
