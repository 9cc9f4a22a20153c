package dev.querylens.schema;

import dev.querylens.collect.SourceLocation;

/**
 * A view and whether it runs with the privileges (and row level security) of the role querying it
 * ({@code security_invoker}, PostgreSQL 15+) rather than of its owner, which is the default.
 */
public record View(String schema, String name, boolean securityInvoker, SourceLocation definedAt) {
    public String qualifiedName() {
        return schema + "." + name;
    }
}
