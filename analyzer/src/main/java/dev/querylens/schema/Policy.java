package dev.querylens.schema;

/** A row level security policy: its name and the command it applies to (ALL, SELECT, ...). */
public record Policy(String name, String command) {
}
