package dev.querylens.schema;

import dev.querylens.collect.SourceLocation;
import java.util.List;
import java.util.Set;

/**
 * A trigger on a table, as pg_trigger holds it (internal ones, which foreign keys make, left out).
 * {@code table} is the table's qualified name; {@code function} the trigger function's qualified
 * name (schema.name, no argument list: trigger functions take none); {@code transitionTables} the
 * names REFERENCING ... TABLE AS gives (only a statement-level or AFTER trigger has them);
 * {@code when} whether a WHEN condition limits it; {@code enabled} whether it fires in an ordinary
 * session (tgenabled O or A: DISABLE and ENABLE REPLICA triggers do not). {@code updateOf} are the
 * columns of {@code UPDATE OF a, b} as written (pg_trigger.tgattr), empty when any UPDATE fires it.
 */
public record Trigger(String schema, String table, String name, Timing timing, Set<Event> events, List<String> updateOf, Level level,
                      List<String> transitionTables, boolean when, String function, boolean enabled, SourceLocation definedAt) {
    public enum Timing { BEFORE, AFTER, INSTEAD_OF;

        public String sql() {
            return this == INSTEAD_OF ? "INSTEAD OF" : name();
        }
    }

    public enum Event { INSERT, UPDATE, DELETE, TRUNCATE }

    public enum Level { ROW, STATEMENT }

    public Trigger {
        events = Set.copyOf(events);
        updateOf = List.copyOf(updateOf);
        transitionTables = List.copyOf(transitionTables);
    }

    public boolean forEachRow() {
        return level == Level.ROW;
    }

    /** The events as CREATE TRIGGER lists them, in PostgreSQL's order, with UPDATE's columns. */
    public String eventsText() {
        return String.join(" OR ", java.util.Arrays.stream(Event.values()).filter(events::contains)
                .map(e -> e == Event.UPDATE && !updateOf.isEmpty() ? "UPDATE OF " + String.join(", ", updateOf) : e.name()).toList());
    }

    /**
     * Whether an UPDATE that assigns these columns fires it: PostgreSQL fires an {@code UPDATE OF}
     * trigger only when the statement's SET names one of its columns (changes a BEFORE UPDATE
     * trigger makes to the row are not considered). {@code assigned} empty means not known.
     */
    public boolean firesForUpdateOf(java.util.Collection<String> assigned) {
        return updateOf.isEmpty() || assigned.isEmpty() || updateOf.stream().anyMatch(assigned::contains);
    }

    Trigger onTable(String qualified) {
        return new Trigger(qualified.substring(0, qualified.indexOf('.')), qualified, name, timing, events, updateOf, level, transitionTables, when,
                function, enabled, definedAt);
    }

    Trigger renamed(String to) {
        return new Trigger(schema, table, to, timing, events, updateOf, level, transitionTables, when, function, enabled, definedAt);
    }

    Trigger updateOf(List<String> columns) {
        return new Trigger(schema, table, name, timing, events, columns, level, transitionTables, when, function, enabled, definedAt);
    }

    Trigger enabled(boolean on) {
        return new Trigger(schema, table, name, timing, events, updateOf, level, transitionTables, when, function, on, definedAt);
    }
}
