package dev.querylens.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.TimeKeyExpression;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;

/**
 * The columns of the table CREATE TABLE ... AS query (or SELECT ... INTO) makes, as PostgreSQL
 * names them (FigureColname: the alias, else the column's or function's name, else
 * {@code ?column?}) and types them where the query shows the type: a column of a table the
 * history created, a cast, a literal, count(*), now(). Other types are {@link #UNKNOWN}. Empty
 * when the names themselves cannot be told (a * over a subquery or a CTE, a query JSqlParser
 * cannot read): the table is then known without its columns.
 */
final class QueryColumns {
    static final String UNKNOWN = "unknown";
    private static final long PARSE_TIMEOUT_MS = 1_000;

    private final SchemaDraft schema;
    private final List<Source> sources = new ArrayList<>();

    /** A table in the query's FROM, by the name the query refers to it with (its alias, else its name). */
    private record Source(String reference, TableDraft table) {
    }

    private QueryColumns(SchemaDraft schema) {
        this.schema = schema;
    }

    static Optional<List<Column>> of(SchemaDraft schema, String query) {
        if (query.length() > 64 << 10) {
            return Optional.empty();
        }
        try {
            Statement st = CCJSqlParserUtil.parse(query, p -> p.withTimeOut(PARSE_TIMEOUT_MS));
            return st instanceof Select s ? new QueryColumns(schema).select(s) : Optional.empty();
        } catch (JSQLParserException | DdlException | RuntimeException | StackOverflowError e) {
            return Optional.empty();
        }
    }

    private Optional<List<Column>> select(Select s) throws DdlException {
        if (s instanceof ParenthesedSelect p) {
            return select(p.getSelect());
        }
        if (s instanceof SetOperationList u) {
            return select(u.getSelects().get(0)); // a UNION's columns are named by its first branch
        }
        if (!(s instanceof PlainSelect plain) || s.getWithItemsList() != null && !s.getWithItemsList().isEmpty()) {
            return Optional.empty();
        }
        if (plain.getFromItem() != null && !source(plain.getFromItem())) {
            return Optional.empty();
        }
        if (plain.getJoins() != null) {
            for (Join j : plain.getJoins()) {
                if (!source(j.getFromItem())) {
                    return Optional.empty();
                }
            }
        }
        List<Column> out = new ArrayList<>();
        for (SelectItem<?> item : plain.getSelectItems()) {
            Expression e = item.getExpression();
            if (e instanceof AllColumns && !(e instanceof AllTableColumns)) {
                sources.forEach(src -> src.table().columns.forEach(c -> out.add(nullable(c))));
            } else if (e instanceof AllTableColumns all) {
                Optional<Source> src = find(name(all.getTable().getFullyQualifiedName()));
                if (src.isEmpty()) {
                    return Optional.empty();
                }
                src.get().table().columns.forEach(c -> out.add(nullable(c)));
            } else {
                String name = item.getAlias() != null ? name(item.getAlias().getName()) : figureName(e);
                out.add(new Column(name, type(e), false));
            }
        }
        return Optional.of(out);
    }

    /** A FROM item that is a table the history created; false for anything else (a subquery, a function, a CTE). */
    private boolean source(FromItem item) throws DdlException {
        if (!(item instanceof net.sf.jsqlparser.schema.Table t)) {
            return false;
        }
        TableDraft table = schema.tables.get(schema.resolve(name(t.getFullyQualifiedName())));
        if (table == null) {
            return false;
        }
        sources.add(new Source(t.getAlias() != null ? name(t.getAlias().getName()) : table.name, table));
        return true;
    }

    private Optional<Source> find(String reference) {
        String bare = reference.contains(".") ? reference.substring(reference.lastIndexOf('.') + 1) : reference;
        return sources.stream().filter(s -> s.reference().equals(bare) || s.table().qualified.equals(reference)).findFirst();
    }

    /** CREATE TABLE AS copies names and types, never NOT NULL. */
    private static Column nullable(Column c) {
        return new Column(c.name(), c.type(), false);
    }

    /** PostgreSQL's FigureColname for the expressions a CREATE TABLE AS commonly selects. */
    private static String figureName(Expression e) {
        if (e instanceof net.sf.jsqlparser.schema.Column c) {
            return name(c.getColumnName());
        }
        if (e instanceof Function f) {
            String n = name(f.getName());
            return n.contains(".") ? n.substring(n.lastIndexOf('.') + 1) : n;
        }
        if (e instanceof CastExpression cast) {
            String inner = figureName(cast.getLeftExpression());
            return inner.equals("?column?") ? SqlText.lower(cast.getColDataType().getDataType()) : inner;
        }
        if (e instanceof CaseExpression) {
            return "case";
        }
        if (e instanceof TimeKeyExpression t) {
            return t.getStringValue().toLowerCase(Locale.ROOT);
        }
        return "?column?";
    }

    private String type(Expression e) {
        if (e instanceof net.sf.jsqlparser.schema.Column c) {
            String column = name(c.getColumnName());
            List<Source> in = c.getTable() == null || c.getTable().getName() == null ? sources
                    : find(name(c.getTable().getFullyQualifiedName())).stream().toList();
            return in.stream().flatMap(s -> s.table().columns.stream()).filter(col -> col.name().equals(column)).map(Column::type)
                    .findFirst().orElse(UNKNOWN);
        }
        if (e instanceof CastExpression cast) {
            return SqlText.foldCase(cast.getColDataType().toString()).replaceAll("\\s+", " ");
        }
        if (e instanceof LongValue l) {
            long v = l.getValue();
            return v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? "integer" : "bigint";
        }
        if (e instanceof DoubleValue) {
            return "numeric";
        }
        if (e instanceof StringValue || e instanceof NullValue) {
            return "text"; // an unknown-typed literal becomes text in a table (PostgreSQL 10+)
        }
        if (e instanceof TimeKeyExpression t) {
            String k = t.getStringValue().toLowerCase(Locale.ROOT);
            return k.equals("current_timestamp") ? "timestamp with time zone" : k.equals("current_date") ? "date" : UNKNOWN;
        }
        if (e instanceof Function f) {
            String n = name(f.getName());
            return switch (n) {
                case "count" -> "bigint";
                case "now" -> "timestamp with time zone";
                case "lower", "upper" -> "text";
                default -> UNKNOWN;
            };
        }
        return UNKNOWN;
    }

    /** A name as JSqlParser gives it, folded as PostgreSQL folds it: quoted parts keep their case. */
    private static String name(String written) {
        List<String> parts = new ArrayList<>();
        for (String p : written.split("\\.(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
            parts.add(p.startsWith("\"") && p.endsWith("\"") && p.length() > 1 ? p.substring(1, p.length() - 1).replace("\"\"", "\"")
                    : SqlText.lower(p));
        }
        return String.join(".", parts);
    }
}
