package dev.querylens.schema;

import dev.querylens.collect.SourceLocation;
import java.util.List;
import java.util.Set;

/**
 * A function or procedure: what the security rules read about it. {@code argumentTypes} are the
 * input argument types as written (folded as the server folds words; OUT arguments are not part of
 * the signature); {@code returns} the result type as written (null for a procedure). {@code searchPath} is the value of a {@code SET search_path} attached to it
 * (pg_proc.proconfig), null when none is. {@code grantees} hold EXECUTE directly ({@code public}
 * for PUBLIC, which PostgreSQL grants by default); {@code clientRoles} are the API's roles (anon,
 * authenticated) a live server says may execute it, also through role membership, empty from DDL;
 * {@code revokedFrom} the roles DDL revoked EXECUTE from (what a platform's default grants would
 * otherwise give them back).
 */
public record Routine(String schema, String name, List<String> argumentTypes, String returns, boolean procedure, boolean securityDefiner,
                      String searchPath, String language, String owner, Set<String> grantees, Set<String> revokedFrom, Set<String> clientRoles,
                      SourceLocation definedAt) {
    public Routine {
        argumentTypes = List.copyOf(argumentTypes);
        grantees = Set.copyOf(grantees);
        revokedFrom = Set.copyOf(revokedFrom);
        clientRoles = Set.copyOf(clientRoles);
    }

    /** schema.name(types), as GRANT, ALTER and DROP name it. */
    public String signature() {
        return schema + "." + name + "(" + String.join(", ", argumentTypes) + ")";
    }

    /** A trigger function runs only as a trigger: nothing, PostgREST included, can call it directly. */
    public boolean trigger() {
        return "trigger".equals(returns) || "event_trigger".equals(returns);
    }

    /** Whether the role may call it: granted to it or to PUBLIC, or a live server said so. */
    public boolean executableBy(String role) {
        return grantees.contains("public") || grantees.contains(role) || clientRoles.contains(role);
    }
}
