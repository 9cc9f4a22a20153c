package dev.querylens.schema;

import dev.querylens.collect.SourceLocation;
import java.util.List;
import java.util.Locale;

/**
 * A row level security policy as PostgreSQL keeps it (pg_policy): its name, the command it applies
 * to (ALL, SELECT, INSERT, UPDATE, DELETE), whether it is permissive (permissive policies are OR-ed,
 * restrictive ones AND-ed onto them), the roles it applies to ({@code public} when CREATE POLICY names
 * none), and its USING and WITH CHECK expressions as facts (an absent clause is {@link PolicyExpression#NONE}).
 * {@code definedAt} is the CREATE POLICY (or the ALTER POLICY that last changed its clauses) that made it
 * what it is, null from a live catalog: where a finding about the policy points, not the table's CREATE TABLE.
 */
public record Policy(String name, String command, boolean permissive, List<String> roles, PolicyExpression using,
                     PolicyExpression withCheck, SourceLocation definedAt) {

    public Policy {
        command = command.toUpperCase(Locale.ROOT);
        roles = roles == null || roles.isEmpty() ? List.of("public") : List.copyOf(roles);
        using = using == null ? PolicyExpression.NONE : using;
        withCheck = withCheck == null ? PolicyExpression.NONE : withCheck;
    }

    public Policy(String name, String command, boolean permissive, List<String> roles, PolicyExpression using,
                  PolicyExpression withCheck) {
        this(name, command, permissive, roles, using, withCheck, null);
    }

    /** A permissive policy for every role, with no expressions known. */
    public Policy(String name, String command) {
        this(name, command, true, List.of(), PolicyExpression.NONE, PolicyExpression.NONE);
    }

    public Policy renamed(String to) {
        return new Policy(to, command, permissive, roles, using, withCheck, definedAt);
    }

    /** The same policy as the statement at {@code location} left it. */
    public Policy at(SourceLocation location) {
        return new Policy(name, command, permissive, roles, using, withCheck, location);
    }

    /** Whether the policy governs this command: FOR ALL governs every one. */
    public boolean governs(String cmd) {
        return command.equals("ALL") || command.equalsIgnoreCase(cmd);
    }

    /** Whether it applies to this role; {@code public} (every role) applies to all. */
    public boolean appliesTo(String role) {
        return roles.contains("public") || roles.contains(role);
    }

    /** USING and WITH CHECK, those present. */
    public List<PolicyExpression> expressions() {
        return java.util.stream.Stream.of(using, withCheck).filter(PolicyExpression::present).toList();
    }
}
