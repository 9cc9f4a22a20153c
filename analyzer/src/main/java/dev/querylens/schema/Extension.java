package dev.querylens.schema;

import dev.querylens.collect.SourceLocation;

/** An installed extension and the schema its objects were created in. */
public record Extension(String name, String schema, SourceLocation definedAt) {
}
