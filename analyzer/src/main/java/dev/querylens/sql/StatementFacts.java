package dev.querylens.sql;

import java.util.List;

/**
 * What rules and the advisor need to know about one statement shape, reduced from its parse tree.
 *
 * @param tables        tables the statement reads or writes, by name (not alias)
 * @param targetTable   the table an INSERT/UPDATE/DELETE writes, or null
 * @param limit         the LIMIT constant, -1 when absent or a parameter
 * @param limitParam    the $n of a parameterized LIMIT, or 0
 * @param offset        the OFFSET constant, -1 when absent or a parameter
 * @param offsetParam   the $n of a parameterized OFFSET, or 0
 * @param insertedRows  VALUES rows of an INSERT (1 for single-row), 0 otherwise
 * @param columnsRead   every column the statement names, in any clause and block, resolved to its table where it can be
 * @param readsAllColumns a * somewhere (in any block), so no index can cover it
 * @param parseError    why the parser could not read it, or null
 * @param assignedColumns the columns an UPDATE's SET (or an INSERT's ON CONFLICT DO UPDATE SET) assigns, as written
 * @param conflictUpdate an INSERT ... ON CONFLICT ... DO UPDATE: rows that conflict are updated, firing UPDATE triggers
 */
public record StatementFacts(
        Kind kind,
        List<String> tables,
        String targetTable,
        List<Predicate> predicates,
        List<JoinCondition> joins,
        List<OrderKey> orderBy,
        long limit,
        int limitParam,
        long offset,
        int offsetParam,
        boolean selectStar,
        int insertedRows,
        List<ColumnRef> columnsRead,
        boolean readsAllColumns,
        String parseError,
        List<String> assignedColumns,
        boolean conflictUpdate) {

    public enum Kind { SELECT, INSERT, UPDATE, DELETE, UTILITY, UNKNOWN }

    public StatementFacts {
        tables = List.copyOf(tables);
        predicates = List.copyOf(predicates);
        joins = List.copyOf(joins);
        orderBy = List.copyOf(orderBy);
        columnsRead = List.copyOf(columnsRead);
        assignedColumns = List.copyOf(assignedColumns);
    }

    public static StatementFacts unreadable(Kind kind, String error) {
        return new StatementFacts(kind, List.of(), null, List.of(), List.of(), List.of(), -1, 0, -1, 0, false, 0, List.of(), true, error, List.of(), false);
    }

    public boolean parsed() {
        return parseError == null;
    }

    public boolean isWrite() {
        return kind == Kind.INSERT || kind == Kind.UPDATE || kind == Kind.DELETE;
    }
}
