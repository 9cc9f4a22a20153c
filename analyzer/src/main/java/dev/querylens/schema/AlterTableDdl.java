package dev.querylens.schema;

import dev.querylens.collect.Diagnostic;
import dev.querylens.collect.SourceLocation;
import java.util.Set;
import java.util.function.Consumer;

/**
 * ALTER TABLE: its renames, SET SCHEMA, and each comma-separated action. Actions that change
 * nothing the catalog models (OWNER TO, REPLICA IDENTITY, SET DEFAULT, ...) are passed over by
 * name; any other action is a diagnostic, never skipped in silence.
 */
final class AlterTableDdl {
    /** Actions that leave tables, columns, indexes, foreign keys, RLS and policies as they are. */
    private static final Set<String> NOT_MODELLED_HEADS = Set.of("owner", "replica", "reset", "cluster", "validate",
            "inherit", "no", "of", "not", "force"); // NO INHERIT / NO FORCE ..., OF type, NOT OF
    /** ALTER COLUMN sub-actions that change nothing modelled. */
    private static final Set<String> COLUMN_NOT_MODELLED = Set.of("default", "statistics", "storage", "compression",
            "identity", "expression", "generated", "(", "restart", "increment", "start", "minvalue", "maxvalue", "cycle",
            "cache", "no", "owned", "as", "sequence");

    private final SchemaDraft schema;
    private final TableDdl elements;

    AlterTableDdl(SchemaDraft schema, SourceLocation at, Consumer<Diagnostic> diagnostics, String sql) {
        this.schema = schema;
        this.elements = new TableDdl(schema, at, diagnostics, sql);
    }

    /** ALTER TABLE, after the TABLE keyword. */
    void alter(DdlTokens t) throws DdlException {
        if (t.peek().is("all") && t.peek(1).is("in")) {
            return; // ALL IN TABLESPACE ... SET TABLESPACE moves storage only
        }
        boolean ifExists = t.accept("if", "exists");
        // ONLY: a constraint added to a partitioned table is not built on its partitions (pg_dump adds theirs itself)
        elements.propagate = !t.accept("only");
        String name = schema.resolve(t.qualifiedName());
        t.accept("*");
        if (schema.others.containsKey(name)) {
            // ALTER TABLE works on views, materialized views and sequences too (pg_dump writes OWNER TO that way)
            if (t.accept("rename", "to")) {
                schema.renameOther(name, name.substring(0, name.indexOf('.') + 1) + t.name());
            }
            return;
        }
        TableDraft table = schema.tables.get(name);
        if (table == null) {
            if (ifExists) {
                return;
            }
            throw new DdlException("ALTER TABLE " + name + ", which no earlier statement created");
        }
        if (t.accept("rename")) {
            rename(table, t);
            return;
        }
        if (t.accept("set", "schema")) {
            String target = t.name();
            schema.createSchema(target);
            schema.renameTable(table, target + "." + table.name);
            return;
        }
        do {
            action(table, t);
        } while (t.accept(","));
        elements.flush(table);
    }

    private void rename(TableDraft table, DdlTokens t) throws DdlException {
        if (t.accept("to")) {
            schema.renameTable(table, table.schema + "." + t.name());
        } else if (t.accept("constraint")) {
            String from = t.name();
            t.expect("to");
            String to = t.name();
            // a PRIMARY KEY or UNIQUE constraint and its index share one name: renaming one renames both
            table.renameIndex(from, to);
            table.foreignKeys.replaceAll(fk -> from.equals(fk.name()) ? new ForeignKey(to, fk.columns(), fk.referencedTable(), fk.referencedColumns(), fk.definedAt()) : fk);
        } else {
            t.accept("column");
            String from = t.name();
            t.expect("to");
            String to = t.name();
            if (!table.hasColumn(from)) {
                throw new DdlException("RENAME COLUMN " + from + ", which " + table.qualified + " does not have");
            }
            schema.renameColumn(table, from, to);
        }
    }

    private void action(TableDraft table, DdlTokens t) throws DdlException {
        if (t.accept("enable", "row", "level", "security")) {
            table.rls = true;
        } else if (t.accept("disable", "row", "level", "security")) {
            table.rls = false;
        } else if ((t.peek().is("enable") || t.peek().is("disable")) && TriggerDdl.enable(table, t)) {
            // ENABLE/DISABLE TRIGGER: done; what follows is the next action
        } else if (t.accept("add")) {
            if (t.peek().is("constraint") || t.peek().is("primary") || t.peek().is("unique") || t.peek().is("foreign")
                    || t.peek().is("check") || t.peek().is("exclude")) {
                elements.element(table, untilComma(t));
            } else {
                t.accept("column");
                boolean ifNotExists = t.accept("if", "not", "exists");
                DdlTokens definition = untilComma(t);
                if (!(ifNotExists && table.hasColumn(definition.peek().text()))) {
                    elements.element(table, definition);
                }
            }
        } else if (t.accept("drop", "constraint")) {
            t.accept("if", "exists");
            String constraint = t.name();
            boolean cascade = t.accept("cascade");
            Index dropped = table.indexes.stream().filter(ix -> ix.name().equals(constraint)).findFirst().orElse(null);
            table.indexes.removeIf(ix -> ix.name().equals(constraint));
            Partitions.indexDropped(schema, table, constraint);
            table.foreignKeys.removeIf(fk -> constraint.equals(fk.name()));
            if (dropped != null && cascade) {
                // CASCADE also drops the foreign keys that relied on the dropped unique index
                for (TableDraft other : schema.tables.values()) {
                    other.foreignKeys.removeIf(fk -> fk.referencedTable().equals(table.qualified)
                            && Set.copyOf(fk.referencedColumns()).equals(Set.copyOf(dropped.keys())));
                }
            }
        } else if (t.accept("drop")) {
            t.accept("column");
            t.accept("if", "exists");
            schema.dropColumn(table, t.name());
        } else if (t.accept("attach", "partition")) {
            String partition = schema.resolve(t.qualifiedName());
            TableDraft child = schema.tables.get(partition);
            if (child == null) {
                throw new DdlException("ATTACH PARTITION " + partition + ", which no earlier statement created");
            }
            Partitions.attach(schema, table, child);
        } else if (t.accept("detach", "partition")) {
            TableDraft child = schema.tables.get(schema.resolve(t.qualifiedName()));
            if (child != null) {
                child.partitionOf = null; // its copies of the parent's indexes stay, as its own
                child.clonedFrom.clear();
            }
        } else if (t.accept("alter", "constraint")) {
            skipToComma(t); // DEFERRABLE / INITIALLY ... changes nothing modelled
        } else if (t.accept("alter")) {
            t.accept("column");
            alterColumn(table, t.name(), t);
        } else if (t.peek().is("set") && (t.peek(1).is("logged") || t.peek(1).is("unlogged") || t.peek(1).is("tablespace")
                || t.peek(1).is("(") || t.peek(1).is("without") || t.peek(1).is("access"))
                || t.peek().is("enable") || t.peek().is("disable") || NOT_MODELLED_HEADS.contains(t.peek().text())) {
            // FORCE ROW LEVEL SECURITY applies RLS to the owner too; it does not enable it (relforcerowsecurity)
            skipToComma(t);
        } else {
            throw new DdlException("ALTER TABLE action '" + t.peek().text() + "' is not modelled");
        }
        skipToComma(t);
    }

    private void alterColumn(TableDraft table, String column, DdlTokens t) throws DdlException {
        if (!table.hasColumn(column)) {
            throw new DdlException("ALTER COLUMN " + column + ", which " + table.qualified + " does not have");
        }
        if (t.accept("set", "not", "null")) {
            table.setNotNull(column, true);
        } else if (t.accept("drop", "not", "null")) {
            table.setNotNull(column, false);
        } else if (t.accept("set", "data", "type") || t.accept("type")) {
            int from = t.position();
            while (!t.atEnd() && !t.peek().is(",") && !t.peek().is("collate") && !t.peek().is("using")) {
                if (t.peek().is("(")) {
                    t.skipGroup();
                } else {
                    t.next();
                }
            }
            table.setType(column, SqlText.foldCase(t.textOf(from, t.position())).replaceAll("\\s+", " "));
        } else if (t.accept("add", "generated")) {
            table.setNotNull(column, true); // ADD GENERATED ... AS IDENTITY requires and keeps NOT NULL
        } else if (t.accept("set") || t.accept("drop") || t.accept("reset") || t.accept("restart")) {
            if (!COLUMN_NOT_MODELLED.contains(t.peek().text())) {
                throw new DdlException("ALTER COLUMN ... " + t.peek().text() + " is not modelled");
            }
        } else {
            throw new DdlException("ALTER COLUMN action '" + t.peek().text() + "' is not modelled");
        }
    }

    private static DdlTokens untilComma(DdlTokens t) {
        int from = t.position();
        skipToComma(t);
        return t.slice(new int[] {from, t.position()});
    }

    static void skipToComma(DdlTokens t) {
        int depth = 0;
        while (!t.atEnd()) {
            var tok = t.peek();
            if (depth == 0 && tok.is(",")) {
                return;
            }
            if (tok.is("(") || tok.is("[")) {
                depth++; // ARRAY['a', 'b'] in a DEFAULT is one expression
            } else if (tok.is(")") || tok.is("]")) {
                depth--;
            }
            t.next();
        }
    }
}
