package dev.querylens.schema;

import dev.querylens.collect.SourceLocation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Triggers as PostgreSQL 15's grammar writes them: CREATE [OR REPLACE] [CONSTRAINT] TRIGGER, DROP
 * TRIGGER [IF EXISTS] name ON table, ALTER TRIGGER name ON table RENAME TO, and ALTER TABLE's
 * {ENABLE [REPLICA | ALWAYS] | DISABLE} TRIGGER {name | ALL | USER}. A trigger lives on its table's
 * draft, so it goes with the table when the table is dropped and follows it when renamed.
 */
final class TriggerDdl {
    private final SchemaDraft schema;
    private final SourceLocation at;

    TriggerDdl(SchemaDraft schema, SourceLocation at) {
        this.schema = schema;
        this.at = at;
    }

    /** The cursor after TRIGGER. */
    void create(DdlTokens t, boolean orReplace) throws DdlException {
        String name = t.name();
        Trigger.Timing timing;
        if (t.accept("before")) {
            timing = Trigger.Timing.BEFORE;
        } else if (t.accept("after")) {
            timing = Trigger.Timing.AFTER;
        } else if (t.accept("instead", "of")) {
            timing = Trigger.Timing.INSTEAD_OF;
        } else {
            throw new DdlException("CREATE TRIGGER " + name + " without BEFORE, AFTER or INSTEAD OF");
        }
        Set<Trigger.Event> events = EnumSet.noneOf(Trigger.Event.class);
        List<String> updateOf = new ArrayList<>();
        do {
            String event = t.next().text().toUpperCase(java.util.Locale.ROOT);
            try {
                events.add(Trigger.Event.valueOf(event));
            } catch (IllegalArgumentException e) {
                throw new DdlException("CREATE TRIGGER " + name + " on an event it does not know");
            }
            if (event.equals("UPDATE") && t.accept("of")) {
                do {
                    updateOf.add(t.name());
                } while (t.accept(","));
            }
        } while (t.accept("or"));
        t.expect("on");
        String written = t.qualifiedName();
        String table = schema.resolve(written);
        TableDraft draft = schema.tables.get(table);
        if (draft == null) {
            if (schema.others.containsKey(table)) {
                return; // a view's INSTEAD OF trigger: views are not where writes are counted
            }
            throw new DdlException("CREATE TRIGGER " + name + " on " + table + ", which no earlier statement created as a table");
        }
        Trigger.Level level = Trigger.Level.STATEMENT;
        List<String> transition = new ArrayList<>();
        boolean when = false;
        String function = null;
        while (!t.atEnd() && function == null) {
            if (t.accept("from")) {
                t.qualifiedName();
            } else if (t.accept("not", "deferrable") || t.accept("deferrable") || t.accept("initially")) {
                if (t.peek().is("immediate") || t.peek().is("deferred")) {
                    t.next();
                }
            } else if (t.accept("referencing")) {
                while (t.peek().is("old") || t.peek().is("new")) {
                    t.next();
                    t.accept("table");
                    t.accept("as");
                    transition.add(t.name());
                }
            } else if (t.accept("for")) {
                t.accept("each");
                level = t.next().is("row") ? Trigger.Level.ROW : Trigger.Level.STATEMENT;
            } else if (t.accept("when")) {
                when = true;
                t.skipGroup();
            } else if (t.accept("execute")) {
                if (!t.accept("function")) {
                    t.expect("procedure");
                }
                function = resolveFunction(t.qualifiedName());
            } else {
                throw new DdlException("CREATE TRIGGER " + name + ": '" + t.peek().text() + "' is not modelled");
            }
        }
        if (function == null) {
            throw new DdlException("CREATE TRIGGER " + name + " without EXECUTE FUNCTION");
        }
        boolean exists = draft.triggers.stream().anyMatch(tr -> tr.name().equals(name));
        if (exists && !orReplace) {
            throw new DdlException("trigger " + name + " for " + table + " already exists");
        }
        draft.triggers.removeIf(tr -> tr.name().equals(name));
        draft.triggers.add(new Trigger(draft.schema, table, name, timing, events, updateOf, level, transition, when, function, true, at));
    }

    /** DROP TRIGGER, the cursor after TRIGGER. */
    void drop(DdlTokens t) throws DdlException {
        boolean ifExists = t.accept("if", "exists");
        String name = t.name();
        t.expect("on");
        String table = schema.resolve(t.qualifiedName());
        TableDraft draft = schema.tables.get(table);
        boolean dropped = draft != null && draft.triggers.removeIf(tr -> tr.name().equals(name));
        if (!dropped && !ifExists && !schema.others.containsKey(table)) {
            throw new DdlException("DROP TRIGGER " + name + " on " + table + ", which no earlier statement created");
        }
    }

    /** ALTER TRIGGER name ON table RENAME TO new (and [NO] DEPENDS ON EXTENSION, which changes nothing modelled). */
    void alter(DdlTokens t) throws DdlException {
        String name = t.name();
        t.expect("on");
        String table = schema.resolve(t.qualifiedName());
        TableDraft draft = schema.tables.get(table);
        if (t.accept("rename", "to")) {
            String to = t.name();
            if (draft == null || draft.triggers.stream().noneMatch(tr -> tr.name().equals(name))) {
                throw new DdlException("ALTER TRIGGER " + name + " on " + table + ", which no earlier statement created");
            }
            draft.triggers.replaceAll(tr -> tr.name().equals(name) ? tr.renamed(to) : tr);
        }
    }

    /**
     * ALTER TABLE's ENABLE/DISABLE TRIGGER, the cursor at ENABLE or DISABLE; false, cursor unmoved,
     * when the action is about something else (ENABLE RULE, ENABLE ROW LEVEL SECURITY).
     */
    static boolean enable(TableDraft table, DdlTokens t) throws DdlException {
        int mark = t.position();
        boolean on = t.next().is("enable");
        // ENABLE REPLICA fires only where session_replication_role is replica; ENABLE ALWAYS fires everywhere
        boolean replica = on && t.accept("replica");
        if (on && !replica) {
            t.accept("always");
        }
        if (!t.accept("trigger")) {
            t.seek(mark);
            return false;
        }
        boolean fires = on && !replica;
        if (t.accept("all") || t.accept("user")) {
            table.triggers.replaceAll(tr -> tr.enabled(fires));
        } else {
            String name = t.name();
            if (table.triggers.stream().noneMatch(tr -> tr.name().equals(name))) {
                throw new DdlException((on ? "ENABLE" : "DISABLE") + " TRIGGER " + name + ", which " + table.qualified + " does not have");
            }
            table.triggers.replaceAll(tr -> tr.name().equals(name) ? tr.enabled(fires) : tr);
        }
        return true;
    }

    /** The function EXECUTE FUNCTION names: schema-qualified as written, else the first schema on the search_path that has it. */
    private String resolveFunction(String written) throws DdlException {
        if (written.contains(".")) {
            return written;
        }
        for (String s : schema.searchPath()) {
            if (schema.routines.values().stream().anyMatch(r -> r.schema().equals(s) && r.name().equals(written))) {
                return s + "." + written;
            }
        }
        // pg_catalog's own (suppress_redundant_updates_trigger, tsvector_update_trigger) come before the search_path
        if (written.startsWith("suppress_redundant") || written.startsWith("tsvector_update")) {
            return "pg_catalog." + written;
        }
        String q = schema.forCreate(written);
        return q;
    }
}
