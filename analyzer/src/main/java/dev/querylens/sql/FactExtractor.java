package dev.querylens.sql;

import dev.querylens.schema.Catalog;
import dev.querylens.schema.Table;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.AnyComparisonExpression;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;

/**
 * Parses a statement once with JSqlParser and reduces it to {@link StatementFacts}. Runs once per
 * distinct fingerprint, on the normalized text. JSqlParser runs each parse on an executor with a
 * timeout; one shared single-thread executor avoids a new thread per call, and a short timeout
 * keeps a pathological statement from stalling the run (it becomes a parse error instead).
 */
public final class FactExtractor implements AutoCloseable {
    private static final long PARSE_TIMEOUT_MS = 1_000;
    /**
     * Normalized statements longer than this (256 KiB) are not handed to JSqlParser, whose parse
     * tree takes some twenty times the text's size (a 50 MB SELECT needed over 1 GB). They still
     * count in their group; rules that need facts skip them.
     */
    public static final int MAX_PARSED_CHARS = 256 << 10;

    private final Catalog catalog;
    private final ExecutorService parserThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "querylens-sql-parser");
        t.setDaemon(true);
        return t;
    });

    public FactExtractor(Catalog catalog) {
        this.catalog = catalog;
    }

    public StatementFacts extract(String sql) {
        StatementFacts.Kind kind = kindOf(sql);
        if (kind == StatementFacts.Kind.UTILITY) {
            return StatementFacts.unreadable(kind, null);
        }
        if (sql.length() > MAX_PARSED_CHARS || Fingerprinter.isCut(sql)) {
            return StatementFacts.unreadable(kind, "statement larger than " + MAX_PARSED_CHARS
                    + " characters, not parsed (still counted in its group)");
        }
        Statement statement;
        try {
            statement = CCJSqlParserUtil.parse(ParseableText.of(sql), parserThread, p -> p.withTimeOut(PARSE_TIMEOUT_MS));
        } catch (JSQLParserException | RuntimeException | StackOverflowError | OutOfMemoryError e) {
            String why = e instanceof Error ? "statement too deeply nested or too large to parse"
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            return StatementFacts.unreadable(kind, why);
        }
        try {
            return reduce(statement);
        } catch (RuntimeException | StackOverflowError e) {
            // a parse tree shape this reducer does not expect, or one nested deeper than the stack, must not end the run
            return StatementFacts.unreadable(kind, "unsupported statement shape: " + e.getClass().getSimpleName());
        }
    }

    private StatementFacts reduce(Statement statement) {
        Facts f = new Facts();
        if (statement instanceof Select select) {
            f.kind = StatementFacts.Kind.SELECT;
            select(select, f, true);
        } else if (statement instanceof Insert insert) {
            f.kind = StatementFacts.Kind.INSERT;
            f.target = QueryScope.tableName(insert.getTable());
            f.tables.add(f.target);
            if (insert.getSelect() instanceof Values values) {
                ExpressionList<?> rows = values.getExpressions();
                boolean multi = rows != null && !rows.isEmpty() && rows.get(0) instanceof ExpressionList<?>;
                f.insertedRows = multi ? rows.size() : 1;
            } else if (insert.getSelect() != null) {
                select(insert.getSelect(), f, false);
            }
            var conflict = insert.getConflictAction();
            if (conflict != null && conflict.getConflictActionType() == net.sf.jsqlparser.statement.insert.ConflictActionType.DO_UPDATE) {
                f.conflictUpdate = true;
                assigned(conflict.getUpdateSets(), f);
            }
        } else if (statement instanceof Update update) {
            f.kind = StatementFacts.Kind.UPDATE;
            QueryScope scope = new QueryScope(catalog, null);
            f.target = scope.add(update.getTable(), f.tables);
            assigned(update.getUpdateSets(), f);
            fromItem(update.getFromItem(), scope, f);
            joins(update.getJoins(), scope, f);
            where(update.getWhere(), scope, f);
        } else if (statement instanceof Delete delete) {
            f.kind = StatementFacts.Kind.DELETE;
            QueryScope scope = new QueryScope(catalog, null);
            f.target = scope.add(delete.getTable(), f.tables);
            where(delete.getWhere(), scope, f);
        } else {
            return StatementFacts.unreadable(StatementFacts.Kind.UTILITY, null);
        }
        return new StatementFacts(f.kind, new ArrayList<>(f.tables), f.target, f.predicates, f.joins, f.orderBy,
                f.limit, f.limitParam, f.offset, f.offsetParam, f.selectStar, f.insertedRows, new ArrayList<>(f.columnsRead), f.anyStar, null,
                f.assigned, f.conflictUpdate);
    }

    /** The columns SET assigns, by name as written (a qualified target keeps only its column). */
    private static void assigned(List<net.sf.jsqlparser.statement.update.UpdateSet> sets, Facts f) {
        if (sets == null) {
            return;
        }
        for (var set : sets) {
            for (net.sf.jsqlparser.schema.Column column : set.getColumns()) {
                f.assigned.add(QueryScope.unquote(column.getColumnName()));
            }
        }
    }

    @Override
    public void close() {
        parserThread.shutdownNow();
    }

    static StatementFacts.Kind kindOf(String sql) {
        String head = sql.stripLeading().toLowerCase(Locale.ROOT);
        if (head.startsWith("select") || head.startsWith("with") || head.startsWith("(") || head.startsWith("table ")) {
            return StatementFacts.Kind.SELECT;
        }
        if (head.startsWith("insert")) {
            return StatementFacts.Kind.INSERT;
        }
        if (head.startsWith("update")) {
            return StatementFacts.Kind.UPDATE;
        }
        if (head.startsWith("delete")) {
            return StatementFacts.Kind.DELETE;
        }
        return StatementFacts.Kind.UTILITY;
    }

    /** Mutable accumulator for one extraction; frozen into StatementFacts at the end. */
    private static final class Facts {
        StatementFacts.Kind kind;
        final Set<String> tables = new LinkedHashSet<>();
        String target;
        final List<Predicate> predicates = new ArrayList<>();
        final List<JoinCondition> joins = new ArrayList<>();
        final List<OrderKey> orderBy = new ArrayList<>();
        long limit = -1;
        int limitParam;
        long offset = -1;
        int offsetParam;
        boolean selectStar;
        boolean anyStar;
        int insertedRows;
        final List<String> assigned = new ArrayList<>();
        boolean conflictUpdate;
        final Set<ColumnRef> columnsRead = new LinkedHashSet<>();
    }

    private void select(Select select, Facts f, boolean top) {
        select(select, f, top, null);
    }

    private void select(Select select, Facts f, boolean top, QueryScope outer) {
        if (select instanceof PlainSelect plain) {
            QueryScope scope = new QueryScope(catalog, outer);
            fromItem(plain.getFromItem(), scope, f);
            joins(plain.getJoins(), scope, f);
            if (plain.getSelectItems() != null) {
                for (SelectItem<?> item : plain.getSelectItems()) {
                    if (item.getExpression() instanceof AllColumns || item.getExpression() instanceof AllTableColumns) {
                        f.selectStar |= top;
                        f.anyStar = true;
                    } else {
                        read(item.getExpression(), scope, f);
                    }
                }
            }
            where(plain.getWhere(), scope, f);
            read(plain.getWhere(), scope, f);
            read(plain.getHaving(), scope, f);
            if (plain.getGroupBy() != null && plain.getGroupBy().getGroupByExpressionList() != null) {
                read(plain.getGroupBy().getGroupByExpressionList(), scope, f);
            }
            if (plain.getOrderByElements() != null) {
                plain.getOrderByElements().forEach(o -> read(o.getExpression(), scope, f));
            }
            if (top && plain.getOrderByElements() != null) {
                for (OrderByElement o : plain.getOrderByElements()) {
                    if (o.getExpression() instanceof Column c) {
                        f.orderBy.add(new OrderKey(scope.resolve(c), !o.isAsc()));
                    }
                }
            }
            if (top) {
                limits(plain, f);
            }
        } else if (select instanceof SetOperationList set) {
            set.getSelects().forEach(s -> select(s, f, false));
        } else if (select instanceof ParenthesedSelect parenthesed) {
            select(parenthesed.getSelect(), f, top, outer);
        }
        if (select.getWithItemsList() != null) {
            select.getWithItemsList().forEach(w -> {
                if (w.getSelect() != null) {
                    select(w.getSelect(), f, false);
                }
            });
        }
    }

    private void limits(PlainSelect plain, Facts f) {
        if (plain.getLimit() != null) {
            Expression rows = plain.getLimit().getRowCount();
            if (rows instanceof LongValue v) {
                f.limit = v.getValue();
            } else if (rows instanceof JdbcParameter p) {
                f.limitParam = p.getIndex() == null ? 0 : p.getIndex();
            }
            Expression off = plain.getLimit().getOffset();
            offset(off, f);
        }
        if (plain.getOffset() != null) {
            offset(plain.getOffset().getOffset(), f);
        }
    }

    private static void offset(Expression off, Facts f) {
        if (off instanceof LongValue v) {
            f.offset = v.getValue();
        } else if (off instanceof JdbcParameter p) {
            f.offsetParam = p.getIndex() == null ? 0 : p.getIndex();
        }
    }

    private void fromItem(FromItem item, QueryScope scope, Facts f) {
        if (item instanceof net.sf.jsqlparser.schema.Table table) {
            scope.add(table, f.tables);
        } else if (item instanceof ParenthesedSelect sub) {
            select(sub.getSelect(), f, false);
        } else if (item instanceof ParenthesedFromItem p) {
            fromItem(p.getFromItem(), scope, f);
            joins(p.getJoins(), scope, f);
        }
    }

    private void joins(List<Join> joins, QueryScope scope, Facts f) {
        if (joins == null) {
            return;
        }
        for (Join join : joins) {
            fromItem(join.getRightItem(), scope, f);
        }
        for (Join join : joins) {
            for (Expression on : join.getOnExpressions()) {
                where(on, scope, f);
                read(on, scope, f);
            }
            if (join.getUsingColumns() != null && join.getRightItem() instanceof net.sf.jsqlparser.schema.Table right) {
                String rightName = QueryScope.tableName(right);
                String leftName = scope.byAlias.values().stream().filter(t -> !t.equals(rightName)).findFirst().orElse(null);
                for (Column c : join.getUsingColumns()) {
                    String col = QueryScope.unquote(c.getColumnName());
                    f.joins.add(new JoinCondition(new ColumnRef(leftName, col), new ColumnRef(rightName, col)));
                }
            }
        }
    }

    private void where(Expression e, QueryScope scope, Facts f) {
        if (e == null) {
            return;
        }
        if (e instanceof AndExpression and) {
            where(and.getLeftExpression(), scope, f);
            where(and.getRightExpression(), scope, f);
        } else if (e instanceof OrExpression or) {
            where(or.getLeftExpression(), scope, f);
            where(or.getRightExpression(), scope, f);
        } else if (e instanceof Parenthesis p) {
            where(p.getExpression(), scope, f);
        } else if (e instanceof ExpressionList<?> list && list.size() == 1) {
            where(list.get(0), scope, f);
        } else if (e instanceof ExistsExpression exists) {
            // NOT EXISTS too: the anti-join probes the subquery's tables by its correlation
            subqueries(exists.getRightExpression(), scope, f);
        } else if (e instanceof NotExpression not) {
            // a negated condition cannot narrow an index scan, but a subquery under it still reads its tables
            subqueries(not.getExpression(), scope, f);
        } else if (e instanceof EqualsTo || e instanceof NotEqualsTo || e instanceof GreaterThan
                || e instanceof GreaterThanEquals || e instanceof MinorThan || e instanceof MinorThanEquals) {
            comparison((BinaryExpression) e, scope, f);
        } else if (e instanceof Between between) {
            columnPredicate(between.getLeftExpression(), Predicate.Operator.RANGE, between.getBetweenExpressionStart(), scope, f);
        } else if (e instanceof InExpression in) {
            if (in.getRightExpression() instanceof AndExpression misread) {
                // JSqlParser 5.3 reads "a IN (SELECT ...) AND b = c" as a IN ((SELECT ...) AND b = c): split it back
                List<Expression> rest = new ArrayList<>();
                Expression head = misread;
                while (head instanceof AndExpression and) {
                    rest.add(0, and.getRightExpression());
                    head = and.getLeftExpression();
                }
                where(new InExpression(in.getLeftExpression(), head).withNot(in.isNot()), scope, f);
                rest.forEach(r -> where(r, scope, f));
                return;
            }
            subqueries(in.getRightExpression(), scope, f);
            if (in.isNot()) {
                return;
            }
            columnPredicate(in.getLeftExpression(), Predicate.Operator.IN, firstOf(in.getRightExpression()), scope, f);
        } else if (e instanceof LikeExpression like) {
            if (!like.isNot()) {
                columnPredicate(like.getLeftExpression(), Predicate.Operator.LIKE, like.getRightExpression(), scope, f);
            }
        } else if (e instanceof IsNullExpression isNull) {
            columnPredicate(isNull.getLeftExpression(),
                    isNull.isNot() ? Predicate.Operator.IS_NOT_NULL : Predicate.Operator.IS_NULL, null, scope, f);
        }
    }

    /**
     * Records the columns an expression names, for covering indexes. Subqueries inside it are
     * left to {@link #select}, which reads them in their own scope.
     */
    private void read(Expression e, QueryScope scope, Facts f) {
        if (e == null) {
            return;
        }
        e.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(Column column, S context) {
                if (!ColumnInside.isLiteralWord(column)) {
                    f.columnsRead.add(scope.resolve(column));
                }
                return null;
            }

            @Override
            public <S> Void visit(ParenthesedSelect select, S context) {
                return null;
            }

            @Override
            public <S> Void visit(Select select, S context) {
                return null;
            }
        }, null);
    }

    /** Walks a subquery operand (EXISTS, IN, a scalar comparison) as a block nested in {@code scope}. */
    private void subqueries(Expression e, QueryScope scope, Facts f) {
        if (e instanceof Select sub) {
            select(sub, f, false, scope);
        } else if (e instanceof Parenthesis p) {
            subqueries(p.getExpression(), scope, f);
        } else if (e instanceof ExistsExpression exists) {
            subqueries(exists.getRightExpression(), scope, f);
        } else if (e instanceof InExpression in) {
            subqueries(in.getRightExpression(), scope, f);
        }
    }

    private void comparison(BinaryExpression b, QueryScope scope, Facts f) {
        Expression left = b.getLeftExpression();
        Expression right = b.getRightExpression();
        subqueries(left, scope, f);
        subqueries(right, scope, f);
        if (left instanceof Column l && right instanceof Column r) {
            ColumnRef a = scope.resolve(l);
            ColumnRef c = scope.resolve(r);
            if (b instanceof EqualsTo && (a.table() == null || !a.table().equals(c.table()))) {
                f.joins.add(new JoinCondition(a, c));
            }
            return;
        }
        if (!(ColumnInside.of(left) != null) && ColumnInside.of(right) != null) {
            Expression swap = left;
            left = right;
            right = swap;
        }
        Predicate.Operator op = b instanceof EqualsTo ? Predicate.Operator.EQUALS
                : b instanceof NotEqualsTo ? Predicate.Operator.NOT_EQUALS : Predicate.Operator.RANGE;
        if (op == Predicate.Operator.EQUALS && right instanceof AnyComparisonExpression) {
            op = Predicate.Operator.IN;
        }
        columnPredicate(left, op, right, scope, f);
    }

    private void columnPredicate(Expression side, Predicate.Operator op, Expression value, QueryScope scope, Facts f) {
        Column column = ColumnInside.of(side);
        if (column == null || (value != null && ColumnInside.of(value) != null && !(value instanceof Function))) {
            return;
        }
        String function = side instanceof Column ? null : side.toString().toLowerCase(Locale.ROOT);
        int parameter = 0;
        String constant = null;
        Expression v = value instanceof AnyComparisonExpression any ? null : value;
        if (v instanceof CastExpression cast) {
            v = cast.getLeftExpression();
        }
        if (v instanceof JdbcParameter p && p.getIndex() != null) {
            parameter = p.getIndex();
        } else if (v instanceof StringValue s) {
            constant = s.getValue();
        } else if (v instanceof LongValue || v instanceof DoubleValue || v instanceof SignedExpression) {
            constant = v.toString();
        }
        f.predicates.add(new Predicate(scope.resolve(column), op, function, parameter, constant));
    }

    private static Expression firstOf(Expression e) {
        if (e instanceof ExpressionList<?> list && !list.isEmpty()) {
            return list.get(0);
        }
        return e;
    }

    /** Exposed for rules that need to know whether a table from the facts exists in the catalog. */
    public java.util.Optional<Table> table(String name) {
        return catalog.table(name);
    }
}
