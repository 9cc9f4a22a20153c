package dev.querylens.schema;

import dev.querylens.collect.SourceLocation;
import dev.querylens.sql.Quote;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An index as the catalog knows it. {@code keys} are the index's key columns in order; an
 * expression key is kept as its SQL text (for example {@code lower(email)}). Primary keys and
 * unique constraints appear here too, since PostgreSQL backs them with an index; {@code constraint}
 * says which constraint an index backs, if any (such an index goes only with its constraint,
 * through ALTER TABLE ... DROP CONSTRAINT). {@code definition} holds each key in full (collation,
 * operator class, order), one per entry of {@code keys}. {@code nullsNotDistinct} is a unique
 * index's NULLS NOT DISTINCT (PostgreSQL 15, pg_index.indnullsnotdistinct): rows whose keys are
 * null then collide, so it is a different index from the same keys without it. {@code definedAt}
 * is the statement that created it (CREATE INDEX, or the CREATE/ALTER TABLE whose constraint it
 * backs), null from a live catalog: the line a finding about the index points at.
 */
public record Index(
        String name,
        String table,
        List<String> keys,
        List<String> include,
        boolean unique,
        String method,
        String predicate,
        List<IndexKey> definition,
        Constraint constraint,
        boolean nullsNotDistinct,
        SourceLocation definedAt) {

    /** The constraint an index backs: PostgreSQL builds one index for each PRIMARY KEY, UNIQUE and EXCLUDE constraint. */
    public enum Constraint { NONE, PRIMARY_KEY, UNIQUE, EXCLUSION }

    public Index {
        constraint = constraint == null ? Constraint.NONE : constraint;
        keys = List.copyOf(keys);
        include = include == null ? List.of() : List.copyOf(include);
        method = method == null ? "btree" : method;
        if (definition == null || definition.isEmpty()) {
            definition = keys.stream().map(IndexKey::column).toList();
        } else {
            definition = List.copyOf(definition);
        }
        if (definition.size() != keys.size()) {
            throw new IllegalArgumentException("index " + name + ": " + keys.size() + " keys but " + definition.size() + " definitions");
        }
    }

    /** An index not known to be NULLS NOT DISTINCT, from no known statement. */
    public Index(String name, String table, List<String> keys, List<String> include, boolean unique, String method, String predicate,
                 List<IndexKey> definition, Constraint constraint) {
        this(name, table, keys, include, unique, method, predicate, definition, constraint, false, null);
    }

    /** An index whose keys are plain ascending columns or expressions with the defaults. */
    public Index(String name, String table, List<String> keys, List<String> include, boolean unique, String method, String predicate) {
        this(name, table, keys, include, unique, method, predicate, null, Constraint.NONE);
    }

    /** An index from its full key definitions; {@code keys} are their normalized forms. */
    public static Index of(String name, String table, List<IndexKey> definition, List<String> include, boolean unique,
                           String method, String predicate, Constraint constraint) {
        return new Index(name, table, definition.stream().map(IndexKey::key).toList(), include, unique, method, predicate,
                definition, constraint);
    }

    /** Whether this is the table's primary key. */
    public boolean primary() {
        return constraint == Constraint.PRIMARY_KEY;
    }

    /** Whether a constraint owns this index, so that only dropping the constraint drops it. */
    public boolean backsConstraint() {
        return constraint != Constraint.NONE;
    }

    public String leadingKey() {
        return keys.isEmpty() ? null : keys.get(0);
    }

    public boolean isPartial() {
        return predicate != null;
    }

    public Index withName(String newName) {
        return new Index(newName, table, keys, include, unique, method, predicate, definition, constraint, nullsNotDistinct, definedAt);
    }

    public Index withConstraint(Constraint newConstraint) {
        return new Index(name, table, keys, include, unique, method, predicate, definition, newConstraint, nullsNotDistinct, definedAt);
    }

    public Index withTable(String newTable) {
        return new Index(name, newTable, keys, include, unique, method, predicate, definition, constraint, nullsNotDistinct, definedAt);
    }

    /** The same index created by the statement at {@code at}. */
    public Index at(SourceLocation at) {
        return new Index(name, table, keys, include, unique, method, predicate, definition, constraint, nullsNotDistinct, at);
    }

    /** The same index with NULLS NOT DISTINCT as given. */
    public Index withNullsNotDistinct(boolean notDistinct) {
        return new Index(name, table, keys, include, unique, method, predicate, definition, constraint, notDistinct, definedAt);
    }

    /**
     * Whether PostgreSQL would hold the two as the same index (pg_index's indkey, indclass,
     * indcollation, indoption, indexprs and indpred), apart from uniqueness: the same method, the
     * same keys in the same order with the same collation, operator class and order, the same
     * INCLUDE columns and the same predicate; for two unique indexes also the same NULLS [NOT]
     * DISTINCT (indnullsnotdistinct), which changes which rows they let in.
     */
    public boolean sameDefinitionAs(Index other) {
        if (unique && other.unique && nullsNotDistinct != other.nullsNotDistinct) {
            return false;
        }
        if (!method.equals(other.method) || definition.size() != other.definition.size() || !include.equals(other.include)
                || !Objects.equals(normalizedPredicate(), other.normalizedPredicate())) {
            return false;
        }
        for (int k = 0; k < definition.size(); k++) {
            if (!definition.get(k).sameDefinitionAs(other.definition.get(k))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a query holding {@code column = $n} for each of {@code columns} can use this index as
     * far as its predicate goes: there is none, or it is only {@code column IS NOT NULL} conditions
     * AND-ed on those columns. An equality through a strict operator is never true for a null, so
     * PostgreSQL's predicate proof (predtest.c) takes it as implying NOT NULL: a foreign key's check
     * ({@code WHERE fk = $1}) uses such a partial index.
     */
    public boolean predicateImpliedByEqualityOn(java.util.Collection<String> columns) {
        if (predicate == null) {
            return true;
        }
        for (String conjunct : topLevelConjuncts(normalizedPredicate())) {
            java.util.regex.Matcher m = NOT_NULL.matcher(SqlText.stripOuterParens(conjunct.strip()));
            if (!m.matches()) {
                return false;
            }
            String column = m.group(1) != null ? m.group(1).replace("\"\"", "\"") : m.group(2);
            if (!columns.contains(column)) {
                return false;
            }
        }
        return true;
    }

    private static final java.util.regex.Pattern NOT_NULL =
            java.util.regex.Pattern.compile("(?:\"((?:[^\"]|\"\")+)\"|([a-z_][a-z0-9_$]*))\\s+is\\s+not\\s+null");

    /** The predicate split at AND outside parentheses and quotes. */
    private static List<String> topLevelConjuncts(String p) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int from = 0;
        boolean quoted = false;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\'' || c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && p.regionMatches(true, i, "and", 0, 3) && !word(p, i - 1) && !word(p, i + 3)) {
                out.add(p.substring(from, i));
                from = i + 3;
                i += 2;
            }
        }
        out.add(p.substring(from));
        return out;
    }

    private static boolean word(String s, int i) {
        return i >= 0 && i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '$');
    }

    /** The predicate with whitespace, outer parentheses and the case of words outside quotes folded. */
    public String normalizedPredicate() {
        return predicate == null ? null : SqlText.normalize(predicate);
    }

    /** The index as a CREATE INDEX statement, every name quoted as needed. */
    public String ddl() {
        List<String> parts = new ArrayList<>();
        for (IndexKey k : definition) {
            parts.add(k.ddl());
        }
        StringBuilder s = new StringBuilder("CREATE ");
        if (unique) {
            s.append("UNIQUE ");
        }
        s.append("INDEX ").append(Quote.ident(name)).append(" ON ").append(Quote.qualified(table))
                .append(" USING ").append(method.toLowerCase(Locale.ROOT)).append(" (").append(String.join(", ", parts)).append(')');
        if (!include.isEmpty()) {
            s.append(" INCLUDE (").append(String.join(", ", include.stream().map(Quote::ident).toList())).append(')');
        }
        if (unique && nullsNotDistinct) {
            s.append(" NULLS NOT DISTINCT");
        }
        if (predicate != null) {
            s.append(" WHERE ").append(predicate);
        }
        return s.toString();
    }
}
