package dev.querylens.schema;

import dev.querylens.collect.Diagnostic;
import dev.querylens.collect.SourceLocation;
import dev.querylens.collect.SqlScript;
import dev.querylens.collect.SqlStatementText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds a {@link Catalog} from DDL: CREATE TABLE, CREATE INDEX, ALTER TABLE (constraints, columns,
 * row level security), CREATE POLICY, DROP INDEX/TABLE, and the DO blocks Drizzle-kit wraps around
 * foreign keys. It reads PostgreSQL's own grammar for these forms by hand because JSqlParser 5.x
 * rejects several that real migrations use (CREATE INDEX ... IF NOT EXISTS, ENABLE ROW LEVEL
 * SECURITY, CREATE POLICY). Statements it does not model (CREATE TYPE, GRANT, ...) are skipped; a
 * modelled statement it cannot follow becomes a diagnostic.
 */
public final class SchemaReader {
    private final Map<String, TableDraft> tables = new LinkedHashMap<>();

    /** Whether the statement is DDL, which belongs to the schema rather than the workload. */
    public static boolean isDdl(String sql) {
        String head = firstWord(sql);
        return switch (head) {
            case "create", "alter", "drop", "comment", "grant", "revoke", "do" -> true;
            default -> false;
        };
    }

    public void read(String text, String file, Consumer<Diagnostic> diagnostics) {
        for (SqlStatementText st : SqlScript.split(text)) {
            read(st.sql(), new SourceLocation(file, st.line()), diagnostics);
        }
    }

    public void read(String sql, SourceLocation at, Consumer<Diagnostic> diagnostics) {
        DdlTokens t = new DdlTokens(sql);
        try {
            if (t.accept("create")) {
                create(t, at, diagnostics);
            } else if (t.accept("alter", "table")) {
                alterTable(t);
            } else if (t.accept("drop", "index")) {
                dropIndex(t);
            } else if (t.accept("drop", "table")) {
                t.accept("if", "exists");
                do {
                    tables.remove(qualify(t.qualifiedName()));
                } while (t.accept(","));
            } else if (t.accept("do")) {
                doBlock(t, at, diagnostics);
            }
        } catch (DdlException | RuntimeException e) {
            // the statement is shown normalized: DDL holds literals too (ALTER ROLE ... PASSWORD '...')
            diagnostics.accept(Diagnostic.at(at, "could not read DDL ("
                    + (e instanceof DdlException ? e.getMessage() : e.getClass().getSimpleName()) + "): "
                    + abbreviate(t.withoutLiterals())));
        }
    }

    public Catalog catalog() {
        return new Catalog(tables.values().stream().map(TableDraft::build).toList());
    }

    private void create(DdlTokens t, SourceLocation at, Consumer<Diagnostic> diagnostics) throws DdlException {
        t.accept("or", "replace");
        boolean unique = t.accept("unique");
        if (t.accept("index")) {
            createIndex(t, unique);
            return;
        }
        while (t.accept("unlogged") || t.accept("temporary") || t.accept("temp") || t.accept("global") || t.accept("local")) {
            // modifiers that do not change what the catalog needs
        }
        if (t.accept("table")) {
            createTable(t, at);
        } else if (t.accept("policy")) {
            createPolicy(t);
        }
    }

    private void createTable(DdlTokens t, SourceLocation at) throws DdlException {
        t.accept("if", "not", "exists");
        String name = qualify(t.qualifiedName());
        if (!t.peek().is("(")) {
            return; // CREATE TABLE ... AS / PARTITION OF: no column list to read
        }
        TableDraft table = tables.computeIfAbsent(name, TableDraft::new);
        table.definedAt = at;
        for (int[] part : t.groupParts()) {
            tableElement(table, t.slice(part));
        }
    }

    private void tableElement(TableDraft table, DdlTokens e) throws DdlException {
        if (e.size() == 0) {
            return;
        }
        String constraintName = null;
        if (e.accept("constraint")) {
            constraintName = e.name();
        }
        if (e.peek().is("primary") || e.peek().is("unique") || e.peek().is("foreign")
                || e.peek().is("check") || e.peek().is("exclude")) {
            tableConstraint(table, constraintName, e);
        } else if (!e.accept("like")) {
            columnDefinition(table, e);
        }
    }

    private void tableConstraint(TableDraft table, String name, DdlTokens e) throws DdlException {
        if (e.accept("primary", "key")) {
            List<String> cols = e.nameList();
            table.indexes.add(new Index(name != null ? name : table.name + "_pkey", table.qualified, cols, List.of(), true, "btree", null));
        } else if (e.accept("unique")) {
            e.accept("nulls", "not", "distinct");
            List<String> cols = e.nameList();
            table.indexes.add(new Index(name != null ? name : table.name + "_" + String.join("_", cols) + "_key",
                    table.qualified, cols, List.of(), true, "btree", null));
        } else if (e.accept("foreign", "key")) {
            List<String> cols = e.nameList();
            e.expect("references");
            String ref = qualify(e.qualifiedName());
            List<String> refCols = e.peek().is("(") ? e.nameList() : List.of();
            table.foreignKeys.add(new ForeignKey(name, cols, ref, refCols));
        }
    }

    private void columnDefinition(TableDraft table, DdlTokens e) throws DdlException {
        String column = e.name();
        int typeStart = e.position();
        int depth = 0;
        while (!e.atEnd()) {
            var tok = e.peek();
            if (depth == 0 && (tok.is("constraint") || tok.is("not") || tok.is("null") || tok.is("default")
                    || tok.is("primary") || tok.is("unique") || tok.is("references") || tok.is("check")
                    || tok.is("generated") || tok.is("collate"))) {
                break;
            }
            if (tok.is("(")) {
                depth++;
            } else if (tok.is(")")) {
                depth--;
            }
            e.next();
        }
        String type = e.textOf(typeStart, e.position()).toLowerCase(Locale.ROOT);
        boolean notNull = false;
        while (!e.atEnd()) {
            String constraintName = e.accept("constraint") ? e.name() : null;
            if (e.accept("not", "null")) {
                notNull = true;
            } else if (e.accept("primary", "key")) {
                notNull = true;
                table.indexes.add(new Index(constraintName != null ? constraintName : table.name + "_pkey",
                        table.qualified, List.of(column), List.of(), true, "btree", null));
            } else if (e.accept("unique")) {
                table.indexes.add(new Index(constraintName != null ? constraintName : table.name + "_" + column + "_key",
                        table.qualified, List.of(column), List.of(), true, "btree", null));
            } else if (e.accept("references")) {
                String ref = qualify(e.qualifiedName());
                List<String> refCols = e.peek().is("(") ? e.nameList() : List.of();
                table.foreignKeys.add(new ForeignKey(constraintName, List.of(column), ref, refCols));
            } else if (e.peek().is("(")) {
                e.groupParts(); // a DEFAULT, CHECK or GENERATED expression's parentheses
            } else {
                e.next();
            }
        }
        table.columns.removeIf(c -> c.name().equals(column));
        table.columns.add(new Column(column, type, notNull));
    }

    private void createIndex(DdlTokens t, boolean unique) throws DdlException {
        t.accept("concurrently");
        t.accept("if", "not", "exists");
        String name = t.peek().is("on") ? null : t.name();
        t.expect("on");
        t.accept("only");
        String table = qualify(t.qualifiedName());
        String method = t.accept("using") ? t.name() : "btree";
        List<String> keys = new ArrayList<>();
        for (int[] part : t.groupParts()) {
            keys.add(indexKey(t.slice(part)));
        }
        List<String> include = t.accept("include") ? t.nameList() : List.of();
        String predicate = null;
        while (!t.atEnd()) {
            if (t.accept("where")) {
                predicate = t.rest();
                break;
            } else if (t.peek().is("(")) {
                t.groupParts();
            } else {
                t.next();
            }
        }
        TableDraft draft = tables.computeIfAbsent(table, TableDraft::new);
        String indexName = name != null ? name : draft.name + "_" + String.join("_", keys) + "_idx";
        draft.indexes.removeIf(ix -> ix.name().equals(indexName));
        draft.indexes.add(new Index(indexName, table, keys, include, unique, method, predicate));
    }

    /** A key is a bare column (maybe with ASC/DESC, opclass, collation) or an expression kept as text. */
    private static String indexKey(DdlTokens k) throws DdlException {
        if (k.peek().isName() && !k.peek(1).is("(") && !k.peek(1).is(".") && !k.peek(1).is("::")) {
            String column = k.name();
            boolean onlyModifiers = true;
            while (!k.atEnd()) {
                var tok = k.next();
                onlyModifiers &= tok.isName();
            }
            if (onlyModifiers) {
                return column;
            }
        }
        String text = k.textOf(0, k.size());
        String expression = text.replaceAll("(?i)\\s+(asc|desc)(\\s+nulls\\s+(first|last))?$", "");
        return stripOuterParens(expression).replace("\"", "").toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    private void alterTable(DdlTokens t) throws DdlException {
        t.accept("if", "exists");
        t.accept("only");
        String name = qualify(t.qualifiedName());
        TableDraft table = tables.computeIfAbsent(name, TableDraft::new);
        do {
            alterAction(table, t);
        } while (t.accept(","));
    }

    private void alterAction(TableDraft table, DdlTokens t) throws DdlException {
        if (t.accept("enable", "row", "level", "security") || t.accept("force", "row", "level", "security")) {
            table.rls = true;
        } else if (t.accept("disable", "row", "level", "security")) {
            table.rls = false;
        } else if (t.accept("add")) {
            if (t.peek().is("constraint") || t.peek().is("primary") || t.peek().is("unique") || t.peek().is("foreign")
                    || t.peek().is("check") || t.peek().is("exclude")) {
                String constraintName = t.accept("constraint") ? t.name() : null;
                tableConstraint(table, constraintName, t);
            } else {
                t.accept("column");
                t.accept("if", "not", "exists");
                columnDefinition(table, untilComma(t));
            }
        } else if (t.accept("drop", "constraint")) {
            t.accept("if", "exists");
            String constraint = t.name();
            table.indexes.removeIf(ix -> ix.name().equals(constraint));
            table.foreignKeys.removeIf(fk -> constraint.equals(fk.name()));
        } else if (t.accept("drop", "column") || t.accept("drop")) {
            t.accept("if", "exists");
            String column = t.name();
            table.columns.removeIf(c -> c.name().equals(column));
            table.indexes.removeIf(ix -> ix.keys().contains(column));
        }
        skipToComma(t);
    }

    private static DdlTokens untilComma(DdlTokens t) {
        int from = t.position();
        skipToComma(t);
        return t.slice(new int[] {from, t.position()});
    }

    private static void skipToComma(DdlTokens t) {
        int depth = 0;
        while (!t.atEnd()) {
            var tok = t.peek();
            if (depth == 0 && tok.is(",")) {
                return;
            }
            if (tok.is("(")) {
                depth++;
            } else if (tok.is(")")) {
                depth--;
            }
            t.next();
        }
    }

    private void createPolicy(DdlTokens t) throws DdlException {
        String name = t.name();
        t.expect("on");
        String table = qualify(t.qualifiedName());
        String command = "all";
        while (!t.atEnd()) {
            if (t.accept("for")) {
                command = t.next().text();
                break;
            }
            t.next();
        }
        tables.computeIfAbsent(table, TableDraft::new).policies.add(new Policy(name, command.toUpperCase(Locale.ROOT)));
    }

    private void dropIndex(DdlTokens t) throws DdlException {
        t.accept("concurrently");
        t.accept("if", "exists");
        do {
            String name = t.qualifiedName();
            String bare = name.contains(".") ? name.substring(name.indexOf('.') + 1) : name;
            tables.values().forEach(table -> table.indexes.removeIf(ix -> ix.name().equals(bare)));
        } while (t.accept(","));
    }

    /** Drizzle-kit wraps ADD CONSTRAINT in DO $$ BEGIN ... EXCEPTION ... END $$: read the statements inside. */
    private void doBlock(DdlTokens t, SourceLocation at, Consumer<Diagnostic> diagnostics) {
        String body = t.next().text();
        int tag = body.indexOf('$', 1);
        if (tag < 0 || !body.startsWith("$")) {
            return;
        }
        String inner = body.substring(tag + 1, body.length() - tag - 1);
        String lower = inner.toLowerCase(Locale.ROOT);
        int begin = lower.indexOf("begin");
        int exception = lower.lastIndexOf("exception");
        int end = exception > begin ? exception : lower.lastIndexOf("end");
        if (begin < 0 || end <= begin) {
            return;
        }
        for (SqlStatementText st : SqlScript.split(inner.substring(begin + 5, end))) {
            if (firstWord(st.sql()).equals("alter") || firstWord(st.sql()).equals("create")) {
                read(st.sql(), at, diagnostics);
            }
        }
    }

    private static String qualify(String name) {
        return name.contains(".") ? name : "public." + name;
    }

    private static String stripOuterParens(String s) {
        String x = s.strip();
        while (x.startsWith("(") && x.endsWith(")") && balanced(x.substring(1, x.length() - 1))) {
            x = x.substring(1, x.length() - 1).strip();
        }
        return x;
    }

    private static boolean balanced(String s) {
        int depth = 0;
        for (char c : s.toCharArray()) {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth < 0) {
                return false;
            }
        }
        return depth == 0;
    }

    private static String firstWord(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n && !Character.isLetter(sql.charAt(i))) {
            i++;
        }
        int j = i;
        while (j < n && Character.isLetter(sql.charAt(j))) {
            j++;
        }
        return sql.substring(i, j).toLowerCase(Locale.ROOT);
    }

    static String abbreviate(String sql) {
        String flat = sql.replaceAll("\\s+", " ").strip();
        return flat.length() > 120 ? flat.substring(0, 117) + "..." : flat;
    }

    /** The mutable form of a table while DDL is being read; frozen into a {@link Table} at the end. */
    private static final class TableDraft {
        final String qualified;
        final String schema;
        final String name;
        final List<Column> columns = new ArrayList<>();
        final List<Index> indexes = new ArrayList<>();
        final List<ForeignKey> foreignKeys = new ArrayList<>();
        final List<Policy> policies = new ArrayList<>();
        boolean rls;
        SourceLocation definedAt;

        TableDraft(String qualified) {
            this.qualified = qualified;
            int dot = qualified.indexOf('.');
            this.schema = qualified.substring(0, dot);
            this.name = qualified.substring(dot + 1);
        }

        Table build() {
            return new Table(schema, name, columns, indexes, foreignKeys, rls, policies, -1, definedAt);
        }
    }
}
