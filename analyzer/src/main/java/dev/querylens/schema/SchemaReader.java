package dev.querylens.schema;

import dev.querylens.collect.Diagnostic;
import dev.querylens.collect.SourceLocation;
import dev.querylens.collect.SqlScript;
import dev.querylens.collect.SqlStatementText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Builds a {@link Catalog} from DDL read in the order it was applied: CREATE/ALTER/DROP of
 * tables, indexes, views, materialized views, sequences, schemas and policies, renames, the
 * search_path, and the DDL inside DO blocks. It reads PostgreSQL's own grammar for these forms by
 * hand because JSqlParser 5.x rejects several that real migrations use (CREATE INDEX ... IF NOT
 * EXISTS, ENABLE ROW LEVEL SECURITY, CREATE POLICY). Statements that cannot change what the
 * catalog models (CREATE TYPE, GRANT, COMMENT, ...) are passed over by name; a DDL statement the
 * reader cannot follow becomes a diagnostic naming it, never a silent gap.
 */
public final class SchemaReader {
    /** Statement kinds that change nothing the catalog models: types, privileges, ... (event triggers are "event") */
    private static final Set<String> NOT_MODELLED = Set.of("type", "domain", "function", "procedure", "routine",
            "constraint", "extension", "role", "user", "group", "publication", "subscription", "aggregate", "operator", "cast",
            "collation", "conversion", "language", "trusted", "procedural", "event", "rule", "statistics", "server", "foreign",
            "text", "access", "transform", "tablespace", "database", "default", "system", "large", "owned", "mapping");

    /** The word INTO anywhere: the cheap test before a SELECT is read for SELECT ... INTO table. */
    private static final java.util.regex.Pattern INTO = java.util.regex.Pattern.compile("(?i)\\binto\\b");

    private final SchemaDraft schema = new SchemaDraft();
    private String currentFile;

    /** Whether the statement belongs to the schema rather than the workload: DDL, and the search_path DDL resolves names with. */
    public static boolean isDdl(String sql) {
        String head = firstWord(sql);
        return switch (head) {
            case "create", "alter", "drop", "comment", "grant", "revoke", "do" -> true;
            case "set" -> SearchPath.sets(sql);
            case "select" -> SearchPath.sets(sql) || INTO.matcher(sql).find() && selectInto(new DdlTokens(sql)).isPresent();
            default -> false;
        };
    }

    public void read(String text, String file, Consumer<Diagnostic> diagnostics) {
        for (SqlStatementText st : SqlScript.split(text)) {
            read(st.sql(), new SourceLocation(file, st.line()), diagnostics);
        }
    }

    public void read(String sql, SourceLocation at, Consumer<Diagnostic> diagnostics) {
        if (!at.file().equals(currentFile)) {
            // each migration file runs in a session of its own: a SET search_path ends with its file
            currentFile = at.file();
            schema.resetSearchPath();
        }
        statement(sql, at, diagnostics);
    }

    /** One statement, also the statements found inside DO blocks. */
    void statement(String sql, SourceLocation at, Consumer<Diagnostic> diagnostics) {
        DdlTokens t = new DdlTokens(sql);
        try {
            if (t.accept("create")) {
                create(t, at, diagnostics, sql);
            } else if (t.accept("alter")) {
                alter(t, at, diagnostics, sql);
            } else if (t.accept("drop")) {
                drop(t, sql, at, diagnostics);
            } else if (t.accept("do")) {
                new DoBlock(this, at, diagnostics, sql).read(t);
            } else if (t.accept("grant")) {
                new RoutineDdl(schema, at).grant(t, true);
            } else if (t.accept("revoke")) {
                new RoutineDdl(schema, at).grant(t, false);
            } else if (t.peek().is("select") && selectInto(t).isPresent()) {
                statement(selectInto(t).get(), at, diagnostics);
            } else if (t.peek().is("set") || t.peek().is("select")) {
                SearchPath.read(sql).ifPresent(schema::setSearchPath);
            }
            // COMMENT and anything that is not DDL change nothing modelled
        } catch (DdlException | RuntimeException e) {
            // the statement is shown without its literals: DDL holds secrets too (ALTER ROLE ... PASSWORD '...')
            String message = "could not read DDL (" + (e instanceof DdlException ? e.getMessage() : e.getClass().getSimpleName())
                    + "): " + abbreviate(sql);
            diagnostics.accept(e instanceof DdlException d && d.lostSchema()
                    ? Diagnostic.lost(at.file(), at.line(), -1, message) : Diagnostic.at(at, message));
        }
    }

    /** A live catalog says which constraint owns an index, which pg_get_indexdef's CREATE INDEX does not. */
    void constraintOwns(String table, String index, Index.Constraint constraint) {
        schema.table(table).ifPresent(t -> t.indexes.replaceAll(ix -> ix.name().equals(index) ? ix.withConstraint(constraint) : ix));
    }

    public Catalog catalog() {
        List<Table> built = new ArrayList<>();
        for (TableDraft t : schema.tables.values()) {
            built.add(t.build());
        }
        return new Catalog(built, ObjectDdl.objects(schema));
    }

    /** A function read from a live catalog, with what the server said about who may execute it. */
    void routine(Routine r) {
        schema.routines.put(RoutineDdl.key(r), r);
    }

    /** A client role (anon, authenticated) a live catalog has. */
    void clientRole(String role) {
        schema.clientRoles.add(role);
    }

    private void create(DdlTokens t, SourceLocation at, Consumer<Diagnostic> diagnostics, String sql) throws DdlException {
        boolean orReplace = t.accept("or", "replace");
        if (t.accept("function") || t.accept("procedure")) {
            boolean procedure = t.peek(-1).is("procedure");
            int mark = t.position();
            String written = t.qualifiedName();
            t.seek(mark);
            new RoutineDdl(schema, at).create(t, procedure);
            if (!procedure) {
                // what its body writes: a row trigger that runs it fires the triggers of those tables too
                String qualified = schema.forCreate(written);
                schema.functionWrites.put(qualified, FunctionWrites.scan(qualified, sql));
            }
            return;
        }
        if (t.accept("trigger") || t.accept("constraint", "trigger")) {
            new TriggerDdl(schema, at).create(t, orReplace);
            return;
        }
        if (t.accept("extension")) {
            ObjectDdl.createExtension(schema, t, at);
            return;
        }
        if ((t.peek().is("role") || t.peek().is("user")) && !t.peek(1).is("mapping")) {
            t.next();
            ObjectDdl.createRole(schema, t);
            return;
        }
        boolean unique = t.accept("unique");
        if (t.accept("index")) {
            IndexDdl.create(schema, t, unique, at);
            return;
        }
        boolean temporary = false;
        while (t.peek().is("unlogged") || t.peek().is("temporary") || t.peek().is("temp") || t.peek().is("global")
                || t.peek().is("local") || t.peek().is("recursive")) {
            var modifier = t.next();
            temporary |= modifier.is("temporary") || modifier.is("temp") || modifier.is("global") || modifier.is("local");
        }
        if (temporary) {
            return; // a temporary relation is gone when the migration's session ends
        }
        if (t.accept("table")) {
            new TableDdl(schema, at, diagnostics, sql).create(t);
        } else if (t.accept("policy")) {
            createPolicy(t, at);
        } else if (t.accept("schema")) {
            t.accept("if", "not", "exists");
            t.accept("authorization"); // CREATE SCHEMA AUTHORIZATION role names the schema after the role
            schema.createSchema(t.name());
        } else if (t.accept("view")) {
            ObjectDdl.viewOptions(schema.others.get(other(t, SchemaDraft.Kind.VIEW)), t, at);
        } else if (t.accept("materialized", "view")) {
            other(t, SchemaDraft.Kind.MATERIALIZED_VIEW);
        } else if (t.accept("sequence")) {
            other(t, SchemaDraft.Kind.SEQUENCE);
        } else if (t.accept("foreign", "table")) {
            other(t, SchemaDraft.Kind.FOREIGN_TABLE);
        } else if (!NOT_MODELLED.contains(t.peek().text())) {
            throw new DdlException("CREATE " + t.peek().text() + " is not modelled");
        }
    }

    private String other(DdlTokens t, SchemaDraft.Kind kind) throws DdlException {
        t.accept("if", "not", "exists");
        String name = schema.forCreate(t.qualifiedName());
        if (!schema.others.containsKey(name)) {
            schema.others.put(name, new TableDraft(name));
            schema.kinds.put(name, kind);
        }
        return name;
    }

    private void alter(DdlTokens t, SourceLocation at, Consumer<Diagnostic> diagnostics, String sql) throws DdlException {
        if (t.accept("function") || t.accept("procedure") || t.accept("routine")) {
            new RoutineDdl(schema, at).alter(t);
        } else if (t.accept("trigger")) {
            new TriggerDdl(schema, at).alter(t);
        } else if (t.accept("default", "privileges")) {
            new RoutineDdl(schema, at).defaultPrivileges(t);
        } else if (t.accept("extension")) {
            ObjectDdl.alterExtension(schema, t, at);
        } else if (t.peek().is("view") && ObjectDdl.alterViewOptions(schema, t, at)) {
            return;
        } else if (t.accept("table")) {
            new AlterTableDdl(schema, at, diagnostics, sql).alter(t);
        } else if (t.accept("index")) {
            if (t.accept("all")) {
                return; // ALL IN TABLESPACE moves storage only
            }
            boolean ifExists = t.accept("if", "exists");
            String name = t.qualifiedName();
            if (t.accept("rename", "to")) {
                String to = t.name();
                String bare = name.contains(".") ? name.substring(name.indexOf('.') + 1) : name;
                TableDraft holder = schema.holderOfIndex(name).orElse(null);
                if (holder == null && !ifExists) {
                    throw new DdlException("ALTER INDEX " + name + ", which no earlier statement created");
                }
                if (holder != null) {
                    holder.renameIndex(bare, to);
                }
            }
            if (t.accept("attach", "partition")) {
                // the partition's index becomes a copy of the partitioned one: dropping that drops it too
                String child = t.qualifiedName();
                String parent = name.contains(".") ? name.substring(name.indexOf('.') + 1) : name;
                String bareChild = child.contains(".") ? child.substring(child.indexOf('.') + 1) : child;
                schema.holderOfIndex(child).ifPresent(d -> d.clonedFrom.put(bareChild, parent));
            }
            // SET, RESET, ALTER COLUMN ... SET STATISTICS change nothing modelled
        } else if (t.accept("view") || t.accept("materialized", "view") || t.accept("sequence") || t.accept("foreign", "table")) {
            t.accept("if", "exists");
            String name = schema.resolve(t.qualifiedName());
            if (schema.others.containsKey(name)) {
                if (t.accept("rename", "to")) {
                    schema.renameOther(name, name.substring(0, name.indexOf('.') + 1) + t.name());
                } else if (t.accept("set", "schema")) {
                    schema.renameOther(name, t.name() + name.substring(name.indexOf('.')));
                }
            }
        } else if (t.accept("policy")) {
            t.accept("if", "exists");
            String policy = t.name();
            t.expect("on");
            TableDraft table = existingTable(t.qualifiedName(), "ALTER POLICY");
            if (t.accept("rename", "to")) {
                String to = t.name();
                table.policies.replaceAll(p -> p.name().equals(policy) ? p.renamed(to) : p);
            } else {
                // ALTER POLICY ... TO / USING / WITH CHECK replaces just the clauses it names
                PolicyClauses clauses = PolicyClauses.read(t, table.name);
                // the policy a reviewer reads now is the one this statement left: a finding about it points here
                table.policies.replaceAll(p -> p.name().equals(policy) ? clauses.applyTo(p).at(at) : p);
            }
        } else if (t.accept("type")) {
            String name = t.qualifiedName();
            if (t.accept("rename", "to")) {
                schema.renameType(name, t.name());
            }
            // ADD VALUE, RENAME VALUE, OWNER TO leave column types as they are
        } else if (t.accept("schema")) {
            String name = t.name();
            if (t.accept("rename", "to")) {
                schema.renameSchema(name, t.name());
            }
        } else if (!NOT_MODELLED.contains(t.peek().text())) {
            throw new DdlException("ALTER " + t.peek().text() + " is not modelled");
        }
    }

    private void drop(DdlTokens t, String sql, SourceLocation at, Consumer<Diagnostic> diagnostics) throws DdlException {
        if (t.accept("function") || t.accept("procedure") || t.accept("routine")) {
            new RoutineDdl(schema, at).drop(t);
        } else if (t.accept("trigger")) {
            new TriggerDdl(schema, at).drop(t);
        } else if (t.accept("extension")) {
            t.accept("if", "exists");
            do {
                schema.extensions.remove(t.name());
            } while (t.accept(","));
        } else if (t.accept("table")) {
            t.accept("if", "exists");
            do {
                schema.dropTable(schema.resolve(t.qualifiedName()));
            } while (t.accept(","));
        } else if (t.accept("index")) {
            t.accept("concurrently");
            t.accept("if", "exists");
            do {
                String name = t.qualifiedName();
                String bare = name.contains(".") ? name.substring(name.indexOf('.') + 1) : name;
                schema.holderOfIndex(name).ifPresent(d -> {
                    d.indexes.removeIf(ix -> ix.name().equals(bare));
                    Partitions.indexDropped(schema, d, bare);
                });
            } while (t.accept(","));
        } else if (t.accept("view") || t.accept("materialized", "view") || t.accept("sequence") || t.accept("foreign", "table")) {
            t.accept("if", "exists");
            do {
                schema.dropOther(schema.resolve(t.qualifiedName()));
            } while (t.accept(","));
        } else if (t.accept("schema")) {
            t.accept("if", "exists");
            do {
                schema.dropSchema(t.name());
            } while (t.accept(","));
        } else if (t.accept("policy")) {
            boolean ifExists = t.accept("if", "exists");
            String policy = t.name();
            t.expect("on");
            String written = t.qualifiedName();
            String table = schema.resolve(written);
            if (schema.tables.containsKey(table)) {
                schema.tables.get(table).policies.removeIf(p -> p.name().equals(policy));
            } else if (!ifExists) {
                throw new DdlException("DROP POLICY on " + table + ", which no earlier statement created");
            }
        } else if (!NOT_MODELLED.contains(t.peek().text())) {
            throw new DdlException("DROP " + t.peek().text() + " is not modelled");
        }
    }

    private void createPolicy(DdlTokens t, SourceLocation at) throws DdlException {
        String name = t.name();
        t.expect("on");
        TableDraft table = existingTable(t.qualifiedName(), "CREATE POLICY");
        boolean permissive = true;
        if (t.accept("as")) {
            permissive = !t.next().is("restrictive");
        }
        String command = t.accept("for") ? t.next().text() : "all";
        if (table.policies.stream().anyMatch(p -> p.name().equals(name))) {
            throw new DdlException("policy " + name + " for " + table.qualified + " already exists");
        }
        PolicyClauses clauses = PolicyClauses.read(t, table.name);
        table.policies.add(new Policy(name, command, permissive, clauses.roles(), clauses.using(), clauses.withCheck(), at));
    }

    private TableDraft existingTable(String written, String statement) throws DdlException {
        String name = schema.resolve(written);
        TableDraft table = schema.tables.get(name);
        if (table == null) {
            throw new DdlException(statement + " on " + name + ", which no earlier statement created as a table");
        }
        return table;
    }

    /**
     * SELECT ... INTO [TEMPORARY | UNLOGGED] [TABLE] name FROM ...: PostgreSQL's older spelling of
     * CREATE TABLE name AS SELECT ... FROM ..., returned in that form; empty for any other SELECT.
     */
    static java.util.Optional<String> selectInto(DdlTokens t) {
        int depth = 0;
        for (int i = 0; i < t.size(); i++) {
            DdlTokens.Token tok = t.peek(i - t.position());
            if (tok.is("(")) {
                depth++;
            } else if (tok.is(")")) {
                depth--;
            } else if (depth == 0 && (tok.is("from") || tok.is("union") || tok.is("where"))) {
                return java.util.Optional.empty();
            } else if (depth == 0 && tok.is("into")) {
                int mark = t.position();
                t.seek(i + 1);
                String kind = "";
                if (t.accept("unlogged")) {
                    kind = "UNLOGGED ";
                } else if (t.accept("temporary") || t.accept("temp") || t.accept("local", "temporary") || t.accept("local", "temp")
                        || t.accept("global", "temporary") || t.accept("global", "temp")) {
                    kind = "TEMPORARY ";
                }
                t.accept("table");
                int name = t.position();
                try {
                    t.qualifiedName();
                } catch (DdlException e) {
                    t.seek(mark);
                    return java.util.Optional.empty();
                }
                String out = "CREATE " + kind + "TABLE " + t.textOf(name, t.position()) + " AS " + t.textOf(0, i) + " " + t.rest();
                t.seek(mark);
                return java.util.Optional.of(out);
            }
        }
        return java.util.Optional.empty();
    }

    static String firstWord(String sql) {
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

    /**
     * A statement as a diagnostic may show it: every quoted string as '...' (DDL holds passwords
     * and defaults, inside DO bodies too), names and structure kept so the note says which
     * statement it is, layout flattened, cut at 120.
     */
    static String abbreviate(String sql) {
        String flat = sql.replaceAll("(?s)(?<![A-Za-z0-9_])[EeNn]?'[^']*+(?:''[^']*+)*+'", "'...'").replaceAll("\\s+", " ").strip();
        return flat.length() > 120 ? flat.substring(0, 117) + "..." : flat;
    }
}
