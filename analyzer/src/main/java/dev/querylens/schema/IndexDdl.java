package dev.querylens.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CREATE INDEX and the key lists of index-backed constraints, read in full: each key's
 * expression, COLLATE, operator class, ASC/DESC and NULLS FIRST/LAST, then INCLUDE and WHERE,
 * since two indexes on the same columns that differ in any of these are different indexes.
 */
final class IndexDdl {
    private static final Pattern FUNCTION_CALL = Pattern.compile("^\\s*(?:\"?[\\w$]+\"?\\s*\\.\\s*)*\"?([\\w$]+)\"?\\s*\\(");
    private static final Pattern CAST_OF_COLUMN = Pattern.compile("^[\\s(]*\"?([\\w$]+)\"?\\s*::");

    private IndexDdl() {
    }

    /** CREATE [UNIQUE] INDEX, after the INDEX keyword. */
    static void create(SchemaDraft schema, DdlTokens t, boolean unique, dev.querylens.collect.SourceLocation at) throws DdlException {
        t.accept("concurrently");
        boolean ifNotExists = t.accept("if", "not", "exists");
        String name = t.peek().is("on") ? null : t.name();
        t.expect("on");
        boolean only = t.accept("only");
        String relation = schema.resolve(t.qualifiedName());
        TableDraft draft = schema.tables.containsKey(relation) ? schema.tables.get(relation) : schema.others.get(relation);
        if (draft == null || schema.others.containsKey(relation) && schema.kinds.get(relation) != SchemaDraft.Kind.MATERIALIZED_VIEW) {
            throw new DdlException("CREATE INDEX on " + relation + ", which no earlier statement created as a table or materialized view");
        }
        String method = t.accept("using") ? SqlText.lower(t.name()) : "btree";
        List<IndexKey> keys = keys(t);
        List<String> include = t.accept("include") ? t.nameList() : List.of();
        String predicate = null;
        boolean nullsNotDistinct = false;
        while (!t.atEnd()) {
            if (t.accept("where")) {
                predicate = t.rest();
                break;
            } else if (t.accept("nulls", "not", "distinct")) {
                nullsNotDistinct = true;
            } else if (t.peek().is("(")) {
                t.skipGroup(); // WITH (storage parameters)
            } else {
                t.next(); // NULLS DISTINCT, TABLESPACE name
            }
        }
        if (name != null && schema.relationExists(draft.schema, name)) {
            if (ifNotExists) {
                return; // the server skips it with a notice
            }
            throw new DdlException("relation " + name + " already exists");
        }
        String indexName = name != null ? name : defaultName(schema, draft, keys, include, "idx");
        Index ix = Index.of(indexName, draft.qualified, keys, include, unique, method, predicate, Index.Constraint.NONE)
                .withNullsNotDistinct(unique && nullsNotDistinct).at(at);
        draft.indexes.add(ix);
        if (!only) {
            Partitions.indexAdded(schema, draft, ix);
        }
    }

    /** The name CREATE INDEX without a name, UNIQUE (... "key") and PRIMARY KEY ("pkey") constraints choose. */
    static String defaultName(SchemaDraft schema, TableDraft table, List<IndexKey> keys, List<String> include, String label) {
        if (label.equals("pkey")) {
            return ObjectNames.choose(table.name, null, label, n -> schema.relationExists(table.schema, n));
        }
        List<String> columns = new ArrayList<>();
        keys.forEach(k -> columns.add(columnName(k)));
        columns.addAll(include);
        String addition = ObjectNames.addition(ObjectNames.uniqueColumnNames(columns));
        return ObjectNames.choose(table.name, addition, label, n -> schema.relationExists(table.schema, n));
    }

    /** The name an index column takes in a generated index name: the column, a function's name, else "expr". */
    private static String columnName(IndexKey k) {
        if (!k.expression()) {
            return k.written();
        }
        Matcher call = FUNCTION_CALL.matcher(k.written());
        if (call.find()) {
            return SqlText.lower(call.group(1));
        }
        Matcher cast = CAST_OF_COLUMN.matcher(k.written());
        return cast.find() ? cast.group(1) : "expr";
    }

    /** A parenthesized list of index keys. */
    static List<IndexKey> keys(DdlTokens t) throws DdlException {
        List<IndexKey> keys = new ArrayList<>();
        for (int[] part : t.groupParts()) {
            keys.add(key(t.slice(part)));
        }
        return keys;
    }

    /** column | function(...) | (expression), then [COLLATE c] [opclass [(params)]] [ASC|DESC] [NULLS FIRST|LAST]. */
    static IndexKey key(DdlTokens k) throws DdlException {
        boolean expression;
        String written;
        if (k.peek().is("(")) {
            k.skipGroup();
            expression = true;
            written = SqlText.stripOuterParens(k.textOf(0, k.position()));
        } else if (k.peek().isName() && (k.peek(1).is("(") || k.peek(1).is("."))) {
            k.name();
            while (k.accept(".")) {
                k.name();
            }
            k.skipGroup();
            expression = true;
            written = k.textOf(0, k.position());
        } else {
            expression = false;
            written = k.name();
        }
        String collation = k.accept("collate") ? k.qualifiedName() : null;
        String opclass = null;
        if (k.peek().isName() && !k.peek().is("asc") && !k.peek().is("desc") && !k.peek().is("nulls")) {
            opclass = SqlText.lower(k.qualifiedName());
            // the server shows built-in operator classes unqualified; pg_catalog is always searched first
            opclass = opclass.startsWith("pg_catalog.") ? opclass.substring("pg_catalog.".length()) : opclass;
            if (k.peek().is("(")) {
                k.skipGroup(); // operator class parameters
            }
        }
        boolean descending = k.accept("desc");
        if (!descending) {
            k.accept("asc");
        }
        boolean nullsFirst = descending;
        if (k.accept("nulls", "first")) {
            nullsFirst = true;
        } else if (k.accept("nulls", "last")) {
            nullsFirst = false;
        }
        if (!k.atEnd()) {
            throw new DdlException("unexpected '" + k.peek().text() + "' in index key " + k.textOf(0, k.size()));
        }
        String key = expression ? SqlText.indexKey(written) : written;
        return new IndexKey(key, written, expression, collation, opclass, descending, nullsFirst);
    }
}
