package dev.querylens.schema;

import dev.querylens.collect.Diagnostic;
import dev.querylens.collect.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * CREATE TABLE and the table elements ALTER TABLE ADD shares with it: column definitions, and the
 * constraints that build indexes (PRIMARY KEY, UNIQUE) or foreign keys, named as the server
 * names them when the DDL does not.
 */
final class TableDdl {
    private final SchemaDraft schema;
    private final SourceLocation at;
    private final Consumer<Diagnostic> diagnostics;
    private final String sql;
    /** Whether indexes and foreign keys added to a partitioned table are built on its partitions too (not ALTER TABLE ONLY). */
    boolean propagate = true;
    /** Tables whose indexes LIKE ... INCLUDING INDEXES copies into the table being created. */
    private final List<TableDraft> likeIndexes = new ArrayList<>();
    /** Index-backed constraints of the statement being read: the server builds them once it has them all. */
    private final List<PendingIndex> pending = new ArrayList<>();

    private record PendingIndex(String name, List<IndexKey> keys, List<String> include, boolean primary, String usingIndex,
                                boolean nullsNotDistinct) {
        PendingIndex(String name, List<IndexKey> keys, List<String> include, boolean primary, String usingIndex) {
            this(name, keys, include, primary, usingIndex, false);
        }
    }

    TableDdl(SchemaDraft schema, SourceLocation at, Consumer<Diagnostic> diagnostics, String sql) {
        this.schema = schema;
        this.at = at;
        this.diagnostics = diagnostics;
        this.sql = sql;
    }

    /** CREATE [UNLOGGED] TABLE, after the TABLE keyword. */
    void create(DdlTokens t) throws DdlException {
        boolean ifNotExists = t.accept("if", "not", "exists");
        String name = schema.forCreate(t.qualifiedName());
        if (schema.tables.containsKey(name) || schema.others.containsKey(name)) {
            if (ifNotExists) {
                return; // the server skips it with a notice
            }
            throw new DdlException("relation " + name + " already exists");
        }
        TableDraft table = new TableDraft(name);
        table.definedAt = at;
        if (t.accept("partition", "of")) {
            TableDraft parent = schema.table(schema.resolve(t.qualifiedName()))
                    .orElseThrow(() -> new DdlException("PARTITION OF a table no earlier statement created"));
            table.columns.addAll(parent.columns);
            schema.tables.put(name, table);
            Partitions.attach(schema, parent, table);
            return;
        }
        if (!t.peek().is("(") || columnListBeforeAs(t)) {
            createAs(table, t);
            return;
        }
        // in the catalog while its elements are read, so names chosen for its indexes see each other
        schema.tables.put(name, table);
        try {
            for (int[] part : t.groupParts()) {
                element(table, t.slice(part));
            }
            flush(table);
            for (TableDraft source : likeIndexes) {
                copyIndexes(source, table);
            }
            if (t.accept("inherits")) {
                inherit(table, t);
            }
        } catch (DdlException | RuntimeException e) {
            schema.tables.remove(name);
            // the table is missing from the catalog: rules would judge its queries without it
            throw new DdlException(e.getMessage(), true);
        }
    }

    /**
     * INHERITS (parents): the parents' columns come first, in order, NOT NULL kept; a column the
     * child also declares is merged into one. Indexes and foreign keys are not inherited.
     */
    private void inherit(TableDraft table, DdlTokens t) throws DdlException {
        List<Column> inherited = new ArrayList<>();
        for (String parentName : t.qualifiedNameList()) {
            TableDraft parent = schema.table(schema.resolve(parentName))
                    .orElseThrow(() -> new DdlException("INHERITS " + parentName + ", which no earlier statement created"));
            for (Column c : parent.columns) {
                if (inherited.stream().noneMatch(i -> i.name().equals(c.name()))) {
                    inherited.add(new Column(c.name(), c.type(), c.notNull()));
                }
            }
        }
        for (Column own : table.columns) {
            int at = indexOf(inherited, own.name());
            if (at >= 0) {
                inherited.set(at, new Column(own.name(), inherited.get(at).type(), inherited.get(at).notNull() || own.notNull()));
            } else {
                inherited.add(own);
            }
        }
        table.columns.clear();
        table.columns.addAll(inherited);
    }

    private static int indexOf(List<Column> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the parenthesized group at the cursor is CREATE TABLE name (columns) AS query's column list. */
    private static boolean columnListBeforeAs(DdlTokens t) {
        int start = t.position();
        try {
            t.skipGroup();
            return t.peek().is("as");
        } catch (DdlException unbalanced) {
            return false; // reading the definition reports it
        } finally {
            t.seek(start);
        }
    }

    /**
     * CREATE TABLE ... [(names)] AS query / AS TABLE t / OF type. The query's columns are the
     * table's, named and typed as {@link QueryColumns} can tell; the names in parentheses rename
     * the first ones. What cannot be told (a type the query does not show, the columns of OF type or
     * AS EXECUTE) is a diagnostic naming the statement, never a guess.
     */
    private void createAs(TableDraft table, DdlTokens t) throws DdlException {
        List<String> named = t.peek().is("(") ? t.nameList() : List.of();
        java.util.Optional<List<Column>> fromQuery = java.util.Optional.empty();
        if (!t.peek().is("of")) {
            while (!t.atEnd() && !t.peek().is("as")) {
                if (t.peek().is("(")) {
                    t.skipGroup(); // WITH (storage parameters)
                } else {
                    t.next(); // USING method, ON COMMIT ..., TABLESPACE name
                }
            }
            if (t.accept("as")) {
                String query = t.rest().replaceAll("(?is)\\s+with\\s+(no\\s+)?data\\s*;?\\s*$", "");
                if (t.accept("table")) {
                    query = "SELECT * FROM " + t.rest().replaceAll("(?is)\\s+with\\s+(no\\s+)?data\\s*;?\\s*$", "");
                }
                fromQuery = QueryColumns.of(schema, query);
            }
        }
        if (fromQuery.isPresent()) {
            List<Column> columns = fromQuery.get();
            for (int i = 0; i < columns.size(); i++) {
                Column c = columns.get(i);
                table.columns.add(i < named.size() ? new Column(named.get(i), c.type(), false) : c);
            }
        } else {
            named.forEach(c -> table.columns.add(new Column(c, QueryColumns.UNKNOWN, false)));
        }
        schema.tables.put(table.qualified, table);
        List<String> untyped = table.columns.stream().filter(c -> c.type().equals(QueryColumns.UNKNOWN)).map(Column::name).toList();
        if (fromQuery.isEmpty()) {
            note("CREATE TABLE " + table.qualified + " AS/OF: its column types" + (table.columns.isEmpty() ? " and names" : "")
                    + " come from a query or type and are not modelled");
        } else if (!untyped.isEmpty()) {
            note("CREATE TABLE " + table.qualified + " AS: the query does not show the types of " + String.join(", ", untyped));
        }
    }

    /** One comma-separated element of a table definition or an ALTER TABLE ADD. */
    void element(TableDraft table, DdlTokens e) throws DdlException {
        if (e.size() == 0) {
            return;
        }
        String constraintName = e.accept("constraint") ? e.name() : null;
        if (e.peek().is("primary") || e.peek().is("unique") || e.peek().is("foreign") || e.peek().is("check")
                || e.peek().is("exclude")) {
            constraint(table, constraintName, e);
        } else if (e.accept("like")) {
            TableDraft source = schema.table(schema.resolve(e.qualifiedName()))
                    .orElseThrow(() -> new DdlException("LIKE a table no earlier statement created"));
            source.columns.forEach(c -> table.columns.add(new Column(c.name(), c.type(), c.notNull())));
            boolean indexes = false;
            while (!e.atEnd()) {
                boolean including = e.accept("including");
                if (!including) {
                    e.expect("excluding");
                }
                String what = e.name();
                if (what.equals("all") || what.equals("indexes")) {
                    indexes = including;
                }
            }
            if (indexes) {
                likeIndexes.add(source); // built once the new table's own constraints are
            }
        } else {
            column(table, e);
        }
    }

    private void constraint(TableDraft table, String name, DdlTokens e) throws DdlException {
        if (e.accept("primary", "key")) {
            pendingIndex(table, name, e, true, false);
        } else if (e.accept("unique")) {
            boolean notDistinct = e.accept("nulls", "not", "distinct");
            e.accept("nulls", "distinct");
            pendingIndex(table, name, e, false, notDistinct);
        } else if (e.accept("foreign", "key")) {
            List<String> cols = e.nameList();
            e.expect("references");
            foreignKey(table, name, cols, e);
        } else if (e.accept("exclude")) {
            exclusion(table, name, e);
        }
        // CHECK constraints build nothing the catalog models
    }

    /**
     * EXCLUDE [USING method] (element WITH operator, ...) [INCLUDE (...)] [WHERE (predicate)]: an
     * index that is not unique, named table_columns_excl when the DDL names none.
     */
    private void exclusion(TableDraft table, String name, DdlTokens e) throws DdlException {
        String method = e.accept("using") ? SqlText.lower(e.name()) : "btree";
        List<IndexKey> keys = new ArrayList<>();
        for (int[] part : e.groupParts()) {
            DdlTokens element = e.slice(part);
            int with = element.size();
            for (int k = element.size() - 1; k >= 0; k--) {
                if (element.peek(k).is("with")) {
                    with = k;
                    break;
                }
            }
            keys.add(IndexDdl.key(element.slice(new int[] {0, with})));
        }
        List<String> include = e.accept("include") ? e.nameList() : List.of();
        String predicate = null;
        while (!e.atEnd()) {
            if (e.accept("where")) {
                int from = e.position();
                e.skipGroup();
                predicate = SqlText.stripOuterParens(e.textOf(from, e.position()));
            } else if (e.peek().is("(")) {
                e.skipGroup(); // WITH (storage parameters)
            } else {
                e.next(); // USING INDEX TABLESPACE, DEFERRABLE, INITIALLY ...
            }
        }
        String indexName = name != null ? name : IndexDdl.defaultName(schema, table, keys, include, "excl");
        Index ix = Index.of(indexName, table.qualified, keys, include, false, method, predicate, Index.Constraint.EXCLUSION).at(at);
        table.indexes.add(ix);
        if (propagate) {
            Partitions.indexAdded(schema, table, ix);
        }
    }

    private void pendingIndex(TableDraft table, String name, DdlTokens e, boolean primary, boolean nullsNotDistinct) throws DdlException {
        if (e.accept("using", "index")) {
            pending.add(new PendingIndex(name, List.of(), List.of(), primary, e.name()));
            return;
        }
        List<IndexKey> keys = e.nameList().stream().map(IndexKey::column).toList();
        List<String> include = e.accept("include") ? e.nameList() : List.of();
        pending.add(new PendingIndex(name, keys, include, primary, null, nullsNotDistinct));
    }

    private void foreignKey(TableDraft table, String name, List<String> cols, DdlTokens e) throws DdlException {
        String ref = schema.resolve(e.qualifiedName());
        List<String> refCols = e.peek().is("(") ? e.nameList() : List.of();
        if (refCols.isEmpty()) {
            // REFERENCES t without columns means t's primary key, which must exist by now
            TableDraft target = ref.equals(table.qualified) ? table : schema.tables.get(ref);
            refCols = target == null ? List.of() : target.primaryKey();
            if (refCols.isEmpty() && target == table) {
                refCols = pending.stream().filter(PendingIndex::primary).findFirst().map(p -> p.keys().stream().map(IndexKey::key).toList())
                        .orElse(List.of());
            }
        }
        String fkName = name != null ? name
                : ObjectNames.choose(table.name, ObjectNames.addition(cols), "fkey", n -> schema.constraintExists(table.schema, n));
        ForeignKey fk = new ForeignKey(fkName, cols, ref, refCols, at);
        table.foreignKeys.add(fk);
        if (propagate) {
            Partitions.foreignKeyAdded(schema, table, fk);
        }
    }

    private void column(TableDraft table, DdlTokens e) throws DdlException {
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
        String type = SqlText.foldCase(e.textOf(typeStart, e.position())).replaceAll("\\s+", " ");
        // serial types are an integer, a sequence and NOT NULL (PostgreSQL docs, 8.1.4)
        boolean notNull = type.matches("(small|big)?serial[248]?");
        while (!e.atEnd()) {
            String constraintName = e.accept("constraint") ? e.name() : null;
            if (e.accept("not", "null")) {
                notNull = true;
            } else if (e.accept("primary", "key")) {
                notNull = true;
                pending.add(new PendingIndex(constraintName, List.of(IndexKey.column(column)), List.of(), true, null));
            } else if (e.accept("unique")) {
                boolean notDistinct = e.accept("nulls", "not", "distinct");
                e.accept("nulls", "distinct");
                pending.add(new PendingIndex(constraintName, List.of(IndexKey.column(column)), List.of(), false, null, notDistinct));
            } else if (e.accept("references")) {
                foreignKey(table, constraintName, List.of(column), e);
            } else if (e.accept("generated")) {
                // GENERATED ... AS IDENTITY makes the column NOT NULL; GENERATED ALWAYS AS (expr) STORED does not
                while (!e.atEnd() && !e.peek().is("identity") && !e.peek().is("(")) {
                    e.next();
                }
                notNull |= e.accept("identity");
            } else if (e.peek().is("(")) {
                e.skipGroup(); // a DEFAULT, CHECK or GENERATED expression's parentheses
            } else {
                e.next();
            }
        }
        if (table.hasColumn(column)) {
            throw new DdlException("column " + column + " of " + table.qualified + " already exists");
        }
        table.columns.add(new Column(column, type, notNull));
    }

    /**
     * Builds the statement's PRIMARY KEY and UNIQUE indexes as transformIndexConstraints does: the
     * primary key first, then the others in order, dropping any with the same columns as one
     * already built (so {@code id int PRIMARY KEY UNIQUE} builds one index).
     */
    void flush(TableDraft table) throws DdlException {
        List<PendingIndex> ordered = new ArrayList<>(pending.stream().filter(PendingIndex::primary).toList());
        pending.stream().filter(p -> !p.primary()).forEach(ordered::add);
        pending.clear();
        List<PendingIndex> kept = new ArrayList<>();
        for (PendingIndex p : ordered) {
            if (p.usingIndex() == null && kept.stream().anyMatch(k -> k.usingIndex() == null && k.keys().equals(p.keys())
                    && k.include().equals(p.include()) && k.nullsNotDistinct() == p.nullsNotDistinct())) {
                continue;
            }
            kept.add(p);
        }
        for (PendingIndex p : kept) {
            if (p.primary()) {
                for (IndexKey k : p.keys()) {
                    table.setNotNull(k.key(), true);
                }
            }
            if (p.usingIndex() != null) {
                adoptIndex(table, p);
                continue;
            }
            String name = p.name() != null ? p.name()
                    : IndexDdl.defaultName(schema, table, p.keys(), p.include(), p.primary() ? "pkey" : "key");
            if (p.name() != null && schema.relationExists(table.schema, name)) {
                throw new DdlException("relation " + name + " already exists");
            }
            Index ix = Index.of(name, table.qualified, p.keys(), p.include(), true, "btree", null,
                    p.primary() ? Index.Constraint.PRIMARY_KEY : Index.Constraint.UNIQUE).withNullsNotDistinct(p.nullsNotDistinct()).at(at);
            table.indexes.add(ix);
            if (propagate) {
                Partitions.indexAdded(schema, table, ix);
            }
        }
    }

    /** LIKE ... INCLUDING INDEXES: every index of the source, named for the new table as the server names unnamed ones. */
    private void copyIndexes(TableDraft source, TableDraft table) {
        for (Index ix : source.indexes) {
            String name = IndexDdl.defaultName(schema, table, ix.definition(), ix.include(), Partitions.label(ix));
            table.indexes.add(ix.withName(name).withTable(table.qualified));
        }
    }

    /** ADD CONSTRAINT ... USING INDEX: the existing unique index becomes the constraint's and takes its name. */
    private void adoptIndex(TableDraft table, PendingIndex p) throws DdlException {
        Index existing = table.indexes.stream().filter(ix -> ix.name().equals(p.usingIndex())).findFirst()
                .orElseThrow(() -> new DdlException("USING INDEX " + p.usingIndex() + ", which " + table.qualified + " does not have"));
        table.indexes.remove(existing);
        String name = p.name() != null ? p.name() : existing.name();
        table.indexes.add(existing.withName(name).withConstraint(p.primary() ? Index.Constraint.PRIMARY_KEY : Index.Constraint.UNIQUE));
        if (p.primary()) {
            existing.keys().forEach(k -> table.setNotNull(k, true));
        }
    }

    private void note(String what) {
        diagnostics.accept(Diagnostic.at(at, what + ": " + SchemaReader.abbreviate(sql)));
    }
}
