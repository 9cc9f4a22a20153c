package dev.querylens.rules;

import dev.querylens.engine.RuleContext;
import dev.querylens.schema.Table;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The schemas an API (Supabase, PostgREST) exposes to client roles, as the row level security
 * rules judge them: the rule's {@code exposedSchemas} parameter when the project sets it, else
 * ({@code auto}) {@code public} (what both expose by default) when the SQL shows such an API, and
 * none otherwise: without an API, only the application's own roles reach the tables and RLS is a
 * choice, not a hole.
 *
 * @param because why these schemas count as exposed, for the evidence; null when none are
 */
record ExposedSchemas(Set<String> schemas, String because) {
    static final String PARAMETER = "exposedSchemas";
    private static final String AUTO = "auto";

    static ExposedSchemas of(RuleContext context) {
        String configured = context.text(PARAMETER);
        if (configured != null && !configured.strip().equalsIgnoreCase(AUTO)) {
            Set<String> schemas = new TreeSet<>();
            Arrays.stream(configured.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(schemas::add);
            return new ExposedSchemas(schemas, "exposedSchemas is set to " + String.join(",", schemas));
        }
        if (context.api().exposed()) {
            return new ExposedSchemas(Set.of("public"), context.api().signs().get(0));
        }
        return new ExposedSchemas(Set.of(), null);
    }

    boolean exposes(Table t) {
        // a relation with no columns was only named by ALTER TABLE (pg_dump writes ALTER TABLE ... OWNER TO for
        // sequences and views too) or CREATE INDEX: it is not known to be a table, and RLS applies to tables only
        return schemas.contains(t.schema()) && !t.columns().isEmpty();
    }

    /**
     * The report's line when the rule is off for want of an API but would have found something in
     * {@code public}; the same line for both RLS rules, so the report shows it once.
     */
    static Optional<String> note(RuleContext context, Predicate<Table> wouldFire) {
        String configured = context.text(PARAMETER);
        boolean auto = configured == null || configured.strip().equalsIgnoreCase(AUTO);
        if (!auto || context.api().exposed()
                || context.catalog().tables().stream().noneMatch(t -> t.schema().equals("public") && !t.columns().isEmpty() && wouldFire.test(t))) {
            return Optional.empty();
        }
        return Optional.of("rls-disabled and rls-no-policy are off: nothing in the schema shows an API (Supabase, PostgREST)"
                + " exposing it; to check row level security, set parameters: { exposedSchemas: \"public\" } for both rules"
                + " in querylens.yaml");
    }
}
